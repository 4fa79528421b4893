import type { BatchLocation, BatchStay, EntryImpact } from '../batch-entries.js';
import type { CullCause } from '../codes/cull-causes.js';
import type { IsoDate, IsoDateTime } from './common.js';
import type { Season, StageKey } from './crops.js';

export type BatchStage =
  | 'planned'
  | 'sown'
  | 'germinating'
  | 'emerged'
  | 'true_leaf'
  | 'grafted'
  | 'healing'
  | 'hardening'
  | 'ready'
  | 'sold_out'
  | 'culled'
  | 'over_aged';

/** Stages after which a batch holds no saleable seedlings any more (it stays in the records). */
export const FINAL_BATCH_STAGES: readonly BatchStage[] = ['sold_out', 'culled', 'over_aged'];

/** Whether a batch is growing in a house now: sown, and not in a final stage. */
export function isGrowing(stage: string): boolean {
  return stage !== 'planned' && !(FINAL_BATCH_STAGES as readonly string[]).includes(stage);
}

/**
 * The crop stage whose climate applies to a batch in each batch stage: `healing` for grafts while
 * they heal (their own humidity floor), otherwise the stage of the crop's targets and limits.
 */
export type ClimateStage = StageKey | 'healing';

export function climateStageOf(stage: string): ClimateStage {
  switch (stage) {
    case 'sown':
    case 'germinating':
      return 'germination';
    case 'emerged':
      return 'cotyledon';
    case 'healing':
    case 'grafted':
      return 'healing';
    case 'hardening':
    case 'ready':
      return 'hardening';
    default:
      return 'trueLeaf';
  }
}

/** The crop's stage targets and moisture band that apply: healing grafts keep their true-leaf ones. */
export function targetStageOf(stage: ClimateStage): StageKey {
  return stage === 'healing' ? 'trueLeaf' : stage;
}

/** One sowing in one house, with what the matching engine forecasts and has promised of it. */
export interface BatchResponse {
  id: string;
  /** Printed on bench labels, e.g. `B0042`. */
  code: string;
  crop: string;
  cultivar: string | null;
  /** Cells per tray. */
  cells: number;
  grafted: boolean;
  rootstockBatchId: string | null;
  /** 'nursery' or the id of the buyer whose own seed is raised. */
  seedOwner: string;
  seedLot: string | null;
  zone: string;
  benches: string | null;
  trays: number;
  cellsSown: number;
  refillTrays: number;
  sowDate: IsoDate;
  stage: BatchStage;
  emerged: number | null;
  /** Grafted plants alive after healing (a grafted batch only). */
  survived: number | null;
  refilled: number;
  culled: number;
  saleable: number | null;
  walkInSold: number;
  emergePct: number;
  saleablePct: number;
  readyFrom: IsoDate;
  readyUntil: IsoDate;
  note: string | null;
  createdAt: IsoDateTime;
  updatedAt: IsoDateTime;
  /** Seedlings the batch is expected to give (0 once it is sold out, culled or over-aged). */
  forecastSaleable: number;
  /** Promised to order lines. */
  allocated: number;
  free: number;
  /**
   * Where its trays stand now, from its events (the germination room while the seed comes up).
   * `zone` is its home house: where most trays stand, or the house it was sown for.
   */
  locations: BatchLocation[];
}

export interface BatchHistoryEntry {
  at: IsoDateTime;
  kind: 'created' | 'sow' | 'stage' | 'count' | 'move' | 'graft' | 'correction' | 'walk_in';
  /** Staff only: who did it, and the event's details (flattened in). */
  by?: string;
  [detail: string]: unknown;
}

export interface BatchAllocationResponse {
  lineId: string;
  orderId: string;
  orderNumber: number;
  buyerId: string;
  buyerName: string;
  village: string;
  quantity: number;
  date: IsoDate;
  lineStatus: string;
}

/** `GET /api/batches/:id` and the answer of every change to one batch. */
export interface BatchDetailResponse extends BatchResponse {
  /** Every place its trays stood in and when (the germination room included), oldest first. */
  stays: BatchStay[];
  history: BatchHistoryEntry[];
  allocations: BatchAllocationResponse[];
}

/** A line the change left short of seedlings, as the matching engine reports it. */
export interface ShortLineResponse {
  lineId: string;
  outcome: 'short';
  date: IsoDate;
  batchIds: string[];
  allocated: number;
  missing: number;
  alternative: { partialQuantity: number; partialDate: IsoDate; nextDate: IsoDate | null };
}

/** The answer of an entry on a batch: the batch now and what the entry did to the orders. */
export interface BatchEntryResponse {
  batch: BatchDetailResponse;
  impact: EntryImpact;
}

export interface BatchCountResponse extends BatchEntryResponse {
  shortLines: ShortLineResponse[];
}

export interface SowBatchRequest {
  trays: number;
  cells?: number;
  /** The variety sown (the plan's when absent); a name the catalogue does not know becomes a variety. */
  cultivar?: string;
  seedLot: string;
  germinationPct?: number;
  date?: IsoDate;
  zone?: string;
  benches?: string;
  note?: string;
}

export interface GraftBatchRequest {
  rootstockBatchId: string;
  count: number;
  date?: IsoDate;
  note?: string;
}

export interface CorrectionRequest {
  field: 'emerged' | 'refilled' | 'culled' | 'saleable' | 'survived';
  value: number;
  reason: string;
}

export interface BatchesQuery {
  zone?: string;
  crop?: string;
  stage?: string;
}

export interface CreateBatchRequest {
  crop: string;
  cultivar?: string;
  cells?: number;
  grafted?: boolean;
  rootstockBatchId?: string;
  seedOwnerBuyerId?: string;
  seedLot?: string;
  zone: string;
  benches?: string;
  trays: number;
  refillTrays?: number;
  sowDate?: IsoDate;
  stage?: 'planned' | 'sown';
  note?: string;
}

export interface UpdateBatchRequest {
  cultivar?: string;
  seedLot?: string;
  benches?: string;
  note?: string;
}

export interface StageEventRequest {
  stage: BatchStage;
  /** For `culled`: why the whole batch was culled. */
  cullReason?: CullCause;
  date?: IsoDate;
  note?: string;
}

export interface CountEventRequest {
  emerged?: number;
  refilled?: number;
  culled?: number;
  cullReason?: CullCause;
  /** Grafted plants alive after healing (absolute). */
  survived?: number;
  saleable?: number;
  note?: string;
}

export interface MoveBatchRequest {
  /** The house the trays go to. */
  zone: string;
  /** Where in the house, as the trays' place is labelled; the chosen benches' names when absent. */
  benches?: string;
  /** The house's bench records they go to (GET /api/zones/:zone/benches); kept on the move event. */
  benchIds?: string[];
  /** How many trays move; all of them (in `from`) when absent. */
  trays?: number;
  /** The house they leave; the batch's main house when absent. */
  from?: string;
  fromBenches?: string;
  note?: string;
}

/** `GET /api/capacity`: bench and germination-room occupancy against capacity, day by day. */
export interface CapacityQuery {
  from?: IsoDate;
  days?: number;
}

export interface OccupancyDay {
  date: IsoDate;
  trays: number;
}

/** A week of a place's occupancy, from `from` in steps of seven days: its fullest day. */
export interface OccupancyWeek {
  /** The week's first day. */
  from: IsoDate;
  /** Trays held on the week's fullest day. */
  trays: number;
  /** Of those, trays of planned sowings (batches not yet sown). */
  plannedTrays: number;
  /** `trays` as a whole percent of the place's capacity; null where its capacity is not set. */
  percent: number | null;
}

/** One greenhouse, or the germination room, over the span. */
export interface PlaceOccupancy {
  /** Trays the place holds at once: area × trays per m², or its tray capacity. */
  capacityTrays: number;
  days: OccupancyDay[];
  weeks: OccupancyWeek[];
}

/** A planned sowing (a batch in stage `planned`, from the sowing plan) whose sowing falls in the span. */
export interface PlannedSowing {
  batchId: string;
  code: string;
  crop: string;
  zone: string;
  sowDate: IsoDate;
  trays: number;
  /** The last day its trays stand in the germination room. */
  germinationUntil: IsoDate;
}

export interface CapacityResponse {
  from: IsoDate;
  days: number;
  zones: (PlaceOccupancy & { zone: string })[];
  /** The trays stacked in the germination room, each batch from its sowing for its crop's emergence days. */
  germinationRoom: PlaceOccupancy;
  plannedSowings: PlannedSowing[];
}

/**
 * A loss figure of a crop's closed batches, pooled: of the cells of their seedling trays, the share
 * that gave no seedling, by cause (`not-emerged`: what no cull explains).
 */
export interface LossHistoryFigure {
  /** Closed batches whose seedlings were counted. */
  batches: number;
  cellsSown: number;
  lossShare: number;
  /** Sown cells over seedlings − 1 (null at a total loss). */
  overage: number | null;
  causes: { cause: CullCause | 'not-emerged' | (string & {}); seedlings: number; share: number }[];
}

/** One crop and sowing season: the catalogue's loss, the history's, and the one new sowings use. */
export interface CropSeasonOverage {
  crop: string;
  season: Season;
  /** Planned sowings (batches in stage `planned`) of this crop sown in this season. */
  plannedSowings: number;
  /** 1 − emergence × saleable rate of the catalogue. */
  catalogue: { lossShare: number; overage: number | null };
  /** The crop's closed batches sown in this season (null: none). */
  seasonHistory: LossHistoryFigure | null;
  /** The crop's closed batches of every season (null: none). */
  allSeasonsHistory: LossHistoryFigure | null;
  /** The figure new sowings are sized with. */
  basis: 'catalogue' | 'season' | 'all-seasons';
  /** Why: the history is used; too few closed batches; other seasons lost less (they never lower a season's). */
  reason: 'history' | 'too-few-batches' | 'other-seasons-lower';
  /** The loss share used; `limit` says where a history was held in (at most `maxLossShare`, at least the catalogue's non-emergence). */
  used: { lossShare: number; overage: number | null; limit: 'cap' | 'emergence' | null };
}

/** `GET /api/sowing-plan/overage`: what the sowing plan sizes each crop and season with. */
export interface SowingPlanOverageResponse {
  /** Closed batches a history needs before the plan uses it (3). */
  minBatches: number;
  /** The most loss a history is used with (0.5). */
  maxLossShare: number;
  crops: CropSeasonOverage[];
}
