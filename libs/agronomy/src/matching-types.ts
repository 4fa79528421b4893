/**
 * Input and output of the order–batch matching engine (docs/domain.md §3.4).
 *
 * Shaped for a service: load rows from PostgreSQL into a `MatchingState`, call `matchOrders(state)`
 * (or `rematch`, the same function), then persist `MatchResult`: replace the lines' allocations with
 * `allocations`, insert `plannedBatches` (their `id` is provisional: map it to the inserted row id in
 * the allocations that reference it) and write each line's `outcome`. Every field is plain data
 * (strings, numbers, booleans, null), so rows map one to one and results serialise to JSON.
 */
import type { IsoDate } from './calendar.js';
import type { CropCatalogue, CropKey } from './crops.js';
import type { PlanningLossTable } from './loss-history.js';

/** 'nursery' for nursery-supplied seed, otherwise the buyer id that supplied the seed (来种代育, §3.1). */
export type SeedOwner = 'nursery' | (string & {});

export const NURSERY_SEED: SeedOwner = 'nursery';

/** `planned`: a sowing plan not sown yet; `active`: sown and growing (or ready). */
export type BatchStatus = 'planned' | 'active';

export interface MatchingBatch {
  readonly id: string;
  readonly crop: CropKey;
  /** null: cultivar not recorded (the nursery's choice). */
  readonly cultivar: string | null;
  /** Cells per tray (tray size). */
  readonly cells: number;
  readonly grafted: boolean;
  readonly seedOwner: SeedOwner;
  /** Greenhouse zone holding the batch's benches (gh1, gh2, gh3, §4). */
  readonly zone: string;
  readonly sowDate: IsoDate;
  /** Trays on the bench (occupancy, §3.6). */
  readonly trays: number;
  readonly readyFrom: IsoDate;
  readonly readyUntil: IsoDate;
  /** Best current forecast of saleable seedlings (`forecastSaleable` in planning.ts). */
  readonly forecastSaleable: number;
  readonly status: BatchStatus;
}

/** Seedlings of one batch reserved for one order line. */
export interface ExistingAllocation {
  readonly lineId: string;
  readonly batchId: string;
  readonly quantity: number;
}

/**
 * `open`: never matched. `confirmed`: fully allocated at `confirmedDate`. `waitlisted`: holds nothing.
 * `short`: a shortfall cut its allocation below its quantity. `cancelled`: releases its allocation.
 */
export type OrderLineStatus = 'open' | 'confirmed' | 'waitlisted' | 'short' | 'cancelled';

export interface MatchingOrderLine {
  readonly id: string;
  readonly orderId: string;
  /** ISO timestamp of order placement: arrival order (ties broken by line id). */
  readonly placedAt: string;
  readonly crop: CropKey;
  readonly quantity: number;
  /** Delivery window; a single wanted date has `wantedFrom === wantedUntil`. */
  readonly wantedFrom: IsoDate;
  readonly wantedUntil: IsoDate;
  /** null: any cultivar of the crop will do. */
  readonly cultivar: string | null;
  /** Cells per tray; null: the crop's default tray (§1.4 `trays_default`). */
  readonly cells: number | null;
  readonly grafted: boolean;
  readonly seedOwner: SeedOwner;
  readonly status: OrderLineStatus;
  /** The promised date of a confirmed (or short) line; never moved later by re-matching. */
  readonly confirmedDate: IsoDate | null;
}

export interface ZoneCapacity {
  readonly zone: string;
  /** Trays the zone's benches hold at once (§3.6: ~4.5–5.5 trays per m² of floor). */
  readonly benchTrays: number;
}

export interface NurseryCapacity {
  readonly zones: readonly ZoneCapacity[];
  /** Trays the germination room holds at once (§3.2 constraint; stacked trays). */
  readonly germinationRoomTrays: number;
}

/** fifo: the latest-placed lines lose first. pro_rata: every line on the batch loses the same share. */
export type ShortfallPolicy = 'fifo' | 'pro_rata';

export interface MatchingSettings {
  /** Refill (补苗) trays sown per planned lot (§3.2, default 2). */
  readonly refillTrays: number;
  readonly shortfallPolicy: ShortfallPolicy;
  /** How many days ahead of today sowings are planned and delivery dates searched. */
  readonly horizonDays: number;
  /** Days a ready batch may wait (§2.5 default 7): the length of a planned batch's ready window. */
  readonly holdDays: number;
}

export const DEFAULT_MATCHING_SETTINGS: MatchingSettings = {
  refillTrays: 2,
  shortfallPolicy: 'fifo',
  horizonDays: 180,
  holdDays: 7,
};

/** Everything the engine needs; the service loads it, the engine never reads anything else. */
export interface MatchingState {
  readonly batches: readonly MatchingBatch[];
  readonly allocations: readonly ExistingAllocation[];
  readonly lines: readonly MatchingOrderLine[];
  readonly catalogue: CropCatalogue;
  readonly capacity: NurseryCapacity;
  readonly settings: MatchingSettings;
  /** The injected clock: today's date at the nursery. */
  readonly today: IsoDate;
  /**
   * The loss new sowings are sized with where a crop's own finished batches are used instead of the
   * catalogue (loss-history.ts); absent crops and seasons plan on the catalogue.
   */
  readonly planningLoss?: PlanningLossTable;
}

export interface Allocation {
  readonly lineId: string;
  readonly batchId: string;
  readonly quantity: number;
  /** Delivery date the seedlings are promised for. */
  readonly date: IsoDate;
}

/** A new sowing the engine scheduled; `id` is provisional (`plan-<lineId>-<n>`) until the service inserts it. */
export interface PlannedBatch extends MatchingBatch {
  readonly status: 'planned';
  readonly cellsSown: number;
  readonly refillTrays: number;
  /** The fractions it was sized with (`plannedFractions`): the service stores them on the batch. */
  readonly emergePct: number;
  readonly saleablePct: number;
}

export interface ShortAlternative {
  /** What the line can still have on its promised date. */
  readonly partialQuantity: number;
  readonly partialDate: IsoDate;
  /** The earliest later date the missing seedlings could be served (from stock or a new sowing), or null. */
  readonly nextDate: IsoDate | null;
}

export type LineOutcome =
  | {
      readonly lineId: string;
      readonly outcome: 'confirmed';
      readonly date: IsoDate;
      readonly batchIds: readonly string[];
      readonly allocated: number;
    }
  | {
      readonly lineId: string;
      readonly outcome: 'waitlisted';
      /** Earliest delivery date that would work today, or null within the horizon. */
      readonly earliestDate: IsoDate | null;
      readonly allocated: 0;
    }
  | {
      readonly lineId: string;
      readonly outcome: 'short';
      readonly date: IsoDate;
      readonly batchIds: readonly string[];
      readonly allocated: number;
      readonly missing: number;
      readonly alternative: ShortAlternative;
    }
  | { readonly lineId: string; readonly outcome: 'cancelled'; readonly allocated: 0 };

export interface MatchResult {
  /** The complete set of allocations after matching (existing ones kept, cut or released). */
  readonly allocations: readonly Allocation[];
  readonly plannedBatches: readonly PlannedBatch[];
  /** One outcome per input line, in arrival order. */
  readonly outcomes: readonly LineOutcome[];
}

/** `GET /api/availability?crop=&quantity=&date=` (cultivar, tray and grafted optional). */
export interface AvailabilityQuery {
  readonly crop: CropKey;
  readonly quantity: number;
  readonly date: IsoDate;
  readonly cultivar?: string | null;
  readonly cells?: number | null;
  readonly grafted?: boolean;
  readonly seedOwner?: SeedOwner;
}

export interface Availability {
  /** True when an order placed now would be confirmed for `date`. */
  readonly canConfirm: boolean;
  /** `date` when it can be confirmed, else the earliest later date that works, or null. */
  readonly earliestDate: IsoDate | null;
}
