import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Money received for an order (negative for a refund). Fen. */
@Entity('payments')
@Index('payments_order_idx', ['orderId'])
export class Payment {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  orderId!: string;

  @Column({ type: 'integer' })
  amountFen!: number;

  @Column({ type: 'date' })
  date!: string;

  @Column({ type: 'timestamptz' })
  at!: Date;

  @Column({ type: 'varchar', length: 20, default: 'cash' })
  method!: string;

  @Column({ type: 'varchar', length: 200, nullable: true })
  note!: string | null;

  @Column({ type: 'varchar', length: 100 })
  byName!: string;
}
