import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 21 item 4: benches as records of their house (name, bench-top area, the boom that serves
 * them, position), so a move, an irrigation pass or a sensor can name one. A house's bench count
 * stays as it was; nothing is invented for the benches a manager has not entered.
 */
export class Benches1797000000000 implements MigrationInterface {
  name = 'Benches1797000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "benches" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "zone_id" uuid NOT NULL, "name" character varying(32) NOT NULL, "area_m2" double precision, "boom" character varying(64), "position" integer NOT NULL DEFAULT \'0\', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_07a0f286246388bb7a6f0754350" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE UNIQUE INDEX "benches_zone_name_key" ON "benches" ("zone_id", "name")');
    await queryRunner.query(
      'ALTER TABLE "benches" ADD CONSTRAINT "FK_c8ec4951cdf8249750997e2a131" FOREIGN KEY ("zone_id") REFERENCES "zones"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE "benches"');
  }
}
