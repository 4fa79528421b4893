import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const ZONE_KINDS = ['greenhouse', 'germination', 'healing', 'outdoor'] as const;
export type ZoneKind = (typeof ZONE_KINDS)[number];

/**
 * A place of the nursery: a greenhouse, the germination room, the graft-healing room or outdoors.
 * `code` equals the zone segment of MQTT topics; devices, capacity and settings hang on it.
 */
@Entity('zones')
@Index('zones_site_code_key', ['site', 'code'], { unique: true })
export class Zone {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 32 })
  site!: string;

  @Column({ type: 'varchar', length: 64 })
  code!: string;

  @Column({ type: 'varchar', length: 16 })
  kind!: ZoneKind;

  @Column({ type: 'varchar', length: 100 })
  name!: string;

  @Column({ type: 'varchar', length: 100, nullable: true })
  nameEn!: string | null;

  @Column({ type: 'boolean', default: false })
  hasHeating!: boolean;

  @Column({ type: 'boolean', default: false })
  hasBoomIrrigation!: boolean;

  @Column({ type: 'boolean', default: false })
  hasBenchHeat!: boolean;

  @Column({ type: 'integer', default: 0 })
  sortOrder!: number;

  /** Bench area of a greenhouse in m² (docs/domain.md §3.6). */
  @Column({ type: 'double precision', nullable: true })
  benchAreaM2?: number | null;

  /** Trays per m² of bench (§3.6: 6.3 for 72-cell trays, 540 × 280 mm plus aisles). */
  @Column({ type: 'double precision', nullable: true })
  traysPerM2?: number | null;

  @Column({ type: 'integer', nullable: true })
  benches?: number | null;

  /** Trays held at once: the germination room's stacks, or an explicit bench figure overriding area × density. */
  @Column({ type: 'integer', nullable: true })
  trayCapacity?: number | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
