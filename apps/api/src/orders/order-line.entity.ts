import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { ShortAlternativeJson, StoredLineStatus } from '../matching/line-status.js';

/** A party secretary's split of a line between households, for the delivery (name, quantity). */
export interface HouseholdLine {
  name: string;
  quantity: number;
  delivered: number;
}

@Entity('order_lines')
@Index('order_lines_order_idx', ['orderId', 'position'])
@Index('order_lines_status_idx', ['status'])
export class OrderLine {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  orderId!: string;

  @Column({ type: 'integer' })
  position!: number;

  @Column({ type: 'varchar', length: 32 })
  crop!: string;

  @Column({ type: 'varchar', length: 100, nullable: true })
  cultivar!: string | null;

  /** Cells per tray; null = the crop's default tray. */
  @Column({ type: 'integer', nullable: true })
  cells!: number | null;

  @Column({ type: 'boolean', default: false })
  grafted!: boolean;

  @Column({ type: 'varchar', length: 64, default: 'nursery' })
  seedOwner!: string;

  @Column({ type: 'integer' })
  quantity!: number;

  @Column({ type: 'date' })
  wantedFrom!: string;

  @Column({ type: 'date' })
  wantedUntil!: string;

  /** Price per seedling when the order was placed. */
  @Column({ type: 'integer' })
  priceFen!: number;

  @Column({ type: 'varchar', length: 20 })
  status!: StoredLineStatus;

  /** The promised delivery date of a confirmed (or short) line. */
  @Column({ type: 'date', nullable: true })
  confirmedDate!: string | null;

  /** A waitlisted line's earliest possible date, as last computed. */
  @Column({ type: 'date', nullable: true })
  earliestDate!: string | null;

  @Column({ type: 'integer', default: 0 })
  missing!: number;

  @Column({ type: 'jsonb', nullable: true })
  alternative!: ShortAlternativeJson | null;

  @Column({ type: 'integer', default: 0 })
  delivered!: number;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  households!: HouseholdLine[];
}
