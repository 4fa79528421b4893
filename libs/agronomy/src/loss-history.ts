/**
 * The overage a sowing plan sizes with, from the nursery's own finished batches (issue 25 item 4,
 * docs/agronomy.md "The overage from the nursery's own losses").
 *
 * The catalogue plans on emergence × saleable rate (§1.4 planning floors): cells = quantity / (e × s).
 * Its loss share is 1 − e × s. A finished batch tells what really happened: of the cells of its
 * seedling trays, how many gave a seedling, and what the culls took, cause by cause. Pooled over a
 * crop's finished batches of one season, that is the history's loss share, and once it rests on
 * `HISTORY_MIN_BATCHES` batches the plan sizes with it instead of the catalogue's.
 */
import { seasonOf } from './calendar.js';
import {
  type CropCatalogue,
  type CropKey,
  type CropProfile,
  type Season,
  SEASONS,
  emergeFractionFor,
} from './crops.js';

/** A crop's history is used once it rests on this many finished batches (the three). */
export const HISTORY_MIN_BATCHES = 3;

/**
 * The most a history may take: a plan sown for half its cells lost (twice the cells) is as far as a
 * formula goes; a worse record is for the manager to act on, not for the plan to double again.
 */
export const HISTORY_MAX_LOSS = 0.5;

/** The part of a batch's loss no cull explains: cells that never came up, seedlings below spec. */
export const UNCULLED_LOSS = 'not-emerged';

/** One finished batch as the history reads it. */
export interface FinishedBatch {
  readonly crop: CropKey;
  /** The planning season of its sowing (`seasonOf(sowDate)`). */
  readonly season: Season;
  /** Cells of its seedling trays; refill trays are left out, as the plan's overage leaves them out. */
  readonly cells: number;
  /** Seedlings it gave: sold, or saleable and left over when it closed. */
  readonly good: number;
  /**
   * Seedlings culled, by cause code. Over-aging is left out by the reader: those were saleable
   * seedlings nobody bought, a loss of the order book, not of growing.
   */
  readonly culled: Readonly<Record<string, number>>;
}

export interface CauseShare {
  readonly cause: string;
  readonly seedlings: number;
  /** Seedlings over the cells sown. */
  readonly share: number;
}

/** The loss a set of finished batches shows, pooled: a large batch weighs more than a small one. */
export interface LossHistory {
  readonly batches: number;
  readonly cells: number;
  readonly lost: number;
  /** Lost over cells sown; the causes' shares add up to it. */
  readonly lossShare: number;
  /** Largest first; `not-emerged` is what the culls do not explain. */
  readonly causes: readonly CauseShare[];
}

/** Which figure a plan sizes with, and why. */
export type OverageBasis = 'catalogue' | 'season' | 'all-seasons';
export type OverageReason = 'history' | 'too-few-batches' | 'other-seasons-lower';

export interface PlanningLoss {
  readonly crop: CropKey;
  readonly season: Season;
  /** 1 − emergence × saleable rate of the catalogue, for this season. */
  readonly catalogueLoss: number;
  /** This season's finished batches (null: none). */
  readonly seasonHistory: LossHistory | null;
  /** Every season's finished batches (null: none). */
  readonly allSeasonsHistory: LossHistory | null;
  readonly basis: OverageBasis;
  readonly reason: OverageReason;
  /** The loss share the plan sizes with. */
  readonly lossShare: number;
  /** Where the history was held in: `cap` (HISTORY_MAX_LOSS), `emergence` (see plannedFractions). */
  readonly limit: 'cap' | 'emergence' | null;
}

/** Crop → sowing season → the loss share a plan sizes with, where the history is used. */
export type PlanningLossTable = Readonly<Record<CropKey, Partial<Record<Season, number>>>>;

/** Sown cells over seedlings − 1 for a loss share: 19 % lost → 23.5 % more cells (§3.2). */
export function overageOf(lossShare: number): number | null {
  return lossShare < 1 ? 1 / (1 - lossShare) - 1 : null;
}

/**
 * Pools finished batches into one loss figure (null when there are none). A batch lost the cells that
 * gave no seedling; where its culls add up to more (plants refilled from the refill trays, then
 * culled), the culls are its loss.
 */
export function lossHistory(batches: readonly FinishedBatch[]): LossHistory | null {
  let count = 0;
  let cells = 0;
  let lost = 0;
  const byCause = new Map<string, number>();
  for (const batch of batches) {
    if (batch.cells <= 0) continue;
    count += 1;
    cells += batch.cells;
    let culled = 0;
    for (const [cause, seedlings] of Object.entries(batch.culled)) {
      if (seedlings <= 0) continue;
      culled += seedlings;
      byCause.set(cause, (byCause.get(cause) ?? 0) + seedlings);
    }
    const batchLost = Math.max(culled, Math.min(batch.cells, Math.max(0, batch.cells - batch.good)));
    lost += batchLost;
    if (batchLost > culled)
      byCause.set(UNCULLED_LOSS, (byCause.get(UNCULLED_LOSS) ?? 0) + batchLost - culled);
  }
  if (count === 0) return null;
  return {
    batches: count,
    cells,
    lost,
    lossShare: lost / cells,
    causes: [...byCause.entries()]
      .map(([cause, seedlings]) => ({ cause, seedlings, share: seedlings / cells }))
      .sort((a, b) => b.seedlings - a.seedlings || a.cause.localeCompare(b.cause)),
  };
}

/** The catalogue's loss share for a sowing season: 1 − emergence × saleable rate. */
export function catalogueLoss(crop: CropProfile, season: Season): number {
  return 1 - emergeFractionFor(crop, season) * crop.saleablePct;
}

/**
 * Which loss a plan for `crop` sown in `season` sizes with:
 * 1. the season's own history, once it rests on HISTORY_MIN_BATCHES finished batches;
 * 2. else every season's history, once that does, but never below the catalogue's figure for this
 *    season: other seasons' losses may add cells (a cold winter's damping-off is no less likely in
 *    spring), never take them away (summer heat keeps lettuce from coming up, §1.5, whatever spring
 *    showed);
 * 3. else the catalogue.
 * A used history is held to at most HISTORY_MAX_LOSS, and to at least the catalogue's non-emergence
 * (the emergence floor, see `plannedFractions`).
 */
export function planningLoss(
  crop: CropProfile,
  season: Season,
  finished: readonly FinishedBatch[],
): PlanningLoss {
  const ofCrop = finished.filter((batch) => batch.crop === crop.key);
  const seasonHistory = lossHistory(ofCrop.filter((batch) => batch.season === season));
  const allSeasonsHistory = lossHistory(ofCrop);
  const fromCatalogue = catalogueLoss(crop, season);
  const base = { crop: crop.key, season, catalogueLoss: fromCatalogue, seasonHistory, allSeasonsHistory };
  const chosen: { basis: OverageBasis; history: LossHistory } | null =
    seasonHistory && seasonHistory.batches >= HISTORY_MIN_BATCHES
      ? { basis: 'season', history: seasonHistory }
      : allSeasonsHistory && allSeasonsHistory.batches >= HISTORY_MIN_BATCHES
        ? { basis: 'all-seasons', history: allSeasonsHistory }
        : null;
  if (!chosen)
    return { ...base, basis: 'catalogue', reason: 'too-few-batches', lossShare: fromCatalogue, limit: null };
  if (chosen.basis === 'all-seasons' && chosen.history.lossShare < fromCatalogue)
    return {
      ...base,
      basis: 'catalogue',
      reason: 'other-seasons-lower',
      lossShare: fromCatalogue,
      limit: null,
    };
  const floor = 1 - emergeFractionFor(crop, season);
  const observed = chosen.history.lossShare;
  const lossShare = Math.max(floor, Math.min(HISTORY_MAX_LOSS, observed));
  const limit = lossShare < observed ? 'cap' : lossShare > observed ? 'emergence' : null;
  return { ...base, basis: chosen.basis, reason: 'history', lossShare, limit };
}

/** Every crop and season the crop is sown in: the figures the plan uses and shows. */
export function planningLosses(catalogue: CropCatalogue, finished: readonly FinishedBatch[]): PlanningLoss[] {
  const losses: PlanningLoss[] = [];
  for (const crop of Object.values(catalogue))
    for (const season of SEASONS)
      if (crop.daysToSaleable[season] !== null) losses.push(planningLoss(crop, season, finished));
  return losses;
}

/** The table the matching engine reads: only the crops and seasons that plan on their history. */
export function planningLossTable(losses: readonly PlanningLoss[]): PlanningLossTable {
  const table: Record<CropKey, Partial<Record<Season, number>>> = {};
  for (const loss of losses)
    if (loss.basis !== 'catalogue') (table[loss.crop] ??= {})[loss.season] = loss.lossShare;
  return table;
}

/**
 * The emergence and saleable fractions a planned sowing is sized and stored with. Emergence stays the
 * catalogue's: it belongs to the seed, and at sowing the seed lot's germination test replaces it
 * (batch-records `sow`). The history's loss goes into the saleable rate, which the batch keeps from
 * plan to sale, so a planned batch's forecast does not jump when it is sown. A saleable rate cannot
 * pass 1, so the history lowers the loss down to the catalogue's non-emergence and no further.
 */
export function plannedFractions(
  crop: CropProfile,
  season: Season,
  table: PlanningLossTable | undefined,
): { emergePct: number; saleablePct: number } {
  const emergePct = emergeFractionFor(crop, season);
  const loss = table?.[crop.key]?.[season];
  if (loss === undefined) return { emergePct, saleablePct: crop.saleablePct };
  return { emergePct, saleablePct: Math.min(1, (1 - loss) / emergePct) };
}

/** A closed batch's counts as stored, with its culls summed by cause (over-aging left out). */
export interface ClosedBatchCounts {
  readonly crop: CropKey;
  readonly sowDate: string;
  /** Cells per tray. */
  readonly cells: number;
  readonly trays: number;
  readonly refillTrays: number;
  readonly emerged: number | null;
  readonly survived: number | null;
  readonly refilled: number;
  readonly culled: number;
  readonly saleable: number | null;
  readonly culls: Readonly<Record<string, number>>;
}

/**
 * A closed batch as the history reads it, or null when its seedlings were never counted (its
 * forecast was the catalogue's own, so it tells nothing new). The seedlings it gave are the saleable
 * count; where only emergence (or grafting survival) was counted, the standing seedlings at the
 * catalogue's saleable rate. Never the batch's own rate: a batch planned on the history carries the
 * history in it, and the next figure would feed on the last.
 */
export function finishedBatchOf(counts: ClosedBatchCounts, crop: CropProfile): FinishedBatch | null {
  const living = counts.survived ?? counts.emerged;
  const good =
    counts.saleable ??
    (living === null
      ? null
      : Math.floor(Math.max(0, living + counts.refilled - counts.culled) * crop.saleablePct + 1e-9));
  if (good === null) return null;
  return {
    crop: counts.crop,
    season: seasonOf(counts.sowDate),
    cells: Math.max(0, counts.trays - counts.refillTrays) * counts.cells,
    good,
    culled: counts.culls,
  };
}
