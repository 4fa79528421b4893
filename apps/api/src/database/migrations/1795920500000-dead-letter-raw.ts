import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The raw bytes of a dead-lettered message (its first 4 KiB): the text columns hold a sanitised
 * excerpt (no NUL, valid UTF-8), this holds what the device really sent.
 */
export class DeadLetterRaw1795920500000 implements MigrationInterface {
  name = 'DeadLetterRaw1795920500000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "dead_letters" ADD "raw" bytea');
    await queryRunner.query(
      'ALTER TABLE "dead_letters" ADD CONSTRAINT "dead_letters_raw_size" CHECK (octet_length("raw") <= 4096)',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "dead_letters" DROP COLUMN "raw"');
  }
}
