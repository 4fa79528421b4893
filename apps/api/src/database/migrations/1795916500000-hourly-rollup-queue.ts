import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The 1-hour rollup is no longer upserted per reading in the ingest transaction: each batch queues
 * the (device, metric) series it changed per hour here, and a short timer recomputes those hours
 * from the 1-minute rollup (TelemetryRepository.rollUpHours). The queue rows are written in the
 * batch's own transaction, so a crash never loses a pending hour. No entity: SQL only.
 */
export class HourlyRollupQueue1795916500000 implements MigrationInterface {
  name = 'HourlyRollupQueue1795916500000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE readings_1h_pending (
        id bigserial NOT NULL,
        bucket timestamptz NOT NULL,
        device_ids uuid[] NOT NULL,
        metrics text[] NOT NULL,
        CONSTRAINT readings_1h_pending_pkey PRIMARY KEY (id)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE readings_1h_pending');
  }
}
