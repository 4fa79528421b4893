import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Foundation1795912884282 implements MigrationInterface {
  name = 'Foundation1795912884282';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "audit_log" ("id" BIGSERIAL NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL, "actor_kind" character varying(16) NOT NULL, "actor_user_id" uuid, "actor_name" character varying(100) NOT NULL, "action" character varying(64) NOT NULL, "entity_type" character varying(32) NOT NULL, "entity_id" character varying(64), "details" jsonb, CONSTRAINT "PK_07fefa57f7f5ab8fc3f52b3ed0b" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "audit_log_entity_idx" ON "audit_log"  ("entity_type", "entity_id") ',
    );
    await queryRunner.query('CREATE INDEX "audit_log_at_idx" ON "audit_log"  ("at") ');
    await queryRunner.query(
      'CREATE TABLE "login_failures" ("id" BIGSERIAL NOT NULL, "phone" character varying(20) NOT NULL, "address" character varying(64) NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_8211e8ec810fd7f976b98ce97a0" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "login_failures_address_at_idx" ON "login_failures"  ("address", "at") ',
    );
    await queryRunner.query(
      'CREATE INDEX "login_failures_phone_at_idx" ON "login_failures"  ("phone", "at") ',
    );
    await queryRunner.query(
      'CREATE TABLE "refresh_tokens" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "token_hash" character varying(64) NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "revoked_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_a7838d2ba25be1342091b6695f1" UNIQUE ("token_hash"), CONSTRAINT "PK_7d8bee0204106019488c4c50ffa" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "refresh_tokens_user_id_idx" ON "refresh_tokens"  ("user_id") ');
    await queryRunner.query(
      'CREATE TABLE "settings" ("key" character varying(100) NOT NULL, "value" jsonb NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_c8639b7626fa94ba8265628f214" PRIMARY KEY ("key"))',
    );
    await queryRunner.query(
      'CREATE TABLE "users" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "phone" character varying(20) NOT NULL, "name" character varying(100) NOT NULL, "role" character varying(16) NOT NULL, "village" character varying(100), "password_hash" character varying(255) NOT NULL, "disabled" boolean NOT NULL DEFAULT false, "locale" character varying(8) NOT NULL DEFAULT \'zh-CN\', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_a000cca60bcf04454e727699490" UNIQUE ("phone"), CONSTRAINT "PK_a3ffb1c0c8416b9fc6f907b7433" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE TABLE "zones" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "site" character varying(32) NOT NULL, "code" character varying(64) NOT NULL, "kind" character varying(16) NOT NULL, "name" character varying(100) NOT NULL, "name_en" character varying(100), "has_heating" boolean NOT NULL DEFAULT false, "has_boom_irrigation" boolean NOT NULL DEFAULT false, "has_bench_heat" boolean NOT NULL DEFAULT false, "sort_order" integer NOT NULL DEFAULT \'0\', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_880484a43ca311707b05895bd4a" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE UNIQUE INDEX "zones_site_code_key" ON "zones"  ("site", "code") ');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."zones_site_code_key"');
    await queryRunner.query('DROP TABLE "zones"');
    await queryRunner.query('DROP TABLE "users"');
    await queryRunner.query('DROP TABLE "settings"');
    await queryRunner.query('DROP INDEX "public"."refresh_tokens_user_id_idx"');
    await queryRunner.query('DROP TABLE "refresh_tokens"');
    await queryRunner.query('DROP INDEX "public"."login_failures_phone_at_idx"');
    await queryRunner.query('DROP INDEX "public"."login_failures_address_at_idx"');
    await queryRunner.query('DROP TABLE "login_failures"');
    await queryRunner.query('DROP INDEX "public"."audit_log_at_idx"');
    await queryRunner.query('DROP INDEX "public"."audit_log_entity_idx"');
    await queryRunner.query('DROP TABLE "audit_log"');
  }
}
