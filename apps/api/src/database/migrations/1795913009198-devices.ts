import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Devices1795913009198 implements MigrationInterface {
  name = 'Devices1795913009198';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "devices" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "site" character varying(32) NOT NULL, "zone_id" uuid NOT NULL, "zone_code" character varying(64) NOT NULL, "device" character varying(64) NOT NULL, "kind" character varying(16) NOT NULL, "metrics" jsonb NOT NULL DEFAULT \'[]\', "interval_s" integer NOT NULL, "enabled" boolean NOT NULL DEFAULT true, "username" character varying(200) NOT NULL, "password_hash" character varying(255) NOT NULL, "presence" character varying(16) NOT NULL DEFAULT \'unknown\', "last_seen_at" TIMESTAMP WITH TIME ZONE, "last_status" jsonb, "last_status_at" TIMESTAMP WITH TIME ZONE, "clock_skew_ms" integer, "clock_skew_flagged" boolean NOT NULL DEFAULT false, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_b1514758245c12daf43486dd1f0" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE UNIQUE INDEX "devices_username_key" ON "devices"  ("username") ');
    await queryRunner.query(
      'CREATE UNIQUE INDEX "devices_address_key" ON "devices"  ("site", "zone_code", "device") ',
    );
    await queryRunner.query(
      'CREATE TABLE "pending_devices" ("site" character varying(32) NOT NULL, "zone" character varying(64) NOT NULL, "device" character varying(64) NOT NULL, "first_seen_at" TIMESTAMP WITH TIME ZONE NOT NULL, "last_seen_at" TIMESTAMP WITH TIME ZONE NOT NULL, "messages" integer NOT NULL DEFAULT \'0\', "last_topic" character varying(300) NOT NULL, CONSTRAINT "PK_4888005c675952aee527c50f736" PRIMARY KEY ("site", "zone", "device"))',
    );
    await queryRunner.query(
      'ALTER TABLE "devices" ADD CONSTRAINT "FK_ac1913e94e4175208eb5d21b9a1" FOREIGN KEY ("zone_id") REFERENCES "zones"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "devices" DROP CONSTRAINT "FK_ac1913e94e4175208eb5d21b9a1"');
    await queryRunner.query('DROP TABLE "pending_devices"');
    await queryRunner.query('DROP INDEX "public"."devices_address_key"');
    await queryRunner.query('DROP INDEX "public"."devices_username_key"');
    await queryRunner.query('DROP TABLE "devices"');
  }
}
