import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * Nursery-wide settings the manager can change (deposit share, shortfall policy, ...), and markers
 * such as which demo seeds already ran. Values are JSON so each feature keeps its own shape.
 */
@Entity('settings')
export class Setting {
  @PrimaryColumn({ type: 'varchar', length: 100 })
  key!: string;

  @Column({ type: 'jsonb' })
  value!: unknown;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
