import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Request ids of writes and their first answers (issue 18: writes that survive flaky Wi-Fi). */
export class RequestRecords1795930000000 implements MigrationInterface {
  name = 'RequestRecords1795930000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "request_records" ("user_id" uuid NOT NULL, "request_id" character varying(64) NOT NULL, "method" character varying(8) NOT NULL, "path" character varying(300) NOT NULL, "state" character varying(8) NOT NULL, "status_code" integer, "body" jsonb, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "completed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_a4da605b202b7791f9fe5b7f778" PRIMARY KEY ("user_id", "request_id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "request_records_created_idx" ON "request_records"  ("created_at") ',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."request_records_created_idx"');
    await queryRunner.query('DROP TABLE "request_records"');
  }
}
