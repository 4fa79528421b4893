import {
  Column,
  CreateDateColumn,
  Entity,
  Generated,
  Index,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';

export const ORDER_STATUSES = ['open', 'settled', 'cancelled', 'lapsed'] as const;
/** Stored summary: `open` until every line is delivered and paid (`settled`), cancelled or lapsed. */
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** A buyer's order: lines of seedlings, the deposit owed and when, and what was paid. Money in fen. */
@Entity('orders')
@Index('orders_buyer_idx', ['buyerId', 'placedAt'])
export class Order {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Number the nursery says on the phone and prints on slips. */
  @Column({ type: 'integer', unique: true })
  @Generated('increment')
  number!: number;

  @Column({ type: 'uuid' })
  buyerId!: string;

  @Column({ type: 'timestamptz' })
  placedAt!: Date;

  @Column({ type: 'uuid' })
  placedByUserId!: string;

  @Column({ type: 'varchar', length: 100 })
  placedByName!: string;

  @Column({ type: 'varchar', length: 16 })
  status!: OrderStatus;

  @Column({ type: 'integer' })
  depositFen!: number;

  @Column({ type: 'date' })
  depositDue!: string;

  @Column({ type: 'integer', default: 0 })
  paidFen!: number;

  @Column({ type: 'timestamptz', nullable: true })
  depositWarnedAt!: Date | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  note!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
