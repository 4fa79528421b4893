import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * What kind of fault of the system itself (not of a greenhouse) an event records. The alerting
 * kinds share their names with the site-wide alarm rules that carry them to people; the others are
 * recorded for the engineer (docs/operations.md lists them all).
 */
export type SystemEventKind =
  | 'database-down'
  | 'database-unrecoverable'
  | 'unclean-restart'
  | 'disk-low'
  | 'disk-shed'
  | 'backup-failed'
  | 'modem-down'
  | 'broker-listener-reopened';

/**
 * One fault of the system itself, from when it started to when it ended (null while it lasts).
 * The id is chosen by the writer, not the database: a fault of the database is first written to
 * the fault file in DATA_DIR and copied here once the database is back, and copying the same entry
 * twice must not make two rows.
 */
@Entity('system_events')
@Index('system_events_started_at_idx', ['startedAt'])
@Index('system_events_open_idx', ['kind'], { where: 'ended_at IS NULL' })
export class SystemEvent {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'varchar', length: 48 })
  kind!: SystemEventKind;

  @Column({ type: 'timestamptz' })
  startedAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  endedAt!: Date | null;

  /** One line a nursery's engineer can read: "PostgreSQL stopped (signal 9)". */
  @Column({ type: 'varchar', length: 500 })
  cause!: string;

  /** Measurements and context (attempts, exit code, recovery seconds, file paths). */
  @Column({ type: 'jsonb', nullable: true })
  details!: Record<string, unknown> | null;
}
