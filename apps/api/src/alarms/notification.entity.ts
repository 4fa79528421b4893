import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { WebhookFormat } from './duty-roster.entity.js';

/** `cancelled`: a fallback SMS whose robot delivery went through before the fallback was due. */
export const NOTIFICATION_STATUSES = ['pending', 'sent', 'failed', 'cancelled'] as const;
export type NotificationStatus = (typeof NOTIFICATION_STATUSES)[number];
/** `downtime`, `downtime-gaps`: the server's own outage and the device readings it still misses. */
export type NotificationReason =
  'raised' | 'renotify' | 'escalated' | 'cleared' | 'morning' | 'downtime' | 'downtime-gaps';
/** How a notice travels: a group robot (needs the internet), or the modem's SMS and calls (need none). */
export const NOTIFICATION_CHANNELS = ['robot', 'sms', 'call'] as const;
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];

/** One delivery (with its retries) on one channel, kept so failures are visible. */
@Entity('alarm_notifications')
@Index('alarm_notifications_due_idx', ['status', 'nextAttemptAt'])
@Index('alarm_notifications_alarm_idx', ['alarmId'])
export class AlarmNotification {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id!: string;

  /** Null for the morning message, which belongs to no alarm. */
  @Column({ type: 'uuid', nullable: true })
  alarmId!: string | null;

  @Column({ type: 'varchar', length: 16 })
  reason!: NotificationReason;

  @Column({ type: 'varchar', length: 100 })
  recipient!: string;

  @Column({ type: 'varchar', length: 16, default: 'robot' })
  channel!: NotificationChannel;

  /** The robot's webhook URL, or `tel:<phone>` for an SMS or a call. */
  @Column({ type: 'varchar', length: 500 })
  url!: string;

  @Column({ type: 'varchar', length: 16 })
  format!: WebhookFormat;

  @Column({ type: 'jsonb' })
  body!: Record<string, unknown>;

  @Column({ type: 'varchar', length: 16 })
  status!: NotificationStatus;

  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  @Column({ type: 'varchar', length: 500, nullable: true })
  lastError!: string | null;

  @Column({ type: 'timestamptz' })
  createdAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  nextAttemptAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  sentAt!: Date | null;
}
