/**
 * The MQTT topic tree: nursery/v1/{site}/{zone}/{device}/{channel}[/{name}] (docs/mqtt.md,
 * docs/domain.md §4.2). Every level is lowercase [a-z0-9-] so topics stay readable with
 * mosquitto_sub and safe in ACL patterns.
 */
export const TOPIC_ROOT = 'nursery/v1';

export const DEVICE_CHANNELS = ['tele', 'state', 'status', 'meta', 'evt', 'ack'] as const;
export type DeviceChannel = (typeof DEVICE_CHANNELS)[number];
export type Channel = DeviceChannel | 'cmd';

export const SEGMENT_PATTERN = /^[a-z0-9-]{1,64}$/;

export interface DeviceAddress {
  readonly site: string;
  readonly zone: string;
  readonly device: string;
}

export interface ParsedTopic extends DeviceAddress {
  readonly channel: Channel;
  /** The command name for `cmd/{name}`; the adapter name for `tele/{format}`. */
  readonly name: string | undefined;
}

export function deviceTopic(address: DeviceAddress, channel: DeviceChannel): string {
  return `${TOPIC_ROOT}/${address.site}/${address.zone}/${address.device}/${channel}`;
}

export function commandTopic(address: DeviceAddress, name: string): string {
  return `${TOPIC_ROOT}/${address.site}/${address.zone}/${address.device}/cmd/${name}`;
}

/** The prefix a device may publish under (and, with `/cmd/#`, read). */
export function devicePrefix(address: DeviceAddress): string {
  return `${TOPIC_ROOT}/${address.site}/${address.zone}/${address.device}`;
}

/** Returns undefined for anything that is not a well-formed topic of the tree. */
export function parseTopic(topic: string): ParsedTopic | undefined {
  const parts = topic.split('/');
  if (parts.length < 6 || parts.length > 7) return undefined;
  if (`${parts[0]}/${parts[1]}` !== TOPIC_ROOT) return undefined;
  const [, , site, zone, device, channel, name] = parts as [
    string,
    string,
    string,
    string,
    string,
    string,
    string?,
  ];
  if (![site, zone, device].every((segment) => SEGMENT_PATTERN.test(segment))) return undefined;
  if (name !== undefined && !SEGMENT_PATTERN.test(name)) return undefined;
  if (channel === 'cmd') {
    if (name === undefined) return undefined;
    return { site, zone, device, channel, name };
  }
  if (!(DEVICE_CHANNELS as readonly string[]).includes(channel)) return undefined;
  // Only tele carries a sub-topic (vendor adapters such as tele/senml); others are exact.
  if (name !== undefined && channel !== 'tele') return undefined;
  return { site, zone, device, channel: channel as DeviceChannel, name };
}

/** Subscriptions of the api's consumer. */
export const SERVER_SUBSCRIPTIONS = [
  `${TOPIC_ROOT}/+/+/+/tele`,
  `${TOPIC_ROOT}/+/+/+/tele/+`,
  `${TOPIC_ROOT}/+/+/+/state`,
  `${TOPIC_ROOT}/+/+/+/status`,
  `${TOPIC_ROOT}/+/+/+/meta`,
  `${TOPIC_ROOT}/+/+/+/evt`,
  `${TOPIC_ROOT}/+/+/+/ack`,
] as const;
