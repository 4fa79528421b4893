import type { CullCause } from '#contracts';
import type { LocationStay } from '../batches/batch-entries.js';

/**
 * The climate events a cull's cause can come from (issue "a loss ledger tied to the climate"):
 * cold to the cold excursions, heat to the hot ones, drought to dry substrate, waterlogging to
 * over-wet roots, damping-off to the damp that breeds it (high humidity, cold wet roots). Pests,
 * mechanical damage and other causes have no climate link.
 */
export const CAUSE_RULES: Readonly<Record<CullCause, readonly string[]>> = {
  cold: ['frost', 'low-temperature', 'heater-failure', 'chilling-hours'],
  heat: ['overheat', 'overheat-critical', 'bench-heat-fault'],
  drought: ['dry-substrate', 'irrigation-ineffective'],
  waterlogging: ['cold-wet-root-zone', 'irrigation-runaway'],
  'damping-off': ['high-humidity', 'cold-wet-root-zone'],
  pests: [],
  mechanical: [],
  other: [],
};

/** Days before a cull in which a climate event can have caused it. */
export const LINK_DAYS = 7;
const DAY = 86_400_000;

/** A raised alarm as the ledger reads it: one excursion of one rule in one zone, from when until when. */
export interface Excursion {
  readonly id: string;
  readonly rule: string;
  readonly zone: string;
  readonly severity: string;
  readonly raisedAt: number;
  /** Null while still open. */
  readonly clearedAt: number | null;
}

/**
 * The excursions a cull links to: of a rule its cause names, in a place the batch's trays stood in
 * while the excursion lasted, and within `LINK_DAYS` before the cull. A cold night in another house
 * never links to this batch, nor one in this house before the batch came.
 */
export function linkedExcursions(
  cull: { readonly at: number; readonly cause: string },
  stays: readonly LocationStay[],
  excursions: readonly Excursion[],
): Excursion[] {
  const rules = (CAUSE_RULES as Readonly<Record<string, readonly string[] | undefined>>)[cull.cause] ?? [];
  if (rules.length === 0) return [];
  const windowFrom = cull.at - LINK_DAYS * DAY;
  return excursions.filter((excursion) => {
    if (!rules.includes(excursion.rule)) return false;
    const until = excursion.clearedAt ?? cull.at;
    if (excursion.raisedAt > cull.at || until < windowFrom) return false;
    // Stood there while it lasted: the stay overlaps the excursion.
    return stays.some((stay) => {
      if (stay.zone !== excursion.zone) return false;
      const from = stay.from === null ? Number.NEGATIVE_INFINITY : Date.parse(stay.from);
      const to = stay.until === null ? Number.POSITIVE_INFINITY : Date.parse(stay.until);
      return from <= until && to >= excursion.raisedAt;
    });
  });
}
