import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * The manager's edits to one crop of the catalogue. The defaults live in libs/agronomy (docs/domain.md
 * §1.4); a row holds only the fields the nursery expert changed, merged over the defaults on read.
 */
@Entity('crop_overrides')
export class CropOverride {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  key!: string;

  @Column({ type: 'jsonb' })
  overrides!: Record<string, unknown>;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
