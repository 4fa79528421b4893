import type { IsoDate, IsoDateTime } from './common.js';

export interface ReportBucket {
  key: string;
  seedlings: number;
  fen: number;
}

/** `GET /api/reports/annual`: money in fen. */
export interface AnnualReportResponse {
  year: number;
  seedlings: { sown: number; sold: number; lost: number };
  outputValueFen: number;
  walkInFen: number;
  orderedFen: number;
  depositsFen: number;
  receivedFen: number;
  outstandingFen: number;
  costsFen: number;
  /** The margin: delivered output − costs (the same as `marginFen`, kept for older clients). */
  incomeFen: number;
  /** Delivered output (`outputValueFen`) − costs. */
  marginFen: number;
  /** The collective's share of the margin, 0…1 (`GET /api/reports/settings`, 1 by default). */
  collectiveShare: number;
  /** The collective's income: the margin × its share, rounded to the fen. */
  collectiveIncomeFen: number;
  costs: { category: string; fen: number }[];
  lostByReason: ReportBucket[];
  byCrop: { sown: ReportBucket[]; sold: ReportBucket[] };
  byVillage: ReportBucket[];
  byMonth: { sown: ReportBucket[]; sold: ReportBucket[] };
}

export interface AnnualReportQuery {
  year: number;
  format?: 'json' | 'csv';
}

export const COST_CATEGORIES = ['seed', 'substrate', 'trays', 'energy', 'water', 'labour', 'other'] as const;
export type CostCategory = (typeof COST_CATEGORIES)[number];

export interface CostResponse {
  id: string;
  date: IsoDate;
  category: CostCategory;
  amountFen: number;
  note: string | null;
  /** The batch the cost was spent on, when the manager named one. */
  batchId: string | null;
  createdAt: IsoDateTime;
}

export interface CostRequest {
  date: IsoDate;
  category: CostCategory;
  amountFen: number;
  note?: string;
  batchId?: string;
}

export interface CostsQuery {
  year: number;
}

/** `GET/PATCH /api/reports/settings`: how the annual report divides the margin. */
export interface ReportSettingsResponse {
  /** The collective's share of the margin, 0…1; 1 (100 %) by default. */
  collectiveShare: number;
}

export interface UpdateReportSettingsRequest {
  collectiveShare: number;
}

/** A climate event (a raised alarm) a cull is linked to. */
export interface LinkedExcursion {
  id: string;
  rule: string;
  zone: string;
  severity: string;
  raisedAt: IsoDateTime;
  clearedAt: IsoDateTime | null;
}

/** One cull in the loss ledger, with the climate events at its batch's places before it. */
export interface LossEntry {
  batchId: string;
  code: string;
  crop: string;
  /** The batch's stage when it was culled. */
  stage: string;
  at: IsoDateTime;
  /** `YYYY-MM` at the nursery. */
  month: string;
  cause: string;
  seedlings: number;
  excursions: LinkedExcursion[];
}

/** `GET /api/reports/losses`: the year's culls by cause, crop, stage and month, tied to the climate. */
export interface LossLedgerResponse {
  year: number;
  /** Newest first. */
  culls: LossEntry[];
  /** Seedlings lost per cause, and how many of them have a linked climate event. */
  byCause: { cause: string; seedlings: number; linkedSeedlings: number }[];
  byCrop: ReportBucket[];
  byStage: ReportBucket[];
  byMonth: ReportBucket[];
}

export interface LossLedgerQuery {
  year: number;
}
