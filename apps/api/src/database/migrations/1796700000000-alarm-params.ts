import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 23 item 4: an alarm keeps the parameters its catalogue text needs (libs/contracts
 * alarm-codes.ts), so the `disk-low` alarm can say what the disk watch shed. Rows from before keep
 * null and fall back to value, threshold and subject (`alarmParams`).
 */
export class AlarmParams1796700000000 implements MigrationInterface {
  name = 'AlarmParams1796700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "alarms" ADD "params" jsonb');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "alarms" DROP COLUMN "params"');
  }
}
