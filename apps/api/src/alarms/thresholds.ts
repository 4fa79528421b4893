import { CROPS, type CropKey, type StageKey } from '#agronomy';
import type { ZoneThresholds } from './alarm-rules.js';

/** A batch in a zone as the alarms see it (from the batches module, or a stand-in provider). */
export interface ActiveCrop {
  readonly crop: CropKey;
  /** Agronomy stage; `healing` for grafts in the healing room. */
  readonly stage: StageKey | 'healing';
  /** First days after grafting (§2.5 healing-zone humidity applies). */
  readonly recentlyGrafted?: boolean;
}

export type ZoneKindForAlarms = 'greenhouse' | 'germination' | 'healing' | 'outdoor';

/** Per zone (and optionally per stage) overrides of any threshold, from the alarm settings. */
export type ThresholdOverrides = Partial<ZoneThresholds>;

/** Used when a zone has no active batch: a tomato growing on (a common middle ground). */
const FALLBACK: readonly ActiveCrop[] = [{ crop: 'tomato', stage: 'trueLeaf' }];

/**
 * "The most sensitive active crop in the house wins" (§2.5 item 5): the highest cold limits, the
 * lowest heat limits, the warmest night setpoint, the highest moisture floor. Graft-healing zones
 * warn at 30 °C (§2.5 overheat). Overrides (zone, then zone+stage) are applied last.
 */
export function deriveThresholds(
  zoneKind: ZoneKindForAlarms,
  crops: readonly ActiveCrop[],
  overrides: readonly ThresholdOverrides[] = [],
): ZoneThresholds {
  const active = crops.length > 0 ? crops : FALLBACK;
  const profiles = active.map((batch) => ({ batch, profile: CROPS[batch.crop] }));
  const stageOf = (stage: ActiveCrop['stage']): StageKey => (stage === 'healing' ? 'trueLeaf' : stage);
  const max = (values: number[]) => Math.max(...values);
  const min = (values: number[]) => Math.min(...values);
  const derived: ZoneThresholds = {
    coldCritC: max(profiles.map((p) => p.profile.coldCritC)),
    coldWarnC: max(profiles.map((p) => p.profile.coldWarnC)),
    hotWarnC: zoneKind === 'healing' ? 30 : min(profiles.map((p) => p.profile.hotWarnC)),
    hotCritC: min(profiles.map((p) => p.profile.hotCritC)),
    daySetpointC: max(profiles.map((p) => p.profile.stageTargets[stageOf(p.batch.stage)].dayC.lo)),
    nightSetpointC: max(profiles.map((p) => p.profile.stageTargets[stageOf(p.batch.stage)].nightC.lo)),
    vwcLowerPct: max(profiles.map((p) => p.profile.moisture[stageOf(p.batch.stage)].vwcLowerPct)),
    vwcUpperPct: min(profiles.map((p) => p.profile.moisture[stageOf(p.batch.stage)].vwcUpperPct)),
    highHumidityApplies: zoneKind === 'greenhouse',
    healingActive:
      zoneKind === 'healing' &&
      active.some((batch) => batch.stage === 'healing' || batch.recentlyGrafted === true),
    healingRhLowPct: 85,
    healingRhClearPct: 90,
    chillingHoursMax: 24,
  };
  return overrides.reduce<ZoneThresholds>((result, override) => ({ ...result, ...override }), derived);
}
