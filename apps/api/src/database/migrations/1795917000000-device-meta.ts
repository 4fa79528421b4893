import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A device's last `meta` message (model, fw, metrics), stored by the ingest. */
export class DeviceMeta1795917000000 implements MigrationInterface {
  name = 'DeviceMeta1795917000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "devices" ADD "meta" jsonb');
    await queryRunner.query('ALTER TABLE "devices" ADD "meta_at" TIMESTAMP WITH TIME ZONE');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "devices" DROP COLUMN "meta_at"');
    await queryRunner.query('ALTER TABLE "devices" DROP COLUMN "meta"');
  }
}
