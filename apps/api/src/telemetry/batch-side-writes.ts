// What a batch writes beside its readings, inside the same transaction: dead letters, devices
// not registered yet (pending), and the presence, status and meta of the devices that spoke.
import type { QueryRunner } from 'typeorm';
import type { DeadLetterRow, PresenceChange } from './ingest.js';

/** A device not registered yet, seen in a batch: `count` messages, the last at `at` on `topic`. */
export interface PendingSighting {
  site: string;
  zone: string;
  device: string;
  topic: string;
  at: number;
  count: number;
}

/**
 * JSON for a jsonb column. jsonb refuses `\u0000` and lone surrogates (22P05), which a device may
 * send inside a string; JSON.stringify writes exactly those as escapes (a valid pair goes out as
 * the character itself), so they are dropped or replaced here and a status or meta message cannot
 * fail its batch.
 */
export function jsonbText(value: unknown): string {
  return JSON.stringify(value).replace(
    /(?<!\\)((?:\\\\)*)\\u(0000|d[89a-f][0-9a-f]{2})/gi,
    (_match, lead: string, code: string) => lead + (code === '0000' ? '' : '\\ufffd'),
  );
}

export async function writeDeadLetters(runner: QueryRunner, rows: readonly DeadLetterRow[]): Promise<void> {
  if (rows.length === 0) return;
  // The text fields come sanitised from planMessage (dead-letter-text.ts): no NUL, valid UTF-8,
  // within the columns' lengths, so a dead letter cannot fail the batch it travels in.
  await runner.query(
    `INSERT INTO dead_letters (at, topic, reason, detail, payload, raw)
     SELECT to_timestamp(at_ms / 1000.0), topic, reason, detail, payload, raw
       FROM unnest($1::float8[], $2::text[], $3::text[], $4::text[], $5::text[], $6::bytea[])
         AS u(at_ms, topic, reason, detail, payload, raw)`,
    [
      rows.map((r) => r.at),
      rows.map((r) => r.topic),
      rows.map((r) => r.reason),
      rows.map((r) => r.detail),
      rows.map((r) => r.payload),
      rows.map((r) => r.raw),
    ],
  );
}

export async function writePending(runner: QueryRunner, rows: readonly PendingSighting[]): Promise<void> {
  if (rows.length === 0) return;
  await runner.query(
    `INSERT INTO pending_devices AS p (site, zone, device, first_seen_at, last_seen_at, messages, last_topic)
     SELECT site, zone, device, to_timestamp(at_ms / 1000.0), to_timestamp(at_ms / 1000.0), n, topic
       FROM unnest($1::text[], $2::text[], $3::text[], $4::float8[], $5::int[], $6::text[]) AS u(site, zone, device, at_ms, n, topic)
     ON CONFLICT (site, zone, device) DO UPDATE SET
       last_seen_at = greatest(p.last_seen_at, excluded.last_seen_at),
       messages = p.messages + excluded.messages, last_topic = excluded.last_topic`,
    [
      rows.map((r) => r.site),
      rows.map((r) => r.zone),
      rows.map((r) => r.device),
      rows.map((r) => r.at),
      rows.map((r) => r.count),
      rows.map((r) => r.topic.slice(0, 300)),
    ],
  );
}

export async function writePresence(runner: QueryRunner, rows: readonly PresenceChange[]): Promise<void> {
  if (rows.length === 0) return;
  await runner.query(
    `UPDATE devices d SET
       last_seen_at = CASE WHEN u.seen_ms IS NULL THEN d.last_seen_at
                           ELSE greatest(d.last_seen_at, to_timestamp(u.seen_ms / 1000.0)) END,
       presence = CASE WHEN u.online IS NOT NULL THEN (CASE WHEN u.online THEN 'online' ELSE 'offline' END)
                       WHEN u.seen_ms IS NOT NULL THEN 'online' ELSE d.presence END,
       last_status = coalesce(u.status, d.last_status),
       last_status_at = coalesce(to_timestamp(u.status_ms / 1000.0), d.last_status_at),
       clock_skew_ms = coalesce(u.skew, d.clock_skew_ms),
       clock_skew_flagged = CASE WHEN u.skew IS NULL THEN d.clock_skew_flagged ELSE abs(u.skew) > 60000 END,
       meta = coalesce(u.meta, d.meta),
       meta_at = coalesce(to_timestamp(u.meta_ms / 1000.0), d.meta_at)
     FROM unnest($1::uuid[], $2::float8[], $3::bool[], $4::jsonb[], $5::float8[], $6::int[], $7::jsonb[], $8::float8[])
       AS u(id, seen_ms, online, status, status_ms, skew, meta, meta_ms)
     WHERE d.id = u.id`,
    [
      rows.map((r) => r.deviceId),
      rows.map((r) => r.seenAt),
      rows.map((r) => r.status?.online ?? null),
      rows.map((r) => (r.status ? jsonbText(r.status) : null)),
      rows.map((r) => r.status?.at ?? null),
      rows.map((r) => (r.skewMs === null ? null : Math.max(-2e9, Math.min(2e9, Math.round(r.skewMs))))),
      rows.map((r) => {
        if (r.meta === null) return null;
        const { at: _at, ...meta } = r.meta;
        return jsonbText(meta);
      }),
      rows.map((r) => r.meta?.at ?? null),
    ],
  );
}
