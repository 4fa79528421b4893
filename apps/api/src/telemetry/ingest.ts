import {
  DEAD_LETTER_REASONS,
  MAX_BACKLOG_SAMPLES,
  METRIC_BY_KEY,
  encodeMetricValue,
  parseDevicePayload,
  parseTopic,
  timestampToMs,
  type AckPayload,
  type DeadLetterReason,
  type DeviceAddress,
  type EventPayload,
  type MetaPayload,
  type ParsedTopic,
  type StatusPayload,
  type TelemetrySample,
} from '#contracts';
import type { DirectoryEntry } from '../devices/device-directory.js';
import { DEAD_LETTER_LIMITS, deadLetterText, payloadExcerpt, rawExcerpt } from './dead-letter-text.js';

/**
 * The pure half of the ingest: one MQTT message in, what to write out. No I/O, no Nest.
 *
 * Partial validity (docs/mqtt.md): a message that parses keeps its valid values; each value or
 * sample that cannot be stored is dead-lettered with its reason (one dead letter per message and
 * reason, naming the offending keys). A message that does not parse at all (topic, size, JSON,
 * schema) is dead-lettered whole.
 */
// The reason codes are the contract's (libs/contracts codes/dead-letter-reasons.ts): the device
// panel shows them in plain words.
export { DEAD_LETTER_REASONS, type DeadLetterReason };

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
  /** A sanitised excerpt (dead-letter-text.ts); `raw` holds the bytes as sent. */
  readonly payload: string;
  readonly raw: Buffer;
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
      readonly deviceId: string;
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
  /** The message as received: what the writer dead-letters if PostgreSQL refuses the plan. */
  readonly source: { readonly topic: string; readonly payload: Buffer };
}

export interface IngestContext {
  readonly now: number;
  readonly retentionMs: number;
  lookup(site: string, zone: string, device: string): DirectoryEntry | undefined;
}

export const MAX_AHEAD_MS = 5 * 60_000;
export const SKEW_FLAG_MS = 60_000;
const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

const empty = (topic: string, payload: Buffer): IngestPlan => ({
  readings: [],
  deadLetters: [],
  pending: null,
  presence: null,
  events: [],
  address: null,
  source: { topic, payload },
});

/** One dead letter, every text field through the sanitiser (dead-letter-text.ts). */
export function deadLetterRow(
  at: number,
  topic: string,
  payload: Buffer,
  reason: DeadLetterReason,
  detail: string,
): DeadLetterRow {
  return {
    at,
    topic: deadLetterText(topic, DEAD_LETTER_LIMITS.topic),
    reason,
    detail: deadLetterText(detail, DEAD_LETTER_LIMITS.detail),
    payload: payloadExcerpt(payload),
    raw: rawExcerpt(payload),
  };
}

/** A plan that only dead-letters the message (also for a message planning itself failed on). */
export function deadLetterPlan(
  topic: string,
  payload: Buffer,
  at: number,
  reason: DeadLetterReason,
  detail: string,
): IngestPlan {
  const plan = empty(topic, payload);
  plan.deadLetters.push(deadLetterRow(at, topic, payload, reason, detail));
  return plan;
}

export function planMessage(topic: string, received: Buffer, context: IngestContext): IngestPlan {
  const plan = empty(topic, received);
  const dead = (reason: DeadLetterReason, detail: string): IngestPlan => {
    plan.deadLetters.push(deadLetterRow(context.now, topic, received, reason, detail));
    return plan;
  };
  // A UTF-8 byte-order mark is stripped (docs/mqtt.md): Windows tools and some gateway firmwares
  // write one before otherwise valid JSON, and it carries no meaning in UTF-8.
  const payload = received.subarray(0, 3).equals(UTF8_BOM) ? received.subarray(3) : received;
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
          problem('too_far_ahead', `${where}ts=${timeText(ts)}`);
          continue;
        }
        if (ts < context.now - context.retentionMs) {
          problem('too_old', `${where}ts=${timeText(ts)}`);
          continue;
        }
        newest = newest === undefined ? ts : Math.max(newest, ts);
        let keys = 0;
        for (const [key, raw] of Object.entries(sample.values)) {
          keys += 1;
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
        // A sample without values stores nothing; it still shows the device alive (docs/mqtt.md).
        if (keys === 0) problem('no_values', `${where}ts=${timeText(ts)}`);
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
        deviceId: entry.id,
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

/**
 * A device time for a dead letter's detail: ISO 8601, or the number itself beyond the range a Date
 * can hold (±8.64e15 ms), where toISOString() throws (found by the property test: ts 1e300).
 */
function timeText(ts: number): string {
  return Math.abs(ts) <= 8.64e15 ? new Date(ts).toISOString() : String(ts);
}
