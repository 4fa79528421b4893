import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 25 item 5: each batch's climate passport (气候档案), the figures stored per stage and place
 * when a stage closes and at delivery, and the revocable token of the buyer's link.
 */
export class ClimatePassports1797200000000 implements MigrationInterface {
  name = 'ClimatePassports1797200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "climate_passports" ("batch_id" uuid NOT NULL, "token" character varying(32), "pieces" jsonb NOT NULL DEFAULT \'[]\', "through" TIMESTAMP WITH TIME ZONE NOT NULL, "stored_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_879343fa396e88584bd82862e6a" PRIMARY KEY ("batch_id"))',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "climate_passports_token_key" ON "climate_passports"  ("token") ',
    );
    await queryRunner.query(
      'ALTER TABLE "climate_passports" ADD CONSTRAINT "FK_879343fa396e88584bd82862e6a" FOREIGN KEY ("batch_id") REFERENCES "batches"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE "climate_passports" DROP CONSTRAINT "FK_879343fa396e88584bd82862e6a"',
    );
    await queryRunner.query('DROP INDEX "public"."climate_passports_token_key"');
    await queryRunner.query('DROP TABLE "climate_passports"');
  }
}
