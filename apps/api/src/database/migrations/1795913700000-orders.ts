import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Orders1795913700000 implements MigrationInterface {
  name = 'Orders1795913700000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "batches" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "code" character varying(16) NOT NULL, "crop" character varying(32) NOT NULL, "cultivar" character varying(100), "cells" integer NOT NULL, "grafted" boolean NOT NULL DEFAULT false, "rootstock_batch_id" uuid, "seed_owner" character varying(64) NOT NULL DEFAULT \'nursery\', "seed_lot" character varying(100), "zone" character varying(64) NOT NULL, "benches" character varying(200), "trays" integer NOT NULL, "cells_sown" integer NOT NULL, "refill_trays" integer NOT NULL DEFAULT \'0\', "sow_date" date NOT NULL, "stage" character varying(16) NOT NULL, "emerged" integer, "refilled" integer NOT NULL DEFAULT \'0\', "culled" integer NOT NULL DEFAULT \'0\', "saleable" integer, "walk_in_sold" integer NOT NULL DEFAULT \'0\', "emerge_pct" real NOT NULL, "saleable_pct" real NOT NULL, "ready_from" date NOT NULL, "ready_until" date NOT NULL, "note" character varying(500), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_4c9f441d3c72ff374f73dfbd845" UNIQUE ("code"), CONSTRAINT "PK_55e7ff646e969b61d37eea5be7a" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "batches_crop_idx" ON "batches"  ("crop", "stage") ');
    await queryRunner.query(
      'CREATE TABLE "batch_events" ("id" BIGSERIAL NOT NULL, "batch_id" uuid NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL, "kind" character varying(16) NOT NULL, "details" jsonb NOT NULL, "by_name" character varying(100) NOT NULL, CONSTRAINT "PK_43754047a56220bd40ed3e8a658" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "batch_events_batch_idx" ON "batch_events"  ("batch_id", "at") ');
    await queryRunner.query(
      'CREATE TABLE "buyers" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" character varying(100) NOT NULL, "village" character varying(100) NOT NULL, "phone" character varying(20), "kind" character varying(20) NOT NULL, "user_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_00d0563e17355f153e8a05fbc20" UNIQUE ("user_id"), CONSTRAINT "PK_aff372821d05bac04a18ff8eb87" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE TABLE "crop_overrides" ("key" character varying(32) NOT NULL, "overrides" jsonb NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_e8a04004ec93493aa70edf81cd6" PRIMARY KEY ("key"))',
    );
    await queryRunner.query(
      'CREATE TABLE "allocations" ("line_id" uuid NOT NULL, "batch_id" uuid NOT NULL, "quantity" integer NOT NULL, "date" date NOT NULL, CONSTRAINT "PK_d4df6d4db1874249547ac3f545e" PRIMARY KEY ("line_id", "batch_id"))',
    );
    await queryRunner.query('CREATE INDEX "allocations_batch_idx" ON "allocations"  ("batch_id") ');
    await queryRunner.query(
      'CREATE TABLE "deliveries" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "order_id" uuid, "batch_id" uuid, "date" date NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL, "items" jsonb NOT NULL, "quantity" integer NOT NULL, "amount_fen" integer NOT NULL, "returned_trays" integer NOT NULL DEFAULT \'0\', "buyer_name" character varying(100), "village" character varying(100), "note" character varying(200), "by_name" character varying(100) NOT NULL, CONSTRAINT "PK_a6ef225c5c5f0974e503bfb731f" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "deliveries_date_idx" ON "deliveries"  ("date") ');
    await queryRunner.query('CREATE INDEX "deliveries_order_idx" ON "deliveries"  ("order_id") ');
    await queryRunner.query(
      'CREATE TABLE "orders" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "number" SERIAL NOT NULL, "buyer_id" uuid NOT NULL, "placed_at" TIMESTAMP WITH TIME ZONE NOT NULL, "placed_by_user_id" uuid NOT NULL, "placed_by_name" character varying(100) NOT NULL, "status" character varying(16) NOT NULL, "deposit_fen" integer NOT NULL, "deposit_due" date NOT NULL, "paid_fen" integer NOT NULL DEFAULT \'0\', "deposit_warned_at" TIMESTAMP WITH TIME ZONE, "note" character varying(500), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_4e174e347d448617acdf98fef0d" UNIQUE ("number"), CONSTRAINT "PK_710e2d4957aa5878dfe94e4ac2f" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "orders_buyer_idx" ON "orders"  ("buyer_id", "placed_at") ');
    await queryRunner.query(
      'CREATE TABLE "order_lines" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "order_id" uuid NOT NULL, "position" integer NOT NULL, "crop" character varying(32) NOT NULL, "cultivar" character varying(100), "cells" integer, "grafted" boolean NOT NULL DEFAULT false, "seed_owner" character varying(64) NOT NULL DEFAULT \'nursery\', "quantity" integer NOT NULL, "wanted_from" date NOT NULL, "wanted_until" date NOT NULL, "price_fen" integer NOT NULL, "status" character varying(20) NOT NULL, "confirmed_date" date, "earliest_date" date, "missing" integer NOT NULL DEFAULT \'0\', "alternative" jsonb, "delivered" integer NOT NULL DEFAULT \'0\', "households" jsonb NOT NULL DEFAULT \'[]\', CONSTRAINT "PK_627dcd7f1d707de4df241b2da6b" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "order_lines_status_idx" ON "order_lines"  ("status") ');
    await queryRunner.query(
      'CREATE INDEX "order_lines_order_idx" ON "order_lines"  ("order_id", "position") ',
    );
    await queryRunner.query(
      'CREATE TABLE "payments" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "order_id" uuid NOT NULL, "amount_fen" integer NOT NULL, "date" date NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL, "method" character varying(20) NOT NULL DEFAULT \'cash\', "note" character varying(200), "by_name" character varying(100) NOT NULL, CONSTRAINT "PK_197ab7af18c93fbb0c9b28b4a59" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "payments_order_idx" ON "payments"  ("order_id") ');
    await queryRunner.query(
      'CREATE TABLE "costs" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "date" date NOT NULL, "category" character varying(16) NOT NULL, "amount_fen" integer NOT NULL, "note" character varying(200), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_05cc8aa05396a72553cdff6d5be" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "costs_date_idx" ON "costs"  ("date") ');
    await queryRunner.query('ALTER TABLE "zones" ADD "bench_area_m2" double precision');
    await queryRunner.query('ALTER TABLE "zones" ADD "trays_per_m2" double precision');
    await queryRunner.query('ALTER TABLE "zones" ADD "benches" integer');
    await queryRunner.query('ALTER TABLE "zones" ADD "tray_capacity" integer');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "zones" DROP COLUMN "tray_capacity"');
    await queryRunner.query('ALTER TABLE "zones" DROP COLUMN "benches"');
    await queryRunner.query('ALTER TABLE "zones" DROP COLUMN "trays_per_m2"');
    await queryRunner.query('ALTER TABLE "zones" DROP COLUMN "bench_area_m2"');
    await queryRunner.query('DROP INDEX "public"."costs_date_idx"');
    await queryRunner.query('DROP TABLE "costs"');
    await queryRunner.query('DROP INDEX "public"."payments_order_idx"');
    await queryRunner.query('DROP TABLE "payments"');
    await queryRunner.query('DROP INDEX "public"."order_lines_order_idx"');
    await queryRunner.query('DROP INDEX "public"."order_lines_status_idx"');
    await queryRunner.query('DROP TABLE "order_lines"');
    await queryRunner.query('DROP INDEX "public"."orders_buyer_idx"');
    await queryRunner.query('DROP TABLE "orders"');
    await queryRunner.query('DROP INDEX "public"."deliveries_order_idx"');
    await queryRunner.query('DROP INDEX "public"."deliveries_date_idx"');
    await queryRunner.query('DROP TABLE "deliveries"');
    await queryRunner.query('DROP INDEX "public"."allocations_batch_idx"');
    await queryRunner.query('DROP TABLE "allocations"');
    await queryRunner.query('DROP TABLE "crop_overrides"');
    await queryRunner.query('DROP TABLE "buyers"');
    await queryRunner.query('DROP INDEX "public"."batch_events_batch_idx"');
    await queryRunner.query('DROP TABLE "batch_events"');
    await queryRunner.query('DROP INDEX "public"."batches_crop_idx"');
    await queryRunner.query('DROP TABLE "batches"');
  }
}
