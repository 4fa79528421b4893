import type { CropProfile, StageKey } from '#agronomy';
import {
  climateStageOf,
  targetStageOf,
  type LimitBatchSource,
  type LimitInForceResponse,
  type LimitKey,
  type LimitSource,
  type ZoneKind,
} from '#contracts';
import type { HouseLimits } from './house-limits.js';
import { HIGH_HUMIDITY_RH_PCT, type ZoneKindForAlarms, deriveThresholds } from './thresholds.js';
import type { CropProfileSet } from './crop-profiles.js';

/** How deriveThresholds picks a crop-set limit: the most sensitive crop in the house wins. */
const CROP_LIMITS: readonly {
  readonly key: Exclude<LimitKey, 'highHumidityRhPct' | 'healingRhLowPct'>;
  readonly unit: '°C' | '%';
  readonly pick: 'max' | 'min';
  readonly of: (profile: CropProfile, stage: StageKey) => number;
}[] = [
  { key: 'daySetpointC', unit: '°C', pick: 'max', of: (p, s) => p.stageTargets[s].dayC.lo },
  { key: 'nightSetpointC', unit: '°C', pick: 'max', of: (p, s) => p.stageTargets[s].nightC.lo },
  { key: 'coldWarnC', unit: '°C', pick: 'max', of: (p) => p.coldWarnC },
  { key: 'coldCritC', unit: '°C', pick: 'max', of: (p) => p.coldCritC },
  { key: 'hotWarnC', unit: '°C', pick: 'min', of: (p) => p.hotWarnC },
  { key: 'hotCritC', unit: '°C', pick: 'min', of: (p) => p.hotCritC },
  { key: 'vwcLowerPct', unit: '%', pick: 'max', of: (p, s) => p.moisture[s].vwcLowerPct },
  { key: 'vwcUpperPct', unit: '%', pick: 'min', of: (p, s) => p.moisture[s].vwcUpperPct },
];

/**
 * The limits in force in a house, each beside its source (issue 18): the batches whose crop and
 * stage set it (the most sensitive wins, so every batch that reaches the winning value is named),
 * the fallback crop when the house holds none, the manager's override that set it last, or the zone
 * kind or alarm rule that fixes it. Follows deriveThresholds (thresholds.ts) step by step; the
 * values are those of `limits.thresholds`, so the two cannot disagree on a number.
 */
export function limitSources(limits: HouseLimits, profiles: CropProfileSet): LimitInForceResponse[] {
  const { house, thresholds, applicable } = limits;
  const crops = limits.batches
    .filter((batch) => profiles.has(batch.crop))
    .map((batch) => {
      const stage = climateStageOf(batch.stage);
      return {
        batch: { code: batch.code, crop: batch.crop, stage: batch.stage } satisfies LimitBatchSource,
        stage: targetStageOf(stage),
        profile: profiles.profile(batch.crop, batch.variety),
      };
    });
  const overrideOf = (key: LimitKey): LimitSource | undefined => {
    for (let i = applicable.length - 1; i >= 0; i--) {
      if (applicable[i].thresholds[key as keyof typeof thresholds] !== undefined)
        return { kind: 'override', zone: applicable[i].zone, stage: applicable[i].stage };
    }
    return undefined;
  };
  const fallback = profiles.emptyHouse;
  // What the catalogue alone gives (the crops, the empty-house setting, the zone kind), so that the
  // alarm set-up can show it beside an override that hides it.
  const catalogue = deriveThresholds(house.kind as ZoneKindForAlarms, limits.crops, profiles);
  const result: LimitInForceResponse[] = [];
  for (const limit of CROP_LIMITS) {
    let source = overrideOf(limit.key);
    if (source === undefined && limit.key === 'hotWarnC' && house.kind === 'healing')
      source = { kind: 'zone-kind', zoneKind: 'healing' };
    if (source === undefined && crops.length === 0)
      source = { kind: 'fallback', crop: fallback.crop, stage: targetStageOf(fallback.stage) };
    if (source === undefined) {
      const values = crops.map((crop) => limit.of(crop.profile, crop.stage));
      const winning = limit.pick === 'max' ? Math.max(...values) : Math.min(...values);
      const batches = crops.filter((_, i) => values[i] === winning).map((crop) => crop.batch);
      source = { kind: 'crop', batches };
    }
    result.push({
      key: limit.key,
      value: thresholds[limit.key],
      unit: limit.unit,
      source,
      catalogueValue: catalogue[limit.key],
    });
  }
  if (thresholds.highHumidityApplies)
    result.push({
      key: 'highHumidityRhPct',
      value: HIGH_HUMIDITY_RH_PCT,
      unit: '%',
      source: { kind: 'rule' },
      catalogueValue: HIGH_HUMIDITY_RH_PCT,
    });
  if (thresholds.healingActive)
    result.push({
      key: 'healingRhLowPct',
      value: thresholds.healingRhLowPct,
      unit: '%',
      source: overrideOf('healingRhLowPct') ?? { kind: 'zone-kind', zoneKind: house.kind as ZoneKind },
      catalogueValue: catalogue.healingRhLowPct,
    });
  return result;
}
