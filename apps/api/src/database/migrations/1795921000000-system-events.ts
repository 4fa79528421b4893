import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Faults of the system itself (database down, unclean restarts, disk, backups): see
 * docs/operations.md. The id is the writer's, so a fault copied from the fault file twice is one row.
 */
export class SystemEvents1795921000000 implements MigrationInterface {
  name = 'SystemEvents1795921000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "system_events" ("id" uuid NOT NULL, "kind" character varying(48) NOT NULL, "started_at" TIMESTAMP WITH TIME ZONE NOT NULL, "ended_at" TIMESTAMP WITH TIME ZONE, "cause" character varying(500) NOT NULL, "details" jsonb, CONSTRAINT "PK_f28cae54c57b2887d94a4aa745e" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "system_events_open_idx" ON "system_events"  ("kind") WHERE ended_at IS NULL',
    );
    await queryRunner.query(
      'CREATE INDEX "system_events_started_at_idx" ON "system_events"  ("started_at") ',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."system_events_started_at_idx"');
    await queryRunner.query('DROP INDEX "public"."system_events_open_idx"');
    await queryRunner.query('DROP TABLE "system_events"');
  }
}
