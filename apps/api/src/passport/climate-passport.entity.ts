import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { Batch } from '../batches/batch.entity.js';
import type { PassportPiece } from '#contracts';

/**
 * A batch's stored climate passport: the figures of each stage in each place, written when a stage
 * closes and when the batch is delivered. Stored, not recomputed, so the buyer's link shows the
 * same figures after raw-reading retention or disk shedding has dropped the readings.
 */
@Entity('climate_passports')
export class ClimatePassport {
  @PrimaryColumn({ type: 'uuid' })
  batchId!: string;

  @ManyToOne(() => Batch, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'batch_id' })
  batch?: Relation<Batch>;

  /** The link's secret: 128 random bits, base64url (22 characters). Null: no link, or revoked. */
  @Index('climate_passports_token_key', { unique: true })
  @Column({ type: 'varchar', length: 32, nullable: true })
  token!: string | null;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  pieces!: PassportPiece[];

  /** The instant the stored figures run to (the last delivery or stage close). */
  @Column({ type: 'timestamptz' })
  through!: Date;

  @Column({ type: 'timestamptz' })
  storedAt!: Date;
}
