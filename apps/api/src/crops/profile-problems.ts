import { STAGE_KEYS, type CropProfile, type NumberRange } from '#agronomy';
import type { CropProblem } from '#contracts';

/** The first thing wrong with a merged profile, by field path, or undefined when it is sound. */
export interface ProfileProblem {
  readonly field: string;
  readonly reason: CropProblem;
}

const RANGES: readonly (keyof CropProfile)[] = [
  'germinationC',
  'emergeDays',
  'substrateGermC',
  'substrateGrowC',
  'rhGermPct',
  'rhGrowPct',
  'hardDays',
];

const reversed = (range: NumberRange | undefined) => range !== undefined && range.lo > range.hi;

/**
 * What the validators cannot see field by field, checked on the profile an edit would leave (the
 * crop's, or a variety's over its crop): every range low ≤ high, cold and heat limits in order,
 * each moisture floor below its ceiling, one price per tray, at least one season grown. Rates and
 * positive prices are the DTO's (each value alone).
 */
export function profileProblem(profile: CropProfile): ProfileProblem | undefined {
  for (const field of RANGES)
    if (reversed(profile[field] as NumberRange)) return { field, reason: 'range-reversed' };
  for (const stage of STAGE_KEYS) {
    const target = profile.stageTargets[stage];
    if (reversed(target.dayC)) return { field: `stageTargets.${stage}.dayC`, reason: 'range-reversed' };
    if (reversed(target.nightC)) return { field: `stageTargets.${stage}.nightC`, reason: 'range-reversed' };
    const moisture = profile.moisture[stage];
    if (moisture.vwcLowerPct >= moisture.vwcUpperPct)
      return { field: `moisture.${stage}.vwcLowerPct`, reason: 'moisture-reversed' };
  }
  if (reversed(profile.spec.heightCm)) return { field: 'spec.heightCm', reason: 'range-reversed' };
  if (profile.coldCritC > profile.coldWarnC) return { field: 'coldCritC', reason: 'limits-reversed' };
  if (profile.coldWarnC >= profile.hotWarnC) return { field: 'coldWarnC', reason: 'limits-reversed' };
  if (profile.hotWarnC > profile.hotCritC) return { field: 'hotWarnC', reason: 'limits-reversed' };
  const cells = profile.prices.map((row) => row.cells);
  if (new Set(cells).size !== cells.length) return { field: 'prices', reason: 'tray-priced-twice' };
  if (Object.values(profile.daysToSaleable).every((days) => days === null))
    return { field: 'daysToSaleable', reason: 'no-season' };
  const chilling = profile.chilling;
  if (chilling && chilling.fromC !== null && chilling.fromC > chilling.toC)
    return { field: 'chilling', reason: 'range-reversed' };
  return undefined;
}
