import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 20 item 1: a one-time password (a new account's, or a reset's) is changed at first login.
 * Existing accounts keep the passwords they have.
 */
export class MustChangePassword1796600000000 implements MigrationInterface {
  name = 'MustChangePassword1796600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "users" ADD "must_change_password" boolean NOT NULL DEFAULT false');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "users" DROP COLUMN "must_change_password"');
  }
}
