import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export const COST_CATEGORIES = ['seed', 'substrate', 'trays', 'energy', 'labour', 'other'] as const;
export type CostCategory = (typeof COST_CATEGORIES)[number];

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

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
