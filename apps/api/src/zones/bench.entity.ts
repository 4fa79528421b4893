import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  ManyToOne,
  JoinColumn,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { Zone } from './zone.entity.js';

/**
 * One bench of a house (docs/domain.md §3.6): a record the manager keeps, so a move, an irrigation
 * pass or a moisture sensor can name it. Its area is bench top; the boom that serves it is the
 * device id of the boom (`boom-1`), or null where watering is by hand.
 */
@Entity('benches')
@Index('benches_zone_name_key', ['zoneId', 'name'], { unique: true })
export class Bench {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  zoneId!: string;

  @ManyToOne(() => Zone, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'zone_id' })
  zone?: Zone;

  @Column({ type: 'varchar', length: 32 })
  name!: string;

  @Column({ type: 'double precision', nullable: true })
  areaM2!: number | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  boom!: string | null;

  /**
   * The substrate probe that measures this bench (its device id, `substrate-1`): a batch standing
   * here is judged on it. Null: the house's probes speak for the bench (the house-wide rule).
   */
  @Column({ type: 'varchar', length: 64, nullable: true })
  moistureSensor!: string | null;

  /** Order along the house, front to back; the move form and the house page list benches by it. */
  @Column({ type: 'integer', default: 0 })
  position!: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
