import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 20 item 4: a cost may name the batch it was spent on (seed, substrate, trays of one sowing);
 * deleting the batch keeps the cost. The `water` category needs no change (the column is free text).
 */
export class CostBatch1796548676575 implements MigrationInterface {
  name = 'CostBatch1796548676575';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "costs" ADD "batch_id" uuid');
    await queryRunner.query(
      'ALTER TABLE "costs" ADD CONSTRAINT "FK_26246eaca40601e26f69bfe3b09" FOREIGN KEY ("batch_id") REFERENCES "batches"("id") ON DELETE SET NULL ON UPDATE NO ACTION',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "costs" DROP CONSTRAINT "FK_26246eaca40601e26f69bfe3b09"');
    await queryRunner.query('ALTER TABLE "costs" DROP COLUMN "batch_id"');
  }
}
