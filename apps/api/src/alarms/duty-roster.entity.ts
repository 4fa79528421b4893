import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { Severity } from './alarm-lifecycle.js';

export const SHIFTS = ['day', 'night', 'always'] as const;
export type Shift = (typeof SHIFTS)[number];
export const WEBHOOK_FORMATS = ['json', 'wecom', 'dingtalk'] as const;
export type WebhookFormat = (typeof WEBHOOK_FORMATS)[number];

/**
 * One person on the duty roster: who is on call by day and by night, in escalation order
 * (`position`), and how they are reached (a webhook per person, from a chosen severity up).
 */
@Entity('duty_roster')
export class DutyRosterEntry {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'integer' })
  position!: number;

  @Column({ type: 'varchar', length: 100 })
  name!: string;

  @Column({ type: 'uuid', nullable: true })
  userId!: string | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  phone!: string | null;

  @Column({ type: 'varchar', length: 8 })
  shift!: Shift;

  @Column({ type: 'varchar', length: 500, nullable: true })
  webhookUrl!: string | null;

  @Column({ type: 'varchar', length: 16, default: 'json' })
  webhookFormat!: WebhookFormat;

  /** A DingTalk robot's signing secret (加签); posts to it are signed (robot-post.ts). */
  @Column({ type: 'varchar', length: 200, nullable: true })
  webhookSecret!: string | null;

  /** Notify from this severity up. */
  @Column({ type: 'varchar', length: 16, default: 'warning' })
  minSeverity!: Severity;
}
