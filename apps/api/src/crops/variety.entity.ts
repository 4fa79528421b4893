import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * A variety (品种) of a crop, named as batches and order lines carry it in their `cultivar`, with
 * the fields in which it differs from its crop (any profile field but the key and names).
 */
@Entity('varieties')
export class Variety {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  crop!: string;

  @PrimaryColumn({ type: 'varchar', length: 100 })
  name!: string;

  @Column({ type: 'varchar', length: 100, nullable: true })
  nameEn!: string | null;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  overrides!: Record<string, unknown>;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
