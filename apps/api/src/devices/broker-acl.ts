import { TOPIC_ROOT, parseTopic } from '#contracts';
import type { DirectoryEntry } from './device-directory.js';

/** Who is on the other end of an MQTT connection. */
export type BrokerAccount =
  | { readonly kind: 'api'; readonly username: string }
  | { readonly kind: 'device'; readonly entry: DirectoryEntry };

/**
 * The ACL, one definition for the embedded broker's hooks and the Mosquitto acl_file
 * (mosquitto-files.ts): a device publishes only under its own prefix (never `cmd/`) and reads only
 * its own `cmd/#`; a gateway does the same for every device of its zone; the api may do anything
 * under nursery/v1.
 */
export function mayPublish(account: BrokerAccount, topic: string): boolean {
  if (account.kind === 'api') return topic.startsWith(`${TOPIC_ROOT}/`);
  const entry = account.entry;
  if (!entry.enabled) return false;
  const parsed = parseTopic(topic);
  if (parsed === undefined || parsed.channel === 'cmd') return false;
  if (parsed.site !== entry.site || parsed.zone !== entry.zone) return false;
  return entry.kind === 'gateway' || parsed.device === entry.device;
}

export function maySubscribe(account: BrokerAccount, filter: string): boolean {
  if (account.kind === 'api') return filter.startsWith(`${TOPIC_ROOT}/`);
  const entry = account.entry;
  if (!entry.enabled) return false;
  const own = `${TOPIC_ROOT}/${entry.site}/${entry.zone}/${entry.device}/cmd/`;
  if (filter.startsWith(own) && !filter.slice(own.length).includes('+')) return true;
  if (entry.kind !== 'gateway') return false;
  // A gateway reads the commands of every device in its zone: nursery/v1/site/zone/<dev|+>/cmd/...
  const parts = filter.split('/');
  return (
    parts.length >= 7 &&
    `${parts[0]}/${parts[1]}` === TOPIC_ROOT &&
    parts[2] === entry.site &&
    parts[3] === entry.zone &&
    parts[5] === 'cmd' &&
    !parts[4]?.includes('#')
  );
}

/** Mosquitto password file lines (`user:$7$...`). */
export function mosquittoPasswordFile(
  accounts: readonly { readonly username: string; readonly passwordHash: string }[],
): string {
  return accounts.map((account) => `${account.username}:${account.passwordHash}\n`).join('');
}

/** The channels a device (or a gateway, for each device of its zone) publishes on. */
const PUBLISHED_CHANNELS = ['tele', 'tele/+', 'state', 'status', 'meta', 'evt', 'ack'] as const;

/**
 * A device's rights as topic filters, for a broker that keeps its own ACL (Mosquitto's acl_file
 * and its dynamic security plugin): the same rules as mayPublish / maySubscribe.
 */
export function deviceTopicGrants(device: DirectoryEntry): { publish: string[]; subscribe: string[] } {
  const zone = `${TOPIC_ROOT}/${device.site}/${device.zone}`;
  const own = device.kind === 'gateway' ? `${zone}/+` : `${zone}/${device.device}`;
  return {
    publish: PUBLISHED_CHANNELS.map((channel) => `${own}/${channel}`),
    subscribe: [`${own}/cmd/#`],
  };
}

/** The api's rights: everything under the topic root. */
export const API_TOPIC_GRANT = `${TOPIC_ROOT}/#`;

/** Mosquitto acl_file: the same rules as mayPublish / maySubscribe. */
export function mosquittoAclFile(apiUsername: string, devices: readonly DirectoryEntry[]): string {
  const lines = [
    '# Written by `npm run mosquitto:auth` from the device registry. Do not edit: rerun it.',
    `user ${apiUsername}`,
    `topic readwrite ${API_TOPIC_GRANT}`,
    '',
  ];
  for (const device of devices) {
    if (!device.enabled) continue;
    const grants = deviceTopicGrants(device);
    lines.push(`user ${device.username}`);
    for (const topic of grants.publish) lines.push(`topic write ${topic}`);
    for (const topic of grants.subscribe) lines.push(`topic read ${topic}`);
    lines.push('');
  }
  return lines.join('\n');
}
