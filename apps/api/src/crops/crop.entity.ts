import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { CropProfile } from '#agronomy';

/**
 * One crop of the catalogue (docs/catalogue.md). The key is typed by the manager and never changes
 * once used: batches, order lines and alarm settings name the crop by it. Everything else the rules
 * read is the profile, validated on the way in (crops.dto.ts).
 */
@Entity('crops')
export class Crop {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  key!: string;

  /** Where the crop stands in lists: the §1.4 order first, new crops after. */
  @Column({ type: 'integer' })
  position!: number;

  /** The whole profile but its key (names, trays, targets, limits, rates, prices, chilling band). */
  @Column({ type: 'jsonb' })
  profile!: Omit<CropProfile, 'key'>;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
