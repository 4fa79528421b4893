// The bands a passport judges a batch's climate against, and the base temperature of its
// degree-days: the same limits the alarms hold that batch to, so the passport and the alarm list
// never disagree about what "out of range" means.
import type { CropProfile } from '#agronomy';
import { type ClimateStage, type PassportMetric } from '#contracts';
import { HIGH_HUMIDITY_RH_PCT, type ZoneThresholds } from '../thresholds/thresholds.js';
import type { Band } from './held-readings.js';

/**
 * Cool-season crops of the catalogue's seed: they grow from about 4–5 °C (docs/agronomy.md). A crop
 * the manager adds counts as cool-season when its frost limit is at or below 0 °C.
 */
const COOL_SEASON = new Set(['cabbage', 'broccoli', 'chinese_cabbage', 'lettuce', 'celery']);

/** Base temperature of the degree-days: 10 °C for warm-season crops, 5 °C for cool-season ones. */
export function degreeDayBaseC(profile: CropProfile): number {
  return COOL_SEASON.has(profile.key) || profile.coldCritC <= 0 ? 5 : 10;
}

/**
 * Per metric, the band for a batch at one climate stage in one kind of room, from its own limits
 * (`thresholds`: its crop, variety, stage and the overrides where it stood):
 * - air temperature: between the cold and the heat warnings;
 * - substrate moisture: the stage's moisture band;
 * - humidity: in the germination room at least the crop's germination humidity, grafts healing at
 *   least the healing floor, in a greenhouse at most the high-humidity limit; outdoors none.
 */
export function passportBands(
  thresholds: ZoneThresholds,
  profile: CropProfile,
  stage: ClimateStage,
  zoneKind: string,
): Record<PassportMetric, Band> {
  const humidity: Band =
    stage === 'germination' && zoneKind === 'germination'
      ? { lo: profile.rhGermPct.lo, hi: null }
      : stage === 'healing' || thresholds.healingActive
        ? { lo: thresholds.healingRhLowPct, hi: null }
        : thresholds.highHumidityApplies
          ? { lo: null, hi: HIGH_HUMIDITY_RH_PCT }
          : { lo: null, hi: null };
  return {
    air_temp_c: { lo: thresholds.coldWarnC, hi: thresholds.hotWarnC },
    substrate_vwc_pct: { lo: thresholds.vwcLowerPct, hi: thresholds.vwcUpperPct },
    air_rh_pct: humidity,
  };
}
