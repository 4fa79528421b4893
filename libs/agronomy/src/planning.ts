/**
 * Backward sowing plans and batch forecasts (docs/domain.md §3.2).
 *
 * sow date = wanted date − days to saleable (season of the SOW date) − graft extra days; cells needed =
 * ceil(quantity / (emerge × saleable)); trays = ceil(cells / cells per tray) + refill trays (补苗 stock).
 */
import { type IsoDate, fromDayNumber, seasonOfDay, toDayNumber } from './calendar.js';
import { type CropProfile, type Season, DEFAULT_HOLD_DAYS, SEASONS } from './crops.js';
import { type PlanningLossTable, plannedFractions } from './loss-history.js';

/** §3.2 / [HUACAI]: nurseries sow 1–2 extra trays per lot as refill stock. */
export const DEFAULT_REFILL_TRAYS = 2;

/** Float products like 0.9 × 0.9 = 0.8100000000000001 must not push an exact quotient one cell up. */
const ROUNDING_TOLERANCE = 1e-9;

export interface SowDateResolution {
  readonly sowDate: IsoDate;
  readonly season: Season;
  /** Days sowing → saleable used (including graft extra days). */
  readonly seedlingAgeDays: number;
  /**
   * False when no season is consistent with its own sow date (a wanted date just after a season change):
   * the sow date is then the latest one whose seedlings are ready on or before the wanted date.
   */
  readonly consistent: boolean;
  /** The date the seedlings become saleable (equals the wanted date when consistent). */
  readonly readyDate: IsoDate;
}

/** Seedling age in days for a sowing on `sowDay`, or null when the crop is not sown in that season. */
export function seedlingAgeDays(crop: CropProfile, season: Season, grafted: boolean): number | null {
  const base = crop.daysToSaleable[season];
  if (base === null) {
    return null;
  }
  return grafted ? base + (crop.graftExtraDays ?? 0) : base;
}

/** Latest day on or before `dayNumber` that falls in `season` (at most a year back). */
function latestDayInSeason(dayNumber: number, season: Season): number | null {
  for (let day = dayNumber; day > dayNumber - 366; day -= 1) {
    if (seasonOfDay(day) === season) {
      return day;
    }
  }
  return null;
}

/**
 * Resolves the circular season ↔ sow date dependency. Each season with known days gives a candidate sow
 * date; a candidate is consistent when it falls in that same season. Boundary rule: prefer the LATEST
 * consistent sow date (fresher seedlings, shorter bench time). When none is consistent, take the latest
 * sow date whose own season's age makes it ready on or before the wanted date, so the buyer is never
 * late; it may then be ready a few days early and wait in hardening. Returns null when the crop cannot
 * be sown for that date at all (for example Chinese cabbage has no winter sowing, §1.4).
 */
export function resolveSowDate(
  crop: CropProfile,
  wantedDate: IsoDate,
  grafted: boolean,
): SowDateResolution | null {
  const wantedDay = toDayNumber(wantedDate);
  let best: {
    day: number;
    season: Season;
    age: number;
    consistent: boolean;
  } | null = null;
  for (const season of SEASONS) {
    const age = seedlingAgeDays(crop, season, grafted);
    if (age === null) {
      continue;
    }
    const candidate = wantedDay - age;
    if (seasonOfDay(candidate) === season && (!best || !best.consistent || candidate > best.day)) {
      best = { day: candidate, season, age, consistent: true };
    }
  }
  if (!best) {
    for (const season of SEASONS) {
      const age = seedlingAgeDays(crop, season, grafted);
      const day = age === null ? null : latestDayInSeason(wantedDay - age, season);
      if (age !== null && day !== null && (!best || day > best.day)) {
        best = { day, season, age, consistent: false };
      }
    }
  }
  if (!best) {
    return null;
  }
  return {
    sowDate: fromDayNumber(best.day),
    season: best.season,
    seedlingAgeDays: best.age,
    consistent: best.consistent,
    readyDate: fromDayNumber(best.day + best.age),
  };
}

export interface SowingPlanRequest {
  readonly crop: CropProfile;
  readonly quantity: number;
  readonly wantedDate: IsoDate;
  /** Cells per tray; the crop's default tray when omitted. */
  readonly cells?: number;
  readonly grafted?: boolean;
  readonly refillTrays?: number;
  /** Override from a seed-lot germination test (§3.2). */
  readonly emergePct?: number;
  readonly holdDays?: number;
  /** The crops whose own finished batches size the overage instead of the catalogue (loss-history.ts). */
  readonly planningLoss?: PlanningLossTable;
}

export interface SowingPlan extends SowDateResolution {
  readonly cells: number;
  readonly cellsNeeded: number;
  /** Trays for the seedlings themselves (the §3.2 worked example's 343). */
  readonly traysForSeedlings: number;
  readonly refillTrays: number;
  readonly trays: number;
  readonly cellsSown: number;
  /** Sown cells over ordered seedlings − 1, refill trays excluded (§3.2: 24 % in the worked example). */
  readonly overage: number;
  readonly readyFrom: IsoDate;
  readonly readyUntil: IsoDate;
}

/** ceil(quantity / (emerge × saleable)), robust to float noise. */
export function cellsNeededFor(quantity: number, emergePct: number, saleablePct: number): number {
  return Math.ceil(quantity / (emergePct * saleablePct) - ROUNDING_TOLERANCE);
}

/** Seedlings expected from a number of cells before any count is taken. */
export function expectedSaleableFromCells(cells: number, emergePct: number, saleablePct: number): number {
  return Math.floor(cells * emergePct * saleablePct + ROUNDING_TOLERANCE);
}

export function planSowing(request: SowingPlanRequest): SowingPlan | null {
  const { crop, quantity, wantedDate } = request;
  const grafted = request.grafted ?? false;
  const resolution = resolveSowDate(crop, wantedDate, grafted);
  if (!resolution) {
    return null;
  }
  const cells = request.cells ?? crop.traysDefault;
  const refillTrays = request.refillTrays ?? DEFAULT_REFILL_TRAYS;
  const fractions = plannedFractions(crop, resolution.season, request.planningLoss);
  const emergePct = request.emergePct ?? fractions.emergePct;
  const cellsNeeded = cellsNeededFor(quantity, emergePct, fractions.saleablePct);
  const traysForSeedlings = Math.ceil(cellsNeeded / cells);
  const trays = traysForSeedlings + refillTrays;
  const readyFromDay = toDayNumber(resolution.readyDate);
  return {
    ...resolution,
    cells,
    cellsNeeded,
    traysForSeedlings,
    refillTrays,
    trays,
    cellsSown: trays * cells,
    overage: (traysForSeedlings * cells) / quantity - 1,
    readyFrom: resolution.readyDate,
    readyUntil: fromDayNumber(readyFromDay + (request.holdDays ?? DEFAULT_HOLD_DAYS)),
  };
}

export interface ReadyWindow {
  readonly readyFrom: IsoDate;
  readonly readyUntil: IsoDate;
}

/**
 * When a batch sown on `sowDate` is saleable, and until when it may wait before over-aging (§3.4:
 * `[ready, ready + hold_days]`). A sowing in a season the table marks n/a uses the longest known age, so
 * such a batch is never promised too early.
 */
export function readyWindow(
  crop: CropProfile,
  sowDate: IsoDate,
  grafted: boolean,
  holdDays: number = DEFAULT_HOLD_DAYS,
): ReadyWindow {
  const sowDay = toDayNumber(sowDate);
  const knownAges = SEASONS.map((season) => seedlingAgeDays(crop, season, grafted)).filter(
    (age): age is number => age !== null,
  );
  const age = seedlingAgeDays(crop, seasonOfDay(sowDay), grafted) ?? Math.max(...knownAges);
  return {
    readyFrom: fromDayNumber(sowDay + age),
    readyUntil: fromDayNumber(sowDay + age + holdDays),
  };
}

/** The counts a batch carries through its life (§3.4). Null = not counted yet. */
export interface BatchCounts {
  readonly cellsSown: number;
  readonly emerged: number | null;
  readonly refilled: number;
  readonly culled: number;
  /** Explicit saleable count, once the grower enters it. */
  readonly saleable: number | null;
  readonly emergePct: number;
  readonly saleablePct: number;
}

/**
 * Forecast saleable seedlings, using the best count available: the explicit saleable count; else
 * (emerged + refilled − culled) × saleable rate once emergence is counted; else cells × emerge × saleable.
 */
export function forecastSaleable(counts: BatchCounts): number {
  if (counts.saleable !== null) {
    return counts.saleable;
  }
  if (counts.emerged !== null) {
    const standing = Math.max(0, counts.emerged + counts.refilled - counts.culled);
    return Math.floor(standing * counts.saleablePct + ROUNDING_TOLERANCE);
  }
  return expectedSaleableFromCells(counts.cellsSown, counts.emergePct, counts.saleablePct);
}
