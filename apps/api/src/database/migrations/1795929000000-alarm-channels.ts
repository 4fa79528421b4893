import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Notifications on more than one channel (a group robot, the modem's SMS and calls), a morning
 * message that belongs to no alarm, and the per-alarm code a roster phone replies to acknowledge.
 */
export class AlarmChannels1795929000000 implements MigrationInterface {
  name = 'AlarmChannels1795929000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "alarm_notifications" ADD "channel" character varying(16) NOT NULL DEFAULT 'robot'`,
    );
    await queryRunner.query(`ALTER TABLE "alarm_notifications" ALTER COLUMN "alarm_id" DROP NOT NULL`);
    await queryRunner.query(`ALTER TABLE "alarms" ADD "ack_code" character varying(8)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "alarms" DROP COLUMN "ack_code"`);
    await queryRunner.query(`DELETE FROM "alarm_notifications" WHERE "alarm_id" IS NULL`);
    await queryRunner.query(`ALTER TABLE "alarm_notifications" ALTER COLUMN "alarm_id" SET NOT NULL`);
    await queryRunner.query(`ALTER TABLE "alarm_notifications" DROP COLUMN "channel"`);
  }
}
