import {
  MAX_BACKLOG_SAMPLES,
  METRIC_BY_KEY,
  encodeMetricValue,
  parseDevicePayload,
  parseTopic,
  timestampToMs,
  type AckPayload,
  type DeviceAddress,
  type EventPayload,
  type MetaPayload,
  type ParsedTopic,
  type StatusPayload,
  type TelemetrySample,
} from '#contracts';
import type { DirectoryEntry } from '../devices/device-directory.js';

/**
 * The pure half of the ingest: one MQTT message in, what to write out. No I/O, no Nest.
 *
 * Partial validity (docs/mqtt.md): a message that parses keeps its valid values; each value or
 * sample that cannot be stored is dead-lettered with its reason (one dead letter per message and
 * reason, naming the offending keys). A message that does not parse at all (topic, size, JSON,
 * schema) is dead-lettered whole.
 */
export const DEAD_LETTER_REASONS = [
  'invalid_topic',
  'payload_too_large',
  'invalid_json',
  'invalid_payload',
  'too_many_samples',
  'unknown_metric',
  'wrong_type',
  'out_of_range',
  'not_finite',
  'invalid_timestamp',
  'too_far_ahead',
  'too_old',
  'unknown_device',
  'device_disabled',
] as const;
export type DeadLetterReason = (typeof DEAD_LETTER_REASONS)[number];

export interface ReadingRow {
  readonly deviceId: string;
  readonly metric: string;
  readonly ts: number;
  readonly value: number;
  readonly seq: number | null;
  readonly receivedAt: number;
}

export interface DeadLetterRow {
  readonly at: number;
  readonly topic: string;
  readonly reason: DeadLetterReason;
  readonly detail: string;
  readonly payload: string;
}

export interface PresenceChange {
  readonly deviceId: string;
  /** Receive time of telemetry or state; null for a status message only. */
  readonly seenAt: number | null;
  readonly status: (StatusPayload & { readonly at: number }) | null;
  /** Device clock minus api clock for a live (non-backlog) sample, ms. */
  readonly skewMs: number | null;
  /** A `meta` message, stored on the device as sent. */
  readonly meta: (MetaPayload & { readonly at: number }) | null;
}

export type DeviceMessageEvent =
  | {
      readonly kind: 'ack';
      readonly address: DeviceAddress;
      readonly ack: AckPayload;
      readonly receivedAt: number;
    }
  | {
      readonly kind: 'event';
      readonly address: DeviceAddress;
      readonly event: EventPayload;
      readonly receivedAt: number;
    };

export interface IngestPlan {
  readonly readings: ReadingRow[];
  readonly deadLetters: DeadLetterRow[];
  readonly pending: { site: string; zone: string; device: string; topic: string; at: number } | null;
  readonly presence: PresenceChange | null;
  readonly events: DeviceMessageEvent[];
  /** Address of the device the readings belong to (for the per-zone accepted event). */
  readonly address: DeviceAddress | null;
}

export interface IngestContext {
  readonly now: number;
  readonly retentionMs: number;
  lookup(site: string, zone: string, device: string): DirectoryEntry | undefined;
}

export const MAX_AHEAD_MS = 5 * 60_000;
export const SKEW_FLAG_MS = 60_000;
const EXCERPT_CHARS = 1000;

function excerpt(payload: Buffer): string {
  return payload
    .subarray(0, EXCERPT_CHARS * 2)
    .toString('utf8')
    .slice(0, EXCERPT_CHARS);
}

const empty = (): IngestPlan => ({
  readings: [],
  deadLetters: [],
  pending: null,
  presence: null,
  events: [],
  address: null,
});

export function planMessage(topic: string, payload: Buffer, context: IngestContext): IngestPlan {
  const plan = empty();
  const dead = (reason: DeadLetterReason, detail: string): IngestPlan => {
    plan.deadLetters.push({
      at: context.now,
      topic: topic.slice(0, 300),
      reason,
      detail: detail.slice(0, 500),
      payload: excerpt(payload),
    });
    return plan;
  };
  const parsed = parseTopic(topic);
  if (parsed === undefined || parsed.channel === 'cmd')
    return dead('invalid_topic', 'not a device topic of nursery/v1');
  const entry = context.lookup(parsed.site, parsed.zone, parsed.device);
  if (entry === undefined) {
    // Not stored as readings: a manager registers it from the pending list first.
    return {
      ...dead('unknown_device', `${parsed.site}/${parsed.zone}/${parsed.device} is not registered`),
      pending: { site: parsed.site, zone: parsed.zone, device: parsed.device, topic, at: context.now },
    };
  }
  if (!entry.enabled) return dead('device_disabled', `${entry.username} is disabled`);
  const address = { site: parsed.site, zone: parsed.zone, device: parsed.device };
  return planChannel(parsed, entry, payload, context, { ...plan, address }, dead);
}

function planChannel(
  parsed: ParsedTopic,
  entry: DirectoryEntry,
  payload: Buffer,
  context: IngestContext,
  plan: IngestPlan,
  dead: (reason: DeadLetterReason, detail: string) => IngestPlan,
): IngestPlan {
  switch (parsed.channel) {
    case 'tele':
    case 'state': {
      const result = parseDevicePayload(parsed.channel, payload);
      if (!result.ok) return dead(refineReason(result.reason, payload), result.detail);
      const samples: readonly TelemetrySample[] = Array.isArray(result.payload)
        ? (result.payload as readonly TelemetrySample[])
        : [result.payload as TelemetrySample];
      const problems = new Map<DeadLetterReason, string[]>();
      const problem = (reason: DeadLetterReason, what: string): void => {
        const list = problems.get(reason) ?? [];
        list.push(what);
        problems.set(reason, list);
      };
      let newest: number | undefined;
      for (const [index, sample] of samples.entries()) {
        const ts = timestampToMs(sample.ts);
        const where = samples.length > 1 ? `[${index}]` : '';
        if (ts === undefined) {
          problem('invalid_timestamp', `${where}ts=${String(sample.ts)}`);
          continue;
        }
        if (ts > context.now + MAX_AHEAD_MS) {
          problem('too_far_ahead', `${where}ts=${new Date(ts).toISOString()}`);
          continue;
        }
        if (ts < context.now - context.retentionMs) {
          problem('too_old', `${where}ts=${new Date(ts).toISOString()}`);
          continue;
        }
        newest = newest === undefined ? ts : Math.max(newest, ts);
        for (const [key, raw] of Object.entries(sample.values)) {
          const metric = METRIC_BY_KEY.get(key);
          if (metric === undefined) {
            problem('unknown_metric', `${where}${key}`);
            continue;
          }
          const encoded = encodeMetricValue(metric, raw);
          if (!encoded.ok) {
            problem(encoded.reason, `${where}${key}=${JSON.stringify(raw)}`);
            continue;
          }
          plan.readings.push({
            deviceId: entry.id,
            metric: key,
            ts,
            value: encoded.value,
            seq: sample.seq ?? null,
            receivedAt: context.now,
          });
        }
      }
      for (const [reason, what] of problems) {
        dead(
          reason,
          `${what.length} value(s): ${what.slice(0, 10).join(', ')}${what.length > 10 ? ', ...' : ''}`,
        );
      }
      const live = !Array.isArray(result.payload) && newest !== undefined;
      return {
        ...plan,
        presence: {
          deviceId: entry.id,
          seenAt: context.now,
          status: null,
          skewMs: live && newest !== undefined ? newest - context.now : null,
          meta: null,
        },
      };
    }
    case 'status': {
      const result = parseDevicePayload('status', payload);
      if (!result.ok) return dead(refineReason(result.reason, payload), result.detail);
      return {
        ...plan,
        presence: {
          deviceId: entry.id,
          seenAt: null,
          status: { ...result.payload, at: context.now },
          skewMs: null,
          meta: null,
        },
      };
    }
    case 'meta': {
      const result = parseDevicePayload('meta', payload);
      if (!result.ok) return dead(refineReason(result.reason, payload), result.detail);
      return {
        ...plan,
        presence: {
          deviceId: entry.id,
          seenAt: null,
          status: null,
          skewMs: null,
          meta: { ...result.payload, at: context.now },
        },
      };
    }
    case 'evt': {
      const result = parseDevicePayload('evt', payload);
      if (!result.ok) return dead(refineReason(result.reason, payload), result.detail);
      plan.events.push({
        kind: 'event',
        address: plan.address!,
        event: result.payload,
        receivedAt: context.now,
      });
      return plan;
    }
    case 'ack': {
      const result = parseDevicePayload('ack', payload);
      if (!result.ok) return dead(refineReason(result.reason, payload), result.detail);
      plan.events.push({ kind: 'ack', address: plan.address!, ack: result.payload, receivedAt: context.now });
      return plan;
    }
    case 'cmd':
      return dead('invalid_topic', 'commands are not ingested');
  }
}

/** Tells an over-long backlog from other schema failures (the failure path only). */
function refineReason(
  reason: 'payload_too_large' | 'invalid_json' | 'invalid_payload',
  payload: Buffer,
): DeadLetterReason {
  if (reason !== 'invalid_payload') return reason;
  try {
    const json: unknown = JSON.parse(payload.toString('utf8'));
    if (Array.isArray(json) && json.length > MAX_BACKLOG_SAMPLES) return 'too_many_samples';
    // JSON has no NaN or Infinity; 1e999 parses to Infinity, which the schema refuses.
    if (hasNonFinite(json)) return 'not_finite';
  } catch {
    // parseDevicePayload already parsed it
  }
  return reason;
}

function hasNonFinite(value: unknown): boolean {
  if (typeof value === 'number') return !Number.isFinite(value);
  if (Array.isArray(value)) return value.some(hasNonFinite);
  if (typeof value === 'object' && value !== null) return Object.values(value).some(hasNonFinite);
  return false;
}
