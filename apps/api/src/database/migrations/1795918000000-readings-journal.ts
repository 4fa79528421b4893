import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The rollups and latest values leave the ingest transaction. Each ingest batch now writes its raw
 * rows plus one journal row holding, as arrays, exactly the samples it inserted (duplicates
 * skipped); a fold a few times a second (TelemetryRepository.foldJournal) takes journal rows,
 * adds them to readings_1m and readings_1h and moves latest_readings forward, and deletes them in
 * the same transaction. So every inserted sample reaches the rollups exactly once, a crash leaves
 * its journal row for the next fold, and a series is upserted once per fold instead of once per
 * batch (the upserts were most of the database's work per reading).
 *
 * The 1-hour queue it replaces is drained here first: its hours are recomputed from the 1-minute
 * rollup one last time. SQL only (no entity); the statements are frozen here on purpose.
 */
export class ReadingsJournal1795918000000 implements MigrationInterface {
  name = 'ReadingsJournal1795918000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE readings_journal (
        id bigserial NOT NULL,
        received_at timestamptz NOT NULL,
        device_ids uuid[] NOT NULL,
        metrics text[] NOT NULL,
        ts timestamptz[] NOT NULL,
        vals float8[] NOT NULL,
        CONSTRAINT readings_journal_pkey PRIMARY KEY (id)
      )`);
    // The arrays are read once and deleted: compressing them would only cost CPU on the hot path.
    for (const column of ['device_ids', 'metrics', 'ts', 'vals']) {
      await queryRunner.query(`ALTER TABLE readings_journal ALTER COLUMN ${column} SET STORAGE EXTERNAL`);
    }
    await queryRunner.query(`
      WITH done AS (
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
       GROUP BY 1, 2, 3
      ON CONFLICT (device_id, metric, bucket) DO UPDATE SET
        min = excluded.min, max = excluded.max, sum = excluded.sum, count = excluded.count`);
    await queryRunner.query('DROP TABLE readings_1h_pending');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    // Fold what the journal still holds, so the rollups lose nothing on the way back.
    await queryRunner.query(`
      WITH taken AS (
        DELETE FROM readings_journal RETURNING received_at, device_ids, metrics, ts, vals
      ), s AS (
        SELECT t.received_at, u.device_id, u.metric, u.ts, u.value
          FROM taken t, unnest(t.device_ids, t.metrics, t.ts, t.vals) AS u(device_id, metric, ts, value)
      ), m AS (
        INSERT INTO readings_1m AS r (device_id, metric, bucket, min, max, sum, count)
        SELECT device_id, metric, date_trunc('minute', ts, 'UTC'), min(value), max(value), sum(value), count(*)
          FROM s GROUP BY 1, 2, 3
        ON CONFLICT (device_id, metric, bucket) DO UPDATE SET
          min = least(r.min, excluded.min), max = greatest(r.max, excluded.max),
          sum = r.sum + excluded.sum, count = r.count + excluded.count
      ), h AS (
        INSERT INTO readings_1h AS r (device_id, metric, bucket, min, max, sum, count)
        SELECT device_id, metric, date_trunc('hour', ts, 'UTC'), min(value), max(value), sum(value), count(*)
          FROM s GROUP BY 1, 2, 3
        ON CONFLICT (device_id, metric, bucket) DO UPDATE SET
          min = least(r.min, excluded.min), max = greatest(r.max, excluded.max),
          sum = r.sum + excluded.sum, count = r.count + excluded.count
      )
      INSERT INTO latest_readings AS l (device_id, metric, ts, value, received_at)
      SELECT DISTINCT ON (device_id, metric) device_id, metric, ts, value, received_at
        FROM s ORDER BY device_id, metric, ts DESC
      ON CONFLICT (device_id, metric) DO UPDATE SET
        ts = excluded.ts, value = excluded.value, received_at = excluded.received_at
        WHERE l.ts < excluded.ts`);
    await queryRunner.query('DROP TABLE readings_journal');
    await queryRunner.query(`
      CREATE TABLE readings_1h_pending (
        id bigserial NOT NULL,
        bucket timestamptz NOT NULL,
        device_ids uuid[] NOT NULL,
        metrics text[] NOT NULL,
        CONSTRAINT readings_1h_pending_pkey PRIMARY KEY (id)
      )`);
  }
}
