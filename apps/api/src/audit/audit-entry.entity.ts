import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type AuditActorKind = 'user' | 'schedule' | 'rule' | 'device' | 'system';

/** Who did what, when and why: commands, acknowledgements, order changes, settings changes. */
@Entity('audit_log')
@Index('audit_log_at_idx', ['at'])
@Index('audit_log_entity_idx', ['entityType', 'entityId'])
export class AuditEntry {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id!: number;

  @Column({ type: 'timestamptz' })
  at!: Date;

  @Column({ type: 'varchar', length: 16 })
  actorKind!: AuditActorKind;

  @Column({ type: 'uuid', nullable: true })
  actorUserId!: string | null;

  /** Display name at the time (a person's name, a schedule's name, a rule's code). */
  @Column({ type: 'varchar', length: 100 })
  actorName!: string;

  /** Dotted, lower-case: `order.placed`, `command.sent`, `alarm.acknowledged`. */
  @Column({ type: 'varchar', length: 64 })
  action!: string;

  @Column({ type: 'varchar', length: 32 })
  entityType!: string;

  @Column({ type: 'varchar', length: 64, nullable: true })
  entityId!: string | null;

  @Column({ type: 'jsonb', nullable: true })
  details!: Record<string, unknown> | null;
}
