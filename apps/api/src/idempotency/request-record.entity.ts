import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export type RequestRecordState = 'pending' | 'done';

/**
 * A write the dashboard sent with a request id (header `Idempotency-Key`): the first answer is kept
 * so a retry over flaky greenhouse Wi-Fi gets that answer instead of doing the work twice.
 */
@Entity('request_records')
@Index('request_records_created_idx', ['createdAt'])
export class RequestRecord {
  @PrimaryColumn({ type: 'uuid' })
  userId!: string;

  @PrimaryColumn({ type: 'varchar', length: 64 })
  requestId!: string;

  @Column({ type: 'varchar', length: 8 })
  method!: string;

  @Column({ type: 'varchar', length: 300 })
  path!: string;

  @Column({ type: 'varchar', length: 8 })
  state!: RequestRecordState;

  @Column({ type: 'integer', nullable: true })
  statusCode!: number | null;

  @Column({ type: 'jsonb', nullable: true })
  body!: unknown;

  @Column({ type: 'timestamptz' })
  createdAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  completedAt!: Date | null;
}
