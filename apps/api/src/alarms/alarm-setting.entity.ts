import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { ZoneThresholds } from '../thresholds/thresholds.js';
import type { RuleCode } from './alarm-rules.js';

export interface RuleOverride {
  enabled?: boolean;
  onDelayMs?: number;
  offDelayMs?: number;
}

/**
 * Overrides of the derived thresholds and rule timings (§2.5: every threshold per house and per
 * stage). `stage` '' applies to the zone whatever its stage; a stage row wins over it when a batch
 * of that stage is active in the zone.
 */
@Entity('alarm_settings')
@Index('alarm_settings_key', ['zone', 'stage'], { unique: true })
export class AlarmSetting {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 64 })
  zone!: string;

  @Column({ type: 'varchar', length: 16, default: '' })
  stage!: string;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  thresholds!: Partial<ZoneThresholds>;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  rules!: Partial<Record<RuleCode, RuleOverride>>;

  @Column({ type: 'timestamptz' })
  updatedAt!: Date;

  @Column({ type: 'varchar', length: 100 })
  updatedBy!: string;
}
