import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { AlarmParamValues, AlarmState, Severity } from './alarm-lifecycle.js';

/** Batches, orders and villages an alarm puts at risk, captured when it is raised. */
export interface AlarmImpact {
  batches: { id: string; code: string; crop: string; stage: string }[];
  orders: { id: string; number: number; buyer: string; village: string }[];
  villages: string[];
}

/**
 * One alarm (or a condition still inside its on-delay: state `pending`) of one rule on one subject
 * in one zone. At most one open (not cleared) row per rule, zone and subject: the partial unique
 * index is what makes "restart neither loses nor re-raises" hold across processes.
 */
@Entity('alarms')
@Index('alarms_open_key', ['rule', 'zone', 'subject'], { unique: true, where: "state <> 'cleared'" })
@Index('alarms_state_idx', ['state', 'zone'])
export class Alarm {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 32 })
  rule!: string;

  @Column({ type: 'varchar', length: 32 })
  site!: string;

  @Column({ type: 'varchar', length: 64 })
  zone!: string;

  /** The device of a sensor alarm, the batch of an over-age alarm; '' for zone-wide rules. */
  @Column({ type: 'varchar', length: 64, default: '' })
  subject!: string;

  @Column({ type: 'varchar', length: 16 })
  state!: AlarmState;

  @Column({ type: 'varchar', length: 16 })
  severity!: Severity;

  @Column({ type: 'varchar', length: 300 })
  message!: string;

  @Column({ type: 'double precision', nullable: true })
  value!: number | null;

  @Column({ type: 'double precision', nullable: true })
  threshold!: number | null;

  /**
   * What the rule's catalogue text needs (AlarmRuleParams of libs/contracts), for rules that say
   * more than value and threshold: what the disk watch shed. Null for the others and older rows.
   */
  @Column({ type: 'jsonb', nullable: true })
  params!: AlarmParamValues | null;

  /** Pending since, then raised at. */
  @Column({ type: 'timestamptz' })
  since!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  raisedAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  clearSince!: Date | null;

  @Column({ type: 'jsonb', nullable: true })
  impact!: AlarmImpact | null;

  @Column({ type: 'timestamptz', nullable: true })
  acknowledgedAt!: Date | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  acknowledgedBy!: string | null;

  @Column({ type: 'uuid', nullable: true })
  acknowledgedByUserId!: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  ackComment!: string | null;

  /** The code a roster phone replies by SMS to acknowledge (sms-reply.ts); null once cleared. */
  @Column({ type: 'varchar', length: 8, nullable: true })
  ackCode!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  clearedAt!: Date | null;

  /** `rule` when the condition went away, or the person who cleared it by hand. */
  @Column({ type: 'varchar', length: 100, nullable: true })
  clearedBy!: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  clearComment!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  lastNotifiedAt!: Date | null;

  @Column({ type: 'integer', default: 0 })
  notifyCount!: number;

  /** Roster position notified last (0 = first on call); raised by escalation. */
  @Column({ type: 'integer', default: 0 })
  escalationLevel!: number;

  @Column({ type: 'timestamptz', nullable: true })
  escalatedAt!: Date | null;
}
