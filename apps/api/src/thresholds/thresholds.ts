import type { CropKey } from '#agronomy';
import { targetStageOf, type ClimateStage } from '#contracts';
import type { CropProfileSet } from './crop-profiles.js';

/** The limits in force in a house: what the alarms judge against and control keeps inside. */
export interface ZoneThresholds {
  readonly coldCritC: number;
  readonly coldWarnC: number;
  readonly hotWarnC: number;
  readonly hotCritC: number;
  readonly daySetpointC: number;
  readonly nightSetpointC: number;
  readonly vwcLowerPct: number;
  readonly vwcUpperPct: number;
  /** RH alarm applies (not in germination or healing zones, §2.5 item 5). */
  readonly highHumidityApplies: boolean;
  /** A healing room with grafts in their first days (§2.5 healing-zone humidity). */
  readonly healingActive: boolean;
  readonly healingRhLowPct: number;
  readonly healingRhClearPct: number;
  /** Chilling hours in the last 7 days above which the advisory is raised (§2.5, default 24). */
  readonly chillingHoursMax: number;
}

/** A batch in a house as the thresholds see it: its crop, variety and agronomic stage. */
export interface ActiveCrop {
  readonly crop: CropKey;
  /** The cultivar, when the batch records one (the catalogue may hold a profile for it). */
  readonly variety?: string | null;
  /** Agronomy stage; `healing` for grafts in the healing room. */
  readonly stage: ClimateStage;
  /** First days after grafting (§2.5 healing-zone humidity applies). */
  readonly recentlyGrafted?: boolean;
}

export type ZoneKindForAlarms = 'greenhouse' | 'germination' | 'healing' | 'outdoor';

/** Per zone (and optionally per stage) overrides of any threshold, from the alarm settings. */
export type ThresholdOverrides = Partial<ZoneThresholds>;

/** The high-humidity rule's limit in a greenhouse (§2.5 item 5): fixed, not a crop's. */
export const HIGH_HUMIDITY_RH_PCT = 90;
/** A healing room's humidity floor while grafts heal (§2.5 healing-zone humidity). */
const HEALING_RH_LOW_PCT = 85;

/**
 * "The most sensitive active crop in the house wins" (§2.5 item 5): the highest cold limits, the
 * lowest heat limits, the warmest night setpoint, the highest moisture floor. Graft-healing zones
 * warn at 30 °C (§2.5 overheat). Overrides (zone, then zone+stage) are applied last.
 */
export function deriveThresholds(
  zoneKind: ZoneKindForAlarms,
  crops: readonly ActiveCrop[],
  catalogue: CropProfileSet,
  overrides: readonly ThresholdOverrides[] = [],
): ZoneThresholds {
  // An empty house is held to the crop and stage the manager chose (the empty-house setting).
  const active: readonly ActiveCrop[] = crops.length > 0 ? crops : [catalogue.emptyHouse];
  const profiles = active.map((batch) => ({ batch, profile: catalogue.profile(batch.crop, batch.variety) }));
  const max = (values: number[]) => Math.max(...values);
  const min = (values: number[]) => Math.min(...values);
  const derived: ZoneThresholds = {
    coldCritC: max(profiles.map((p) => p.profile.coldCritC)),
    coldWarnC: max(profiles.map((p) => p.profile.coldWarnC)),
    hotWarnC: zoneKind === 'healing' ? 30 : min(profiles.map((p) => p.profile.hotWarnC)),
    hotCritC: min(profiles.map((p) => p.profile.hotCritC)),
    daySetpointC: max(profiles.map((p) => p.profile.stageTargets[targetStageOf(p.batch.stage)].dayC.lo)),
    nightSetpointC: max(profiles.map((p) => p.profile.stageTargets[targetStageOf(p.batch.stage)].nightC.lo)),
    vwcLowerPct: max(profiles.map((p) => p.profile.moisture[targetStageOf(p.batch.stage)].vwcLowerPct)),
    vwcUpperPct: min(profiles.map((p) => p.profile.moisture[targetStageOf(p.batch.stage)].vwcUpperPct)),
    highHumidityApplies: zoneKind === 'greenhouse',
    healingActive:
      zoneKind === 'healing' &&
      active.some((batch) => batch.stage === 'healing' || batch.recentlyGrafted === true),
    healingRhLowPct: HEALING_RH_LOW_PCT,
    healingRhClearPct: 90,
    chillingHoursMax: 24,
  };
  return overrides.reduce<ZoneThresholds>((result, override) => ({ ...result, ...override }), derived);
}

/**
 * The setpoint band the control interlocks allow in a house: not colder than 2 °C above the frost
 * limit of its most sensitive crop, nor warmer than 2 °C below its overheat warning.
 */
export function setpointBand(thresholds: ZoneThresholds): { setpointMinC: number; setpointMaxC: number } {
  const setpointMinC = thresholds.coldCritC + 2;
  // Batches that share no band (a cold-loving crop beside a warmth-loving one): the floor wins,
  // because cold kills and warmth only costs.
  return { setpointMinC, setpointMaxC: Math.max(setpointMinC, thresholds.hotWarnC - 2) };
}
