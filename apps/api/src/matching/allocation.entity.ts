import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Seedlings of one batch reserved for one order line, for a delivery date. */
@Entity('allocations')
@Index('allocations_batch_idx', ['batchId'])
export class AllocationRow {
  @PrimaryColumn({ type: 'uuid' })
  lineId!: string;

  @PrimaryColumn({ type: 'uuid' })
  batchId!: string;

  @Column({ type: 'integer' })
  quantity!: number;

  @Column({ type: 'date' })
  date!: string;
}
