import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, QueryRunner } from 'typeorm';
import { TOPIC_ROOT } from '#contracts';
import type { DeadLetterRow, PresenceChange, ReadingRow } from './ingest.js';
import { type PendingSighting, writeDeadLetters, writePending, writePresence } from './batch-side-writes.js';
import {
  dropFoldedDay,
  dropPartitionsBefore,
  ensurePartitions,
  rawDays,
  readingPartitions,
} from './readings-partitions.js';
import { ReadingSeriesRepository } from './reading-series.repository.js';

export interface WriteBatch {
  readonly readings: readonly ReadingRow[];
  readonly deadLetters: readonly DeadLetterRow[];
  readonly pending: readonly PendingSighting[];
  readonly presence: readonly PresenceChange[];
}

export interface WriteOutcome {
  readonly inserted: number;
  readonly duplicates: number;
  readonly conflicts: number;
}

const UNNEST_INPUT = `
  SELECT u.series_id, to_timestamp(u.ts_ms / 1000.0) AS ts, u.value, u.seq, to_timestamp(u.received_ms / 1000.0) AS received_at
    FROM unnest($1::int[], $2::float8[], $3::float8[], $4::int8[], $5::float8[])
      AS u(series_id, ts_ms, value, seq, received_ms)`;

type InsertMode = 'plain' | 'skip-duplicates';

/** How long batches skip duplicates from the start after one hit a duplicate reading. */
const SKIP_DUPLICATES_FOR_MS = 10_000;

/** A unique violation on a readings partition's primary key (readings_p20261129_pkey). */
function isDuplicateReading(error: unknown): boolean {
  const { code, constraint } = error as { code?: unknown; constraint?: unknown };
  return code === '23505' && typeof constraint === 'string' && /^readings_p\d{8}_pkey$/.test(constraint);
}

/** Journal rows (ingest batches, up to INGEST_BATCH_ROWS samples each) one fold statement takes. */
const FOLD_MAX_BATCHES = 100;

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
 * Readings name their series by id (ReadingSeriesRepository), not by device and metric.
 */
function readingParams(rows: readonly ReadingRow[], seriesIds: Int32Array): string[] {
  const n = rows.length;
  const ts = new Array<number>(n);
  const values = new Array<number>(n);
  const seqs = new Array<number | null>(n);
  const received = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const row = rows[i];
    ts[i] = row.ts;
    values[i] = row.value;
    seqs[i] = row.seq;
    received[i] = row.receivedAt;
  }
  return [
    `{${seriesIds.join(',')}}`,
    numberArray(ts),
    numberArray(values),
    numberArray(seqs),
    numberArray(received),
  ];
}

/**
 * The hot write path and the telemetry tables TypeORM cannot describe. One transaction per batch:
 * readings (unnest insert, duplicates skipped) with a journal row of exactly the samples inserted,
 * conflicts recorded, dead letters, pending devices and presence. The rollups and latest values
 * follow from the journal in foldJournal, run a few times a second (TelemetryJobs). The rows
 * written beside the readings are batch-side-writes.ts; the daily partitions, readings-partitions.ts.
 */
@Injectable()
export class TelemetryRepository {
  /** performance.now() until which batches skip duplicates from the start (see writeBatch). */
  private skipDuplicatesUntil = 0;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly series: ReadingSeriesRepository,
  ) {}

  /**
   * A failed batch (PostgreSQL down, a lock timeout) rolls back whole; the writer retries it.
   * The series ids of its readings are looked up (and new series committed) first, outside it.
   *
   * Readings go in first as a plain INSERT, which costs PostgreSQL about a fifth less than
   * `ON CONFLICT DO NOTHING` (no speculative insertion). A batch holding a key that exists (a
   * redelivery, a replayed backlog, a sample repeated within the batch) fails on the primary key,
   * rolls back and is written again skipping duplicates; after that, batches skip duplicates from
   * the start for a while, so a device that keeps repeating itself costs one extra try per while.
   */
  async writeBatch(batch: WriteBatch): Promise<WriteOutcome> {
    const seriesIds = await this.series.idsFor(batch.readings);
    const optimistic = performance.now() >= this.skipDuplicatesUntil;
    try {
      return await this.writeBatchOnce(batch, seriesIds, optimistic ? 'plain' : 'skip-duplicates');
    } catch (error) {
      if (!optimistic || !isDuplicateReading(error)) throw error;
      this.skipDuplicatesUntil = performance.now() + SKIP_DUPLICATES_FOR_MS;
      return this.writeBatchOnce(batch, seriesIds, 'skip-duplicates');
    }
  }

  private async writeBatchOnce(
    batch: WriteBatch,
    seriesIds: Int32Array,
    mode: InsertMode,
  ): Promise<WriteOutcome> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      const outcome = await this.writeReadings(runner, batch.readings, seriesIds, mode);
      await writeDeadLetters(runner, batch.deadLetters);
      await writePending(runner, batch.pending);
      await writePresence(runner, batch.presence);
      await runner.commitTransaction();
      return outcome;
    } catch (error) {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      throw error;
    } finally {
      await runner.release();
    }
  }

  private async writeReadings(
    runner: QueryRunner,
    rows: readonly ReadingRow[],
    seriesIds: Int32Array,
    mode: InsertMode,
  ): Promise<WriteOutcome> {
    if (rows.length === 0) return { inserted: 0, duplicates: 0, conflicts: 0 };
    const params = readingParams(rows, seriesIds);
    let newestReceivedAt = 0;
    for (const row of rows) if (row.receivedAt > newestReceivedAt) newestReceivedAt = row.receivedAt;
    // One statement: the rows (in 'skip-duplicates' mode without the ones already stored) and one
    // journal row holding exactly the samples inserted, for foldJournal to add to the rollups and latest values. Upserting those here, per
    // batch, was most of the database's work per reading: nearly every batch holds a sample of
    // nearly every series, so each was rewritten per batch; folded, it is rewritten per fold.
    const [result] = (await runner.query(
      `WITH ins AS (
         INSERT INTO readings (series_id, ts, value, seq, received_at) ${UNNEST_INPUT}
         ${mode === 'skip-duplicates' ? 'ON CONFLICT DO NOTHING' : ''}
         RETURNING series_id, ts, value
       ), journal AS (
         INSERT INTO readings_journal (received_at, series_ids, ts, vals)
         SELECT to_timestamp($6 / 1000.0), array_agg(series_id), array_agg(ts), array_agg(value)
           FROM ins HAVING count(*) > 0
       )
       SELECT count(*)::int AS inserted FROM ins`,
      [...params, newestReceivedAt],
    )) as { inserted: number }[];
    const inserted = result?.inserted ?? 0;
    if (inserted === rows.length) return { inserted, duplicates: 0, conflicts: 0 };
    // Some keys existed: those with another value are conflicts (the first value stays), the rest
    // repeats. Rows inserted just now carry their own value, so they never match.
    const conflicts = (await runner.query(
      `INSERT INTO reading_conflicts (device_id, metric, ts, stored_value, received_value, received_at)
       SELECT s.device_id, s.metric, i.ts, r.value, i.value, i.received_at
         FROM (${UNNEST_INPUT}) i JOIN readings r USING (series_id, ts)
         JOIN reading_series s ON s.id = i.series_id
        WHERE r.value IS DISTINCT FROM i.value
       RETURNING 1`,
      params,
    )) as unknown[];
    return { inserted, conflicts: conflicts.length, duplicates: rows.length - inserted - conflicts.length };
  }

  /** Folds until the journal is empty (a burst, or the database was away, leaves a backlog). */
  async foldAll(): Promise<{ samples: number }> {
    let samples = 0;
    for (;;) {
      const fold = await this.foldJournal();
      samples += fold.samples;
      if (fold.batches < FOLD_MAX_BATCHES) return { samples };
    }
  }

  /**
   * Folds up to `maxBatches` journal rows into the 1-minute and 1-hour rollups (min, max, sum and
   * count add up exactly) and moves latest_readings forward, deleting those journal rows in the
   * same transaction: each inserted sample is counted once, whatever crashes when. The samples are
   * aggregated once, per series and minute (with the newest sample of each); the hour and the
   * latest value come from those groups. SKIP LOCKED lets two folds (two apis on one database) take
   * different rows; upserts go in key order so they cannot deadlock. `batches` equal to
   * `maxBatches` means more may wait.
   */
  async foldJournal(maxBatches = FOLD_MAX_BATCHES): Promise<{ batches: number; samples: number }> {
    const [result] = await this.dataSource.query<{ batches: number; samples: number }[]>(
      `WITH taken AS (
         DELETE FROM readings_journal WHERE id IN (
           SELECT id FROM readings_journal ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED)
         RETURNING received_at, series_ids, ts, vals
       ), by_series AS (
         -- The newest sample's value: the maximum of [epoch, value] pairs is the pair with the
         -- latest time (one sample per series and time, so times never tie).
         SELECT u.series_id, date_trunc('minute', u.ts, 'UTC') AS bucket,
                min(u.value) AS min, max(u.value) AS max, sum(u.value) AS sum, count(*)::int AS count,
                max(u.ts) AS last_ts, (max(ARRAY[date_part('epoch', u.ts), u.value]))[2] AS last_value,
                max(t.received_at) AS received_at
           FROM taken t, unnest(t.series_ids, t.ts, t.vals) AS u(series_id, ts, value)
          GROUP BY 1, 2
       ), g AS (
         SELECT s.device_id, s.metric, b.bucket, b.min, b.max, b.sum, b.count, b.last_ts, b.last_value, b.received_at
           FROM by_series b JOIN reading_series s ON s.id = b.series_id
       ), m AS (
         INSERT INTO readings_1m AS r (device_id, metric, bucket, min, max, sum, count)
         SELECT device_id, metric, bucket, min, max, sum, count FROM g ORDER BY 1, 2, 3
         ON CONFLICT (device_id, metric, bucket) DO UPDATE SET
           min = least(r.min, excluded.min), max = greatest(r.max, excluded.max),
           sum = r.sum + excluded.sum, count = r.count + excluded.count
       ), h AS (
         INSERT INTO readings_1h AS r (device_id, metric, bucket, min, max, sum, count)
         SELECT device_id, metric, date_trunc('hour', bucket, 'UTC'), min(min), max(max), sum(sum), sum(count)
           FROM g GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
         ON CONFLICT (device_id, metric, bucket) DO UPDATE SET
           min = least(r.min, excluded.min), max = greatest(r.max, excluded.max),
           sum = r.sum + excluded.sum, count = r.count + excluded.count
       ), l AS (
         INSERT INTO latest_readings AS l (device_id, metric, ts, value, received_at)
         SELECT DISTINCT ON (device_id, metric) device_id, metric, last_ts, last_value, received_at
           FROM g ORDER BY device_id, metric, last_ts DESC
         ON CONFLICT (device_id, metric) DO UPDATE SET
           ts = excluded.ts, value = excluded.value, received_at = excluded.received_at
           WHERE l.ts < excluded.ts
       )
       SELECT (SELECT count(*) FROM taken)::int AS batches, coalesce(sum(count), 0)::int AS samples FROM g`,
      [maxBatches],
    );
    return { batches: result?.batches ?? 0, samples: result?.samples ?? 0 };
  }

  /** Whether any reading has reached the rollups: a database that already holds telemetry. */
  async holdsReadings(): Promise<boolean> {
    const rows = await this.dataSource.query<unknown[]>('SELECT 1 FROM readings_1m LIMIT 1');
    return rows.length > 0;
  }

  /**
   * Writes one series' past (the demo history, demo-history.ts) straight into the raw readings and
   * both rollups in one statement: a row every minute from `fromMs` to `toMs`, each value the SQL
   * `expression` of the minute (`t`, its epoch seconds `e` and its hour of the nursery's day `h`).
   * Minutes already stored are skipped and only the rows inserted reach the rollups, so the sums
   * and counts stay exact. The partitions must exist (ensurePartitions). The expression is built
   * from numbers by demo-history.ts, never from input.
   */
  async writeModelledSeries(
    series: { readonly seriesId: number; readonly deviceId: string; readonly metric: string },
    expression: string,
    fromMs: number,
    toMs: number,
    timeZone: string,
    stepS = 60,
  ): Promise<number> {
    const [result] = await this.dataSource.query<{ inserted: number }[]>(
      `WITH g AS (
         SELECT t, extract(epoch FROM t)::float8 AS e,
                (extract(hour FROM t AT TIME ZONE $4::text) + extract(minute FROM t AT TIME ZONE $4::text) / 60.0)::float8 AS h
           FROM generate_series(to_timestamp($2::float8 / 1000.0), to_timestamp($3::float8 / 1000.0), make_interval(secs => $7)) AS t
       ), ins AS (
         INSERT INTO readings (series_id, ts, value, seq, received_at)
         SELECT $1::int, t, ${expression}, NULL, t FROM g
         ON CONFLICT DO NOTHING
         RETURNING ts, value
       ), m AS (
         INSERT INTO readings_1m AS r (device_id, metric, bucket, min, max, sum, count)
         SELECT $5::uuid, $6::text, date_trunc('minute', ts, 'UTC'), min(value), max(value), sum(value), count(*)::int
           FROM ins GROUP BY 3 ORDER BY 3
         ON CONFLICT (device_id, metric, bucket) DO UPDATE SET
           min = least(r.min, excluded.min), max = greatest(r.max, excluded.max),
           sum = r.sum + excluded.sum, count = r.count + excluded.count
       ), hr AS (
         INSERT INTO readings_1h AS r (device_id, metric, bucket, min, max, sum, count)
         SELECT $5::uuid, $6::text, date_trunc('hour', ts, 'UTC'), min(value), max(value), sum(value), count(*)::int
           FROM ins GROUP BY 3 ORDER BY 3
         ON CONFLICT (device_id, metric, bucket) DO UPDATE SET
           min = least(r.min, excluded.min), max = greatest(r.max, excluded.max),
           sum = r.sum + excluded.sum, count = r.count + excluded.count
       )
       SELECT count(*)::int AS inserted FROM ins`,
      [series.seriesId, fromMs, toMs, timeZone, series.deviceId, series.metric, stepS],
    );
    return result?.inserted ?? 0;
  }

  /** Creates the daily partitions covering [from, to] (UTC days); idempotent. */
  ensurePartitions(fromMs: number, toMs: number): Promise<string[]> {
    return ensurePartitions(this.dataSource, fromMs, toMs);
  }

  partitions(): Promise<string[]> {
    return readingPartitions(this.dataSource);
  }

  /** Drops the daily partitions wholly older than `beforeMs` (raw retention); rollups stay. */
  dropPartitionsBefore(beforeMs: number): Promise<string[]> {
    return dropPartitionsBefore(this.dataSource, beforeMs);
  }

  /** The daily raw-readings partitions with their size and whether they are folded (readings-partitions.ts). */
  rawDays(): Promise<{ name: string; day: string; folded: boolean; bytes: number }[]> {
    return rawDays(this.dataSource);
  }

  /** Drops one folded day of raw readings, holding ingest off while it checks (readings-partitions.ts). */
  dropFoldedDay(name: string): Promise<boolean> {
    return dropFoldedDay(this.dataSource, name);
  }

  async markOffline(deviceId: string, at: number): Promise<void> {
    await this.dataSource.query(
      `UPDATE devices SET presence = 'offline', last_status_at = to_timestamp($2 / 1000.0) WHERE id = $1`,
      [deviceId, at],
    );
  }

  /**
   * A registered device's newest dead letters of the last 30 days, by its topic prefix (a dead
   * letter keeps the topic it came on, not a device id); null for no such device.
   */
  async deadLettersOfDevice(
    id: string,
    limit: number,
    since: Date,
  ): Promise<{ id: string; at: Date; reason: string; detail: string }[] | null> {
    const [device] = await this.dataSource.query<{ site: string; zone_code: string; device: string }[]>(
      'SELECT site, zone_code, device FROM devices WHERE id = $1',
      [id],
    );
    if (!device) return null;
    const prefix = `${TOPIC_ROOT}/${device.site}/${device.zone_code}/${device.device}/`;
    return this.dataSource.query(
      `SELECT id::text, at, reason, detail FROM dead_letters
        WHERE at >= $3 AND left(topic, $2) = $1 ORDER BY at DESC, id DESC LIMIT $4`,
      [prefix, prefix.length, since, limit],
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
