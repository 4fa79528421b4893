import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { COST_CATEGORIES, type CostCategory } from '#contracts';
import { Batch } from '../batches/batch.entity.js';

export { COST_CATEGORIES, type CostCategory };

/** A cost the manager enters for the annual income report. Money in fen. */
@Entity('costs')
@Index('costs_date_idx', ['date'])
export class Cost {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'date' })
  date!: string;

  @Column({ type: 'varchar', length: 16 })
  category!: CostCategory;

  @Column({ type: 'integer' })
  amountFen!: number;

  @Column({ type: 'varchar', length: 200, nullable: true })
  note!: string | null;

  /** The batch the cost was spent on (seed, substrate, trays of one sowing), when named. */
  @Column({ type: 'uuid', nullable: true })
  batchId!: string | null;

  @ManyToOne(() => Batch, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'batch_id' })
  batch?: Batch | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
