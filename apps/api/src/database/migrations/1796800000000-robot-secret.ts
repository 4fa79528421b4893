import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 20 item 5: a DingTalk group robot set up with 加签 refuses unsigned posts, so a roster
 * entry keeps the robot's signing secret beside its URL; posts are signed when sent.
 */
export class RobotSecret1796800000000 implements MigrationInterface {
  name = 'RobotSecret1796800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "duty_roster" ADD "webhook_secret" character varying(200)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "duty_roster" DROP COLUMN "webhook_secret"');
  }
}
