import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AlarmsControl1795913446132 implements MigrationInterface {
  name = 'AlarmsControl1795913446132';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "alarm_settings" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "zone" character varying(64) NOT NULL, "stage" character varying(16) NOT NULL DEFAULT \'\', "thresholds" jsonb NOT NULL DEFAULT \'{}\', "rules" jsonb NOT NULL DEFAULT \'{}\', "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, "updated_by" character varying(100) NOT NULL, CONSTRAINT "PK_3245ff4a72212f8c51d43686b18" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "alarm_settings_key" ON "alarm_settings"  ("zone", "stage") ',
    );
    await queryRunner.query(
      'CREATE TABLE "alarms" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "rule" character varying(32) NOT NULL, "site" character varying(32) NOT NULL, "zone" character varying(64) NOT NULL, "subject" character varying(64) NOT NULL DEFAULT \'\', "state" character varying(16) NOT NULL, "severity" character varying(16) NOT NULL, "message" character varying(300) NOT NULL, "value" double precision, "threshold" double precision, "since" TIMESTAMP WITH TIME ZONE NOT NULL, "raised_at" TIMESTAMP WITH TIME ZONE, "clear_since" TIMESTAMP WITH TIME ZONE, "impact" jsonb, "acknowledged_at" TIMESTAMP WITH TIME ZONE, "acknowledged_by" character varying(100), "acknowledged_by_user_id" uuid, "ack_comment" character varying(500), "cleared_at" TIMESTAMP WITH TIME ZONE, "cleared_by" character varying(100), "clear_comment" character varying(500), "last_notified_at" TIMESTAMP WITH TIME ZONE, "notify_count" integer NOT NULL DEFAULT \'0\', "escalation_level" integer NOT NULL DEFAULT \'0\', "escalated_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_b776da486fb19d38b4f7777a6da" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "alarms_state_idx" ON "alarms"  ("state", "zone") ');
    await queryRunner.query(
      'CREATE UNIQUE INDEX "alarms_open_key" ON "alarms"  ("rule", "zone", "subject") WHERE state <> \'cleared\'',
    );
    await queryRunner.query(
      'CREATE TABLE "duty_roster" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "position" integer NOT NULL, "name" character varying(100) NOT NULL, "user_id" uuid, "phone" character varying(32), "shift" character varying(8) NOT NULL, "webhook_url" character varying(500), "webhook_format" character varying(16) NOT NULL DEFAULT \'json\', "min_severity" character varying(16) NOT NULL DEFAULT \'warning\', CONSTRAINT "PK_799edd3b86e5b1f514478f61e84" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE TABLE "alarm_notifications" ("id" BIGSERIAL NOT NULL, "alarm_id" uuid NOT NULL, "reason" character varying(16) NOT NULL, "recipient" character varying(100) NOT NULL, "url" character varying(500) NOT NULL, "format" character varying(16) NOT NULL, "body" jsonb NOT NULL, "status" character varying(16) NOT NULL, "attempts" integer NOT NULL DEFAULT \'0\', "last_error" character varying(500), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "next_attempt_at" TIMESTAMP WITH TIME ZONE, "sent_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_b6af4ee5b5fe5d27ab4157a8a34" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "alarm_notifications_alarm_idx" ON "alarm_notifications"  ("alarm_id") ',
    );
    await queryRunner.query(
      'CREATE INDEX "alarm_notifications_due_idx" ON "alarm_notifications"  ("status", "next_attempt_at") ',
    );
    await queryRunner.query(
      'CREATE TABLE "commands" ("id" character varying(32) NOT NULL, "site" character varying(32) NOT NULL, "zone" character varying(64) NOT NULL, "device" character varying(64) NOT NULL, "name" character varying(16) NOT NULL, "params" jsonb NOT NULL, "status" character varying(16) NOT NULL, "issued_by_kind" character varying(8) NOT NULL, "issued_by_name" character varying(100) NOT NULL, "issued_by_user_id" uuid, "force_reason" character varying(300), "hold_until" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "sent_at" TIMESTAMP WITH TIME ZONE, "last_sent_at" TIMESTAMP WITH TIME ZONE, "send_count" integer NOT NULL DEFAULT \'0\', "ack_result" character varying(16), "ack_message" character varying(300), "acked_at" TIMESTAMP WITH TIME ZONE, "reported_state" jsonb, "finished_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_7ac292c3aa19300482b2b190d1e" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "commands_open_idx" ON "commands"  ("status") ');
    await queryRunner.query('CREATE INDEX "commands_zone_idx" ON "commands"  ("zone", "created_at") ');
    await queryRunner.query(
      'CREATE TABLE "control_schedules" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "zone" character varying(64) NOT NULL, "name" character varying(100) NOT NULL, "kind" character varying(24) NOT NULL, "slots" jsonb NOT NULL, "moisture_below_pct" double precision, "enabled" boolean NOT NULL DEFAULT true, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "created_by" character varying(100) NOT NULL, "last_fired_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_3a286a73d970ab4506e70ef8052" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "control_schedules_zone_idx" ON "control_schedules"  ("zone") ');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."control_schedules_zone_idx"');
    await queryRunner.query('DROP TABLE "control_schedules"');
    await queryRunner.query('DROP INDEX "public"."commands_zone_idx"');
    await queryRunner.query('DROP INDEX "public"."commands_open_idx"');
    await queryRunner.query('DROP TABLE "commands"');
    await queryRunner.query('DROP INDEX "public"."alarm_notifications_due_idx"');
    await queryRunner.query('DROP INDEX "public"."alarm_notifications_alarm_idx"');
    await queryRunner.query('DROP TABLE "alarm_notifications"');
    await queryRunner.query('DROP TABLE "duty_roster"');
    await queryRunner.query('DROP INDEX "public"."alarms_open_key"');
    await queryRunner.query('DROP INDEX "public"."alarms_state_idx"');
    await queryRunner.query('DROP TABLE "alarms"');
    await queryRunner.query('DROP INDEX "public"."alarm_settings_key"');
    await queryRunner.query('DROP TABLE "alarm_settings"');
  }
}
