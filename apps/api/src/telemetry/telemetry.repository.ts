import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, QueryRunner } from 'typeorm';
import type { DeadLetterRow, PresenceChange, ReadingRow } from './ingest.js';

export interface WriteBatch {
  readonly readings: readonly ReadingRow[];
  readonly deadLetters: readonly DeadLetterRow[];
  readonly pending: readonly {
    site: string;
    zone: string;
    device: string;
    topic: string;
    at: number;
    count: number;
  }[];
  readonly presence: readonly PresenceChange[];
}

export interface WriteOutcome {
  readonly inserted: number;
  readonly duplicates: number;
  readonly conflicts: number;
}

const DAY_MS = 86_400_000;

/** `readings_p20261129` for the UTC day holding `ms`. */
export function partitionName(ms: number): string {
  return `readings_p${new Date(ms).toISOString().slice(0, 10).replaceAll('-', '')}`;
}

const UNNEST_INPUT = `
  SELECT u.device_id, u.metric, to_timestamp(u.ts_ms / 1000.0) AS ts, u.value, u.seq, to_timestamp(u.received_ms / 1000.0) AS received_at
    FROM unnest($1::uuid[], $2::text[], $3::float8[], $4::float8[], $5::int8[], $6::float8[])
      AS u(device_id, metric, ts_ms, value, seq, received_ms)`;

/** Any constant key shared by every caller of rollUpHours. */
const HOURLY_ROLLUP_LOCK = 7_406_120_001;

const PLAIN = /^[A-Za-z0-9_.:-]+$/;

/** A PostgreSQL array literal of strings; quoting only what needs it (uuids and metric keys don't). */
function textArray(values: readonly string[]): string {
  let out = '{';
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (i > 0) out += ',';
    out +=
      PLAIN.test(value) && value.toUpperCase() !== 'NULL' ? value : `"${value.replace(/["\\]/g, '\\$&')}"`;
  }
  return out + '}';
}

/** A PostgreSQL array literal of numbers (finite: the ingest refuses the rest) or NULLs. */
function numberArray(values: readonly (number | null)[]): string {
  let out = '{';
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (i > 0) out += ',';
    out += value === null || !Number.isFinite(value) ? 'NULL' : String(value);
  }
  return out + '}';
}

/**
 * The unnest parameters of a batch as array literals built in one pass each: pg's generic array
 * serialisation (escapeElement per element) was the largest pg item in the ingest's CPU profile.
 */
function readingParams(rows: readonly ReadingRow[]): string[] {
  const n = rows.length;
  const ids = new Array<string>(n);
  const metrics = new Array<string>(n);
  const ts = new Array<number>(n);
  const values = new Array<number>(n);
  const seqs = new Array<number | null>(n);
  const received = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const row = rows[i];
    ids[i] = row.deviceId;
    metrics[i] = row.metric;
    ts[i] = row.ts;
    values[i] = row.value;
    seqs[i] = row.seq;
    received[i] = row.receivedAt;
  }
  return [
    textArray(ids),
    textArray(metrics),
    numberArray(ts),
    numberArray(values),
    numberArray(seqs),
    numberArray(received),
  ];
}

/**
 * The hot write path and the telemetry tables TypeORM cannot describe. One transaction per batch:
 * readings (unnest insert, duplicates skipped), the 1-minute rollup and latest values upserted from
 * exactly the rows inserted (one upsert per series and minute of the batch), the hours to roll up
 * queued, conflicts recorded, dead letters, pending devices and presence. The 1-hour rollup follows
 * from the 1-minute one in rollUpHours, run every few seconds (TelemetryJobs).
 */
@Injectable()
export class TelemetryRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Concurrent batches upsert rollup and latest rows in key order (ORDER BY), so they lock them in
   * the same order; a deadlock that still happens rolls the batch back and the writer retries it.
   */
  async writeBatch(batch: WriteBatch): Promise<WriteOutcome> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      const outcome = await this.writeReadings(runner, batch.readings);
      await this.writeDeadLetters(runner, batch.deadLetters);
      await this.writePending(runner, batch.pending);
      await this.writePresence(runner, batch.presence);
      await runner.commitTransaction();
      return outcome;
    } catch (error) {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      throw error;
    } finally {
      await runner.release();
    }
  }

  private async writeReadings(runner: QueryRunner, rows: readonly ReadingRow[]): Promise<WriteOutcome> {
    if (rows.length === 0) return { inserted: 0, duplicates: 0, conflicts: 0 };
    const params = readingParams(rows);
    // One statement: the rows (duplicates skipped), the 1-minute rollup aggregated per series and
    // minute over the batch, the newest sample per series for latest_readings, and for the 1-hour
    // rollup only a queue entry per hour naming the series it touched (rollUpHours does the rest).
    const [result] = (await runner.query(
      `WITH ins AS (
         INSERT INTO readings (device_id, metric, ts, value, seq, received_at) ${UNNEST_INPUT}
         ON CONFLICT DO NOTHING
         RETURNING device_id, metric, ts, value, received_at
       ), m AS (
         INSERT INTO readings_1m AS r (device_id, metric, bucket, min, max, sum, count)
         SELECT device_id, metric, date_trunc('minute', ts, 'UTC'), min(value), max(value), sum(value), count(*)
           FROM ins GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
         ON CONFLICT (device_id, metric, bucket) DO UPDATE SET
           min = least(r.min, excluded.min), max = greatest(r.max, excluded.max),
           sum = r.sum + excluded.sum, count = r.count + excluded.count
       ), h AS (
         INSERT INTO readings_1h_pending (bucket, device_ids, metrics)
         SELECT hour, array_agg(device_id), array_agg(metric)
           FROM (SELECT DISTINCT date_trunc('hour', ts, 'UTC') AS hour, device_id, metric FROM ins) s
          GROUP BY hour
       ), l AS (
         INSERT INTO latest_readings AS l (device_id, metric, ts, value, received_at)
         SELECT DISTINCT ON (device_id, metric) device_id, metric, ts, value, received_at
           FROM ins ORDER BY device_id, metric, ts DESC
         ON CONFLICT (device_id, metric) DO UPDATE SET
           ts = excluded.ts, value = excluded.value, received_at = excluded.received_at
           WHERE l.ts < excluded.ts
       )
       SELECT count(*)::int AS inserted FROM ins`,
      params,
    )) as { inserted: number }[];
    const inserted = result?.inserted ?? 0;
    if (inserted === rows.length) return { inserted, duplicates: 0, conflicts: 0 };
    // Some keys existed: those with another value are conflicts (the first value stays), the rest
    // repeats. Rows inserted just now carry their own value, so they never match.
    const conflicts = (await runner.query(
      `INSERT INTO reading_conflicts (device_id, metric, ts, stored_value, received_value, received_at)
       SELECT i.device_id, i.metric, i.ts, r.value, i.value, i.received_at
         FROM (${UNNEST_INPUT}) i JOIN readings r USING (device_id, metric, ts)
        WHERE r.value IS DISTINCT FROM i.value
       RETURNING 1`,
      params,
    )) as unknown[];
    return { inserted, conflicts: conflicts.length, duplicates: rows.length - inserted - conflicts.length };
  }

  /**
   * Brings the 1-hour rollup up to date: takes the queued (hour, series) entries and recomputes
   * those hours whole from the 1-minute rollup (so late data and repeats need no special case).
   * One statement: it deletes exactly the queue rows its snapshot sees, whose batches' 1-minute
   * rows the same snapshot sees; a batch committing meanwhile leaves its entry for the next call.
   * The advisory lock keeps two callers from writing the same hours from different snapshots.
   * Returns the number of hourly rows written.
   */
  async rollUpHours(): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock($1)', [HOURLY_ROLLUP_LOCK]);
      const rows = await manager.query<unknown[]>(
        `WITH done AS (
           DELETE FROM readings_1h_pending RETURNING bucket, device_ids, metrics
         ), dirty AS (
           SELECT DISTINCT done.bucket, s.device_id, s.metric
             FROM done, unnest(done.device_ids, done.metrics) AS s(device_id, metric)
         )
         INSERT INTO readings_1h AS r (device_id, metric, bucket, min, max, sum, count)
         SELECT d.device_id, d.metric, d.bucket, min(m.min), max(m.max), sum(m.sum), sum(m.count)
           FROM dirty d JOIN readings_1m m
             ON m.device_id = d.device_id AND m.metric = d.metric
            AND m.bucket >= d.bucket AND m.bucket < d.bucket + interval '1 hour'
          GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
         ON CONFLICT (device_id, metric, bucket) DO UPDATE SET
           min = excluded.min, max = excluded.max, sum = excluded.sum, count = excluded.count
         RETURNING 1`,
      );
      return rows.length;
    });
  }

  private async writeDeadLetters(runner: QueryRunner, rows: readonly DeadLetterRow[]): Promise<void> {
    if (rows.length === 0) return;
    await runner.query(
      `INSERT INTO dead_letters (at, topic, reason, detail, payload)
       SELECT to_timestamp(at_ms / 1000.0), topic, reason, detail, payload
         FROM unnest($1::float8[], $2::text[], $3::text[], $4::text[], $5::text[]) AS u(at_ms, topic, reason, detail, payload)`,
      [
        rows.map((r) => r.at),
        rows.map((r) => r.topic),
        rows.map((r) => r.reason),
        rows.map((r) => r.detail),
        rows.map((r) => r.payload.replaceAll('\u0000', '')),
      ],
    );
  }

  private async writePending(runner: QueryRunner, rows: WriteBatch['pending']): Promise<void> {
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

  private async writePresence(runner: QueryRunner, rows: readonly PresenceChange[]): Promise<void> {
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
        rows.map((r) => (r.status ? JSON.stringify(r.status) : null)),
        rows.map((r) => r.status?.at ?? null),
        rows.map((r) => (r.skewMs === null ? null : Math.max(-2e9, Math.min(2e9, Math.round(r.skewMs))))),
        rows.map((r) => {
          if (r.meta === null) return null;
          const { at: _at, ...meta } = r.meta;
          // jsonb refuses \u0000; a batch that fails on it would be retried forever.
          return JSON.stringify(meta).replace(/(?<!\\)((?:\\\\)*)\\u0000/g, '$1');
        }),
        rows.map((r) => r.meta?.at ?? null),
      ],
    );
  }

  /** Creates the daily partitions covering [from, to] (UTC days); idempotent. */
  async ensurePartitions(fromMs: number, toMs: number): Promise<string[]> {
    const created: string[] = [];
    const existing = new Set(await this.partitions());
    for (let day = Math.floor(fromMs / DAY_MS) * DAY_MS; day <= toMs; day += DAY_MS) {
      const name = partitionName(day);
      if (existing.has(name)) continue;
      await this.dataSource.query(
        `CREATE TABLE IF NOT EXISTS ${name} PARTITION OF readings
           FOR VALUES FROM ('${new Date(day).toISOString()}') TO ('${new Date(day + DAY_MS).toISOString()}')`,
      );
      created.push(name);
    }
    return created;
  }

  async partitions(): Promise<string[]> {
    const rows = await this.dataSource.query<{ name: string }[]>(
      `SELECT c.relname AS name FROM pg_inherits i
         JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent
        WHERE p.relname = 'readings' ORDER BY 1`,
    );
    return rows.map((row) => row.name);
  }

  /** Drops the daily partitions wholly older than `beforeMs` (raw retention); rollups stay. */
  async dropPartitionsBefore(beforeMs: number): Promise<string[]> {
    const limit = partitionName(Math.floor(beforeMs / DAY_MS) * DAY_MS);
    const dropped: string[] = [];
    for (const name of await this.partitions()) {
      if (/^readings_p\d{8}$/.test(name) && name < limit) {
        await this.dataSource.query(`DROP TABLE ${name}`);
        dropped.push(name);
      }
    }
    return dropped;
  }

  async markOffline(deviceId: string, at: number): Promise<void> {
    await this.dataSource.query(
      `UPDATE devices SET presence = 'offline', last_status_at = to_timestamp($2 / 1000.0) WHERE id = $1`,
      [deviceId, at],
    );
  }

  deadLetters(limit: number, reason?: string): Promise<unknown[]> {
    return this.dataSource.query(
      `SELECT id, at, topic, reason, detail, payload FROM dead_letters
        WHERE ($2::text IS NULL OR reason = $2) ORDER BY id DESC LIMIT $1`,
      [limit, reason ?? null],
    );
  }
}
