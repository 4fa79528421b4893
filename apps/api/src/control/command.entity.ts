import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { AckResult } from '#contracts';

export const COMMAND_STATUSES = [
  'queued',
  'sent',
  'done',
  'rejected',
  'failed',
  'expired',
  'timed_out',
] as const;
export type CommandStatus = (typeof COMMAND_STATUSES)[number];
export const FINAL_COMMAND_STATUSES: readonly CommandStatus[] = [
  'done',
  'rejected',
  'failed',
  'expired',
  'timed_out',
];
export type IssuerKind = 'user' | 'schedule' | 'rule';

/**
 * One command to one device (docs/domain.md §4.2): queued → sent → done, or rejected / failed as
 * the device answered, expired when its expiry passed unacknowledged, timed_out when it was
 * acknowledged but the matching state never followed. Resent with the same id until it expires.
 */
@Entity('commands')
@Index('commands_zone_idx', ['zone', 'createdAt'])
@Index('commands_open_idx', ['status'])
export class Command {
  /** Sortable id (time + random), sent to the device as-is. */
  @PrimaryColumn({ type: 'varchar', length: 32 })
  id!: string;

  @Column({ type: 'varchar', length: 32 })
  site!: string;

  @Column({ type: 'varchar', length: 64 })
  zone!: string;

  @Column({ type: 'varchar', length: 64 })
  device!: string;

  @Column({ type: 'varchar', length: 16 })
  name!: string;

  @Column({ type: 'jsonb' })
  params!: Record<string, unknown>;

  @Column({ type: 'varchar', length: 16 })
  status!: CommandStatus;

  @Column({ type: 'varchar', length: 8 })
  issuedByKind!: IssuerKind;

  @Column({ type: 'varchar', length: 100 })
  issuedByName!: string;

  @Column({ type: 'uuid', nullable: true })
  issuedByUserId!: string | null;

  /** Why an interlock was overridden. */
  @Column({ type: 'varchar', length: 300, nullable: true })
  forceReason!: string | null;

  /** A manual override lease: schedules leave this zone's setpoint alone until then. */
  @Column({ type: 'timestamptz', nullable: true })
  holdUntil!: Date | null;

  @Column({ type: 'timestamptz' })
  createdAt!: Date;

  @Column({ type: 'timestamptz' })
  expiresAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  sentAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  lastSentAt!: Date | null;

  @Column({ type: 'integer', default: 0 })
  sendCount!: number;

  @Column({ type: 'varchar', length: 16, nullable: true })
  ackResult!: AckResult | null;

  @Column({ type: 'varchar', length: 300, nullable: true })
  ackMessage!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  ackedAt!: Date | null;

  @Column({ type: 'jsonb', nullable: true })
  reportedState!: Record<string, unknown> | null;

  @Column({ type: 'timestamptz', nullable: true })
  finishedAt!: Date | null;
}
