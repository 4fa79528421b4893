import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { DeliveryItem } from '#contracts';

/** One line of a delivery, with the household sub-lines it served (party secretaries' splits). */
export type { DeliveryItem };

/**
 * Seedlings handed over: for an order (per line, partial allowed) or a walk-in sale of ready seedlings
 * nobody reserved (`orderId` null, `batchId` set). Trays returned by the buyer are counted here too.
 */
@Entity('deliveries')
@Index('deliveries_order_idx', ['orderId'])
@Index('deliveries_date_idx', ['date'])
export class Delivery {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid', nullable: true })
  orderId!: string | null;

  @Column({ type: 'uuid', nullable: true })
  batchId!: string | null;

  @Column({ type: 'date' })
  date!: string;

  @Column({ type: 'timestamptz' })
  at!: Date;

  @Column({ type: 'jsonb' })
  items!: DeliveryItem[];

  @Column({ type: 'integer' })
  quantity!: number;

  @Column({ type: 'integer' })
  amountFen!: number;

  @Column({ type: 'integer', default: 0 })
  returnedTrays!: number;

  @Column({ type: 'varchar', length: 100, nullable: true })
  buyerName!: string | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  village!: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  note!: string | null;

  @Column({ type: 'varchar', length: 100 })
  byName!: string;
}
