import { climateStageOf, targetStageOf, type BandConflict } from '#contracts';
import type { CropProfileSet } from './crop-profiles.js';
import type { BatchLimits } from './house-limits.js';

export type { BandConflict };

/**
 * Where the batches of one house share no band: the night air (one batch's night minimum above
 * another's night maximum) and the substrate moisture (one batch's lower limit above another's
 * upper one). One house has one heater and one boom, so the house cannot hold both; the page
 * names the batches, each with its own band, so that someone moves one of them or waters by hand.
 */
export function bandConflicts(batches: readonly BatchLimits[], profiles: CropProfileSet): BandConflict[] {
  const once = [...new Map(batches.map((b) => [b.batch.id, b])).values()];
  if (once.length < 2) return [];
  const night = once.map(({ batch, thresholds }) => {
    const stage = targetStageOf(climateStageOf(batch.stage));
    const target = profiles.profile(batch.crop, batch.variety).stageTargets[stage].nightC;
    return { batch, lo: thresholds.nightSetpointC, hi: Math.max(target.hi, thresholds.nightSetpointC) };
  });
  const moisture = once.map(({ batch, thresholds }) => ({
    batch,
    lo: thresholds.vwcLowerPct,
    hi: thresholds.vwcUpperPct,
  }));
  const conflicts: BandConflict[] = [];
  for (const [metric, bands] of [
    ['nightC', night],
    ['vwcPct', moisture],
  ] as const) {
    const highestLow = Math.max(...bands.map((b) => b.lo));
    const lowestHigh = Math.min(...bands.map((b) => b.hi));
    if (highestLow <= lowestHigh) continue;
    conflicts.push({
      metric,
      batches: bands.map(({ batch, lo, hi }) => ({
        id: batch.id,
        code: batch.code,
        crop: batch.crop,
        stage: batch.stage,
        lo,
        hi,
      })),
    });
  }
  return conflicts;
}
