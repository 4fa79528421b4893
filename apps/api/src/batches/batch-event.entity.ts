import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type BatchEventKind =
  'created' | 'sow' | 'stage' | 'count' | 'move' | 'graft' | 'correction' | 'walk_in';

/** The batch's history: stage changes, counts (with the cull reason), moves between houses. */
@Entity('batch_events')
@Index('batch_events_batch_idx', ['batchId', 'at'])
export class BatchEvent {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id!: number;

  @Column({ type: 'uuid' })
  batchId!: string;

  @Column({ type: 'timestamptz' })
  at!: Date;

  @Column({ type: 'varchar', length: 16 })
  kind!: BatchEventKind;

  @Column({ type: 'jsonb' })
  details!: Record<string, unknown>;

  @Column({ type: 'varchar', length: 100 })
  byName!: string;
}
