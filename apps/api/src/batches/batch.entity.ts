import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { FINAL_BATCH_STAGES } from '#contracts';

export const BATCH_STAGES = [
  'planned',
  'sown',
  'germinating',
  'emerged',
  'true_leaf',
  'grafted',
  'healing',
  'hardening',
  'ready',
  'sold_out',
  'culled',
  'over_aged',
] as const;
export type BatchStage = (typeof BATCH_STAGES)[number];

/** Stages after which a batch holds no saleable seedlings any more (the contract's list). */
export const FINAL_STAGES: readonly BatchStage[] = FINAL_BATCH_STAGES;

/**
 * One sowing in one house (docs/domain.md §3.4). `planned` batches are sowings the matching engine
 * scheduled and nobody has sown yet. Counts are nullable where "not counted yet" differs from zero.
 */
@Entity('batches')
@Index('batches_crop_idx', ['crop', 'stage'])
export class Batch {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Short human code printed on bench labels, e.g. `B0042`. */
  @Column({ type: 'varchar', length: 16, unique: true })
  code!: string;

  @Column({ type: 'varchar', length: 32 })
  crop!: string;

  @Column({ type: 'varchar', length: 100, nullable: true })
  cultivar!: string | null;

  /** Cells per tray. */
  @Column({ type: 'integer' })
  cells!: number;

  @Column({ type: 'boolean', default: false })
  grafted!: boolean;

  @Column({ type: 'uuid', nullable: true })
  rootstockBatchId!: string | null;

  /** 'nursery' or the buyer id whose own seed is raised (来种代育). */
  @Column({ type: 'varchar', length: 64, default: 'nursery' })
  seedOwner!: string;

  @Column({ type: 'varchar', length: 100, nullable: true })
  seedLot!: string | null;

  @Column({ type: 'varchar', length: 64 })
  zone!: string;

  @Column({ type: 'varchar', length: 200, nullable: true })
  benches!: string | null;

  @Column({ type: 'integer' })
  trays!: number;

  @Column({ type: 'integer' })
  cellsSown!: number;

  @Column({ type: 'integer', default: 0 })
  refillTrays!: number;

  @Column({ type: 'date' })
  sowDate!: string;

  @Column({ type: 'varchar', length: 16 })
  stage!: BatchStage;

  @Column({ type: 'integer', nullable: true })
  emerged!: number | null;

  /** Grafted plants alive after healing (a grafted batch's living count from then on). */
  @Column({ type: 'integer', nullable: true })
  survived!: number | null;

  @Column({ type: 'integer', default: 0 })
  refilled!: number;

  @Column({ type: 'integer', default: 0 })
  culled!: number;

  @Column({ type: 'integer', nullable: true })
  saleable!: number | null;

  /** Seedlings sold over the counter to nobody's order (walk-in sales). */
  @Column({ type: 'integer', default: 0 })
  walkInSold!: number;

  @Column({ type: 'real' })
  emergePct!: number;

  @Column({ type: 'real' })
  saleablePct!: number;

  @Column({ type: 'date' })
  readyFrom!: string;

  @Column({ type: 'date' })
  readyUntil!: string;

  @Column({ type: 'varchar', length: 500, nullable: true })
  note!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
