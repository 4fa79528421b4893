import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 25 item 6: the adviser's observations and recommendations on a batch or an alarm, open until
 * a technician marks them done, and the photos they carry (bytes in DATA_DIR/photos, rows here).
 */
export class Observations1797100000000 implements MigrationInterface {
  name = 'Observations1797100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "observations" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "kind" character varying(16) NOT NULL, "batch_id" uuid, "alarm_id" uuid, "text" character varying(2000) NOT NULL, "author_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "done_at" TIMESTAMP WITH TIME ZONE, "done_by_id" uuid, CONSTRAINT "PK_f9208d64f50a76030758087c0ef" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "observations_alarm_idx" ON "observations"  ("alarm_id") ');
    await queryRunner.query('CREATE INDEX "observations_batch_idx" ON "observations"  ("batch_id") ');
    await queryRunner.query(
      'CREATE TABLE "photos" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "observation_id" uuid, "content_type" character varying(16) NOT NULL, "bytes" integer NOT NULL, "uploaded_by_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_5220c45b8e32d49d767b9b3d725" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "photos_observation_idx" ON "photos"  ("observation_id") ');
    await queryRunner.query(
      'ALTER TABLE "observations" ADD CONSTRAINT "FK_2c7ebd2cfd26f5d911b1c1e72fc" FOREIGN KEY ("batch_id") REFERENCES "batches"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "observations" ADD CONSTRAINT "FK_921774c9eea628c538ea8a1e5fa" FOREIGN KEY ("alarm_id") REFERENCES "alarms"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "observations" ADD CONSTRAINT "FK_79a906067d010f2e9f8c1b3f0f3" FOREIGN KEY ("author_id") REFERENCES "users"("id") ON DELETE NO ACTION ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "observations" ADD CONSTRAINT "FK_8ea25251ed8d254483d70f20317" FOREIGN KEY ("done_by_id") REFERENCES "users"("id") ON DELETE NO ACTION ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "photos" ADD CONSTRAINT "FK_e004a62f55acd6027dbd12530b8" FOREIGN KEY ("observation_id") REFERENCES "observations"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "photos" ADD CONSTRAINT "FK_9b0854162727b896a7e6e2cab79" FOREIGN KEY ("uploaded_by_id") REFERENCES "users"("id") ON DELETE NO ACTION ON UPDATE NO ACTION',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "photos" DROP CONSTRAINT "FK_9b0854162727b896a7e6e2cab79"');
    await queryRunner.query('ALTER TABLE "photos" DROP CONSTRAINT "FK_e004a62f55acd6027dbd12530b8"');
    await queryRunner.query('ALTER TABLE "observations" DROP CONSTRAINT "FK_8ea25251ed8d254483d70f20317"');
    await queryRunner.query('ALTER TABLE "observations" DROP CONSTRAINT "FK_79a906067d010f2e9f8c1b3f0f3"');
    await queryRunner.query('ALTER TABLE "observations" DROP CONSTRAINT "FK_921774c9eea628c538ea8a1e5fa"');
    await queryRunner.query('ALTER TABLE "observations" DROP CONSTRAINT "FK_2c7ebd2cfd26f5d911b1c1e72fc"');
    await queryRunner.query('DROP INDEX "public"."photos_observation_idx"');
    await queryRunner.query('DROP TABLE "photos"');
    await queryRunner.query('DROP INDEX "public"."observations_batch_idx"');
    await queryRunner.query('DROP INDEX "public"."observations_alarm_idx"');
    await queryRunner.query('DROP TABLE "observations"');
  }
}
