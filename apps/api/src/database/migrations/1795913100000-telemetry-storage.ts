import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The telemetry store, in SQL because TypeORM cannot describe partitioned tables (no entities:
 * migration:check ignores these tables).
 * - readings: raw values, range-partitioned by day on device time; partitions are created ahead by
 *   the telemetry jobs (and on demand for late data within retention) and dropped by retention.
 *   There is deliberately no default partition: data older than retention is refused at ingest.
 * - readings_1m / readings_1h: rollups kept with sum and count so averages stay exact when late
 *   data arrives; kept beyond raw retention.
 * - latest_readings: the newest value per device and metric; only moves forward in time.
 */
export class TelemetryStorage1795913100000 implements MigrationInterface {
  name = 'TelemetryStorage1795913100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE readings (
        device_id uuid NOT NULL,
        metric varchar(32) NOT NULL,
        ts timestamptz NOT NULL,
        value double precision NOT NULL,
        seq bigint,
        received_at timestamptz NOT NULL,
        CONSTRAINT readings_pkey PRIMARY KEY (device_id, metric, ts)
      ) PARTITION BY RANGE (ts)`);
    for (const step of ['1m', '1h']) {
      await queryRunner.query(`
        CREATE TABLE readings_${step} (
          device_id uuid NOT NULL,
          metric varchar(32) NOT NULL,
          bucket timestamptz NOT NULL,
          min double precision NOT NULL,
          max double precision NOT NULL,
          sum double precision NOT NULL,
          count integer NOT NULL,
          CONSTRAINT readings_${step}_pkey PRIMARY KEY (device_id, metric, bucket)
        )`);
    }
    await queryRunner.query(`
      CREATE TABLE latest_readings (
        device_id uuid NOT NULL,
        metric varchar(32) NOT NULL,
        ts timestamptz NOT NULL,
        value double precision NOT NULL,
        received_at timestamptz NOT NULL,
        CONSTRAINT latest_readings_pkey PRIMARY KEY (device_id, metric)
      )`);
    await queryRunner.query(`
      CREATE TABLE reading_conflicts (
        id bigserial PRIMARY KEY,
        device_id uuid NOT NULL,
        metric varchar(32) NOT NULL,
        ts timestamptz NOT NULL,
        stored_value double precision NOT NULL,
        received_value double precision NOT NULL,
        received_at timestamptz NOT NULL
      )`);
    await queryRunner.query(
      'CREATE INDEX reading_conflicts_received_at_idx ON reading_conflicts (received_at)',
    );
    await queryRunner.query(`
      CREATE TABLE dead_letters (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL,
        topic varchar(300) NOT NULL,
        reason varchar(32) NOT NULL,
        detail varchar(500) NOT NULL,
        payload varchar(1000) NOT NULL
      )`);
    await queryRunner.query('CREATE INDEX dead_letters_at_idx ON dead_letters (at)');
    await queryRunner.query('CREATE INDEX dead_letters_reason_at_idx ON dead_letters (reason, at)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      'dead_letters',
      'reading_conflicts',
      'latest_readings',
      'readings_1h',
      'readings_1m',
      'readings',
    ]) {
      await queryRunner.query(`DROP TABLE IF EXISTS ${table}`);
    }
  }
}
