/**
 * What a technician's entry on a batch (sowing, a count, a cull, a move, a graft, a correction)
 * changed downstream: the matching re-runs inside the same transaction and the answer says which
 * orders it left short ("3 orders now short: 1,200 seedlings") or made whole again.
 */
export interface EntryImpact {
  /** Orders with a line that went short, or shorter, through this entry. */
  readonly ordersNowShort: readonly string[];
  /** Seedlings those lines now miss beyond what they missed before. */
  readonly seedlingsNowShort: number;
  /** Orders with a line that was short and is whole again. */
  readonly ordersRecovered: readonly string[];
}

/** Where a batch's trays stand, derived from its created and move events (never stored apart). */
export interface BatchLocation {
  readonly zone: string;
  readonly benches: string | null;
  readonly trays: number;
}

/** One place a batch's trays stood in, from when until when (null `until`: still there). */
export interface BatchStay extends BatchLocation {
  /** When the trays came (null for a batch whose events do not say). */
  readonly from: string | null;
  readonly until: string | null;
}
