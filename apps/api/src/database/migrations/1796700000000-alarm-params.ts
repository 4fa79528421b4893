import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 16 item 2: an alarm stores its typed parameters (a cause, a device, a crop, value and
 * threshold), so its text is built in the reader's language from the code. Older rows keep null and
 * are read through `alarmParams` (value, threshold and the subject).
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
