import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export const SCHEDULE_KINDS = ['irrigation', 'setpoint', 'moisture-irrigation'] as const;
export type ScheduleKind = (typeof SCHEDULE_KINDS)[number];

export interface ScheduleSlot {
  /** HH:MM in the nursery's time zone. */
  at: string;
  /** Irrigation: seconds or passes; setpoint: sp_c. */
  params: Record<string, unknown>;
}

/**
 * A zone's programme: irrigation times, day/night (and pre-dawn) setpoints, or moisture-triggered
 * irrigation. `lastFiredAt` is claimed with a compare-and-set so a job fires once, across restarts.
 */
@Entity('control_schedules')
@Index('control_schedules_zone_idx', ['zone'])
export class Schedule {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 64 })
  zone!: string;

  @Column({ type: 'varchar', length: 100 })
  name!: string;

  @Column({ type: 'varchar', length: 24 })
  kind!: ScheduleKind;

  @Column({ type: 'jsonb' })
  slots!: ScheduleSlot[];

  /** moisture-irrigation: irrigate when VWC falls below this (under the interlocks). */
  @Column({ type: 'double precision', nullable: true })
  moistureBelowPct!: number | null;

  @Column({ type: 'boolean', default: true })
  enabled!: boolean;

  @Column({ type: 'timestamptz' })
  createdAt!: Date;

  @Column({ type: 'varchar', length: 100 })
  createdBy!: string;

  /** The slot instant last fired (or skipped and reported); jobs due after it fire next. */
  @Column({ type: 'timestamptz', nullable: true })
  lastFiredAt!: Date | null;
}
