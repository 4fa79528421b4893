import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 25 item 3: a bench names the substrate probe that measures it, so a batch's moisture is
 * judged on the probes in its own benches. Null (every bench so far) keeps the house-wide rule.
 */
export class BenchMoistureSensor1797050000000 implements MigrationInterface {
  name = 'BenchMoistureSensor1797050000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "benches" ADD "moisture_sensor" character varying(64)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "benches" DROP COLUMN "moisture_sensor"');
  }
}
