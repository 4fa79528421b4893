import type { ObservationKind } from '#contracts';
import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  type Relation,
} from 'typeorm';
import { Alarm } from '../alarms/alarm.entity.js';
import { Batch } from '../batches/batch.entity.js';
import { User } from '../users/user.entity.js';

/**
 * An adviser's observation or recommendation on one batch or one alarm (docs/roles.md). Open while
 * `doneAt` is null: the technicians' today list shows it until one of them marks it done.
 */
@Entity('observations')
@Index('observations_batch_idx', ['batchId'])
@Index('observations_alarm_idx', ['alarmId'])
export class Observation {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 16 })
  kind!: ObservationKind;

  @Column({ type: 'uuid', nullable: true })
  batchId!: string | null;

  @ManyToOne(() => Batch, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'batch_id' })
  batch?: Relation<Batch>;

  @Column({ type: 'uuid', nullable: true })
  alarmId!: string | null;

  @ManyToOne(() => Alarm, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'alarm_id' })
  alarm?: Relation<Alarm>;

  @Column({ type: 'varchar', length: 2000 })
  text!: string;

  @Column({ type: 'uuid' })
  authorId!: string;

  @ManyToOne(() => User)
  @JoinColumn({ name: 'author_id' })
  author?: Relation<User>;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  doneAt!: Date | null;

  @Column({ type: 'uuid', nullable: true })
  doneById!: string | null;

  @ManyToOne(() => User)
  @JoinColumn({ name: 'done_by_id' })
  doneBy?: Relation<User>;
}
