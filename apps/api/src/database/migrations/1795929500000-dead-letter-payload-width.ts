import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Room for the last-resort dead letter of a message PostgreSQL refuses even as a sanitised dead
 * letter: its payload column holds the base64 of the message's first 1 KiB (1,368 characters).
 * Widening a varchar is a catalogue change in PostgreSQL, no table rewrite.
 */
export class DeadLetterPayloadWidth1795929500000 implements MigrationInterface {
  name = 'DeadLetterPayloadWidth1795929500000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "dead_letters" ALTER COLUMN "payload" TYPE varchar(1400)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE "dead_letters" ALTER COLUMN "payload" TYPE varchar(1000) USING left("payload", 1000)',
    );
  }
}
