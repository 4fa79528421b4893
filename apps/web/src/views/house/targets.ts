import {
  climateStageOf,
  isGrowing,
  isNightHour,
  targetStageOf,
  type BatchResponse,
  type CropResponse,
  type NumberRange,
} from '#contracts';

/**
 * The air temperature a house should hold for the batches in it: each batch's crop and stage give a
 * day and a night band (libs/agronomy's stage targets, served by GET /api/crops); the house's band
 * is what they share. Used by the house cards and by the move form's warning.
 */

export interface Band {
  lo: number;
  hi: number;
}

/** One crop in one stage in the house, with its day and night air targets (libs/agronomy). */
export interface StageTarget {
  crop: string;
  stage: string;
  day: Band | null;
  night: Band | null;
}

export interface HouseTargets {
  /** The common band of every batch (the most sensitive crop wins), per period; null when they disagree. */
  day: Band | null;
  night: Band | null;
  /** Each crop and stage, shown when the batches have no common band. */
  each: StageTarget[];
  /** The period now, by the nursery's clock (06:00–18:00 is day, as the alarm rules count it). */
  period: 'day' | 'night';
}

const readBand = (range: NumberRange | undefined): Band | null =>
  range ? { lo: Math.min(range.lo, range.hi), hi: Math.max(range.lo, range.hi) } : null;

function intersect(bands: (Band | null)[]): Band | null {
  const known = bands.filter((b): b is Band => b !== null);
  if (known.length === 0) return null;
  const lo = Math.max(...known.map((b) => b.lo));
  const hi = Math.min(...known.map((b) => b.hi));
  // Disjoint or a single degree: no temperature suits them all, so show each crop's own targets.
  return hi - lo >= 1 ? { lo, hi } : null;
}

export function houseTargets(
  batches: BatchResponse[],
  crops: Map<string, CropResponse>,
  hour: number,
): HouseTargets | null {
  const each: StageTarget[] = [];
  for (const batch of batches) {
    if (!isGrowing(batch.stage)) continue;
    const stage = targetStageOf(climateStageOf(batch.stage));
    const targets = crops.get(batch.crop)?.stageTargets[stage];
    const day = readBand(targets?.dayC);
    const night = readBand(targets?.nightC);
    if (!day && !night) continue;
    if (each.some((e) => e.crop === batch.crop && e.stage === batch.stage)) continue;
    each.push({ crop: batch.crop, stage: batch.stage, day, night });
  }
  if (each.length === 0) return null;
  return {
    day: intersect(each.map((e) => e.day)),
    night: intersect(each.map((e) => e.night)),
    each,
    period: isNightHour(hour) ? 'night' : 'day',
  };
}

/** The bands to draw now: the common one, else each crop's own. */
export function bandsNow(targets: HouseTargets | null): Band[] {
  if (!targets) return [];
  const common = targets[targets.period];
  if (common) return [common];
  const seen = new Set<string>();
  const bands: Band[] = [];
  for (const e of targets.each) {
    const band = e[targets.period];
    if (band && !seen.has(`${band.lo}-${band.hi}`)) {
      seen.add(`${band.lo}-${band.hi}`);
      bands.push(band);
    }
  }
  return bands;
}

export const bandText = (band: Band | null) => (band ? `${band.lo}–${band.hi} °C` : '—');
