import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { WebhookFormat } from './duty-roster.entity.js';

export type NotificationStatus = 'pending' | 'sent' | 'failed';
export type NotificationReason = 'raised' | 'renotify' | 'escalated' | 'cleared';

/** One webhook delivery (with its retries), kept so failures are visible. */
@Entity('alarm_notifications')
@Index('alarm_notifications_due_idx', ['status', 'nextAttemptAt'])
@Index('alarm_notifications_alarm_idx', ['alarmId'])
export class AlarmNotification {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id!: string;

  @Column({ type: 'uuid' })
  alarmId!: string;

  @Column({ type: 'varchar', length: 16 })
  reason!: NotificationReason;

  @Column({ type: 'varchar', length: 100 })
  recipient!: string;

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
