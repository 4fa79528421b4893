/** A crop's key: [a-z0-9_], typed by the manager, never changed once a batch or an order uses it. */
export type CropKey = string;

export type StageKey = 'germination' | 'cotyledon' | 'trueLeaf' | 'hardening';
export type Season = 'winter' | 'spring' | 'summer';

export interface NumberRange {
  lo: number;
  hi: number;
}

export interface StageTemperatureTarget {
  dayC: NumberRange;
  nightC: NumberRange;
}

/** One row of a crop's price table, fen per seedling; null = not sold that way in this tray. */
export interface TrayPrice {
  cells: number;
  priceFen: number;
  graftedPriceFen: number | null;
  /** Raised from the buyer's own seed (来种代育). */
  ownSeedPriceFen: number | null;
}

/**
 * Cold hours that make the crop bolt (§2.5 chilling): an hour counts from `fromC` (null: no floor) up
 * to `toC` (below it when `toIncluded` is false), for sowings in `sowMonths` (1-12; empty: any).
 */
export interface ChillingBand {
  fromC: number | null;
  toC: number;
  toIncluded: boolean;
  sowMonths: number[];
}

/** Everything of a crop the rules read, but its key and names. */
export interface CropProfileFields {
  /** Cells per tray of the default tray, and the other trays it is sown in. */
  traysDefault: number;
  traysAlt: number[];
  graft: 'none' | 'rare' | 'optional' | 'common';
  germinationC: NumberRange;
  emergeDays: NumberRange;
  stageTargets: Record<StageKey, StageTemperatureTarget>;
  substrateGermC: NumberRange;
  substrateGrowC: NumberRange;
  rhGermPct: NumberRange;
  rhGrowPct: NumberRange;
  hardDays: NumberRange;
  coldWarnC: number;
  coldCritC: number;
  hotWarnC: number;
  hotCritC: number;
  daysToSaleable: Record<Season, number | null>;
  graftExtraDays: number | null;
  emergePct: number;
  emergePctSummer: number;
  saleablePct: number;
  spec: { leaves: string; heightCm: NumberRange };
  holdDays: number;
  moisture: Record<StageKey, { vwcLowerPct: number; vwcUpperPct: number }>;
  prices: TrayPrice[];
  chilling: ChillingBand | null;
}

/** A variety (品种): its name as batches and order lines carry it, its own fields, and its profile in force. */
export interface VarietyResponse {
  crop: CropKey;
  name: string;
  nameEn: string | null;
  /** The fields in which it differs from its crop (as the manager set them). */
  overrides: CropFields;
  /** Its crop's profile with its own fields over it. */
  profile: CropProfileFields;
}

/** A crop of the catalogue (the `crops` table) with its varieties. */
export interface CropResponse extends CropProfileFields {
  key: CropKey;
  nameZh: string;
  nameEn: string;
  /** Whether a batch, an order line or a setting names it (its key can no longer change). */
  inUse: boolean;
  varieties: VarietyResponse[];
}

type DeepPartial<T> = {
  [K in keyof T]?: T[K] extends (infer U)[] ? U[] : T[K] extends object ? DeepPartial<T[K]> : T[K];
};

/** Fields of a crop an edit may send; nested objects merge, the price table and trays replace. */
export type CropFields = DeepPartial<Omit<CropProfileFields, 'chilling'>> & {
  chilling?: ChillingBand | null;
};

export interface UpdateCropRequest extends CropFields {
  nameZh?: string;
  nameEn?: string;
}

export interface CreateCropRequest extends CropFields {
  key: CropKey;
  nameZh: string;
  nameEn: string;
  /** The crop the new one starts from (its profile is copied, then the fields above applied). */
  copyOf?: CropKey;
}

export interface CreateVarietyRequest {
  name: string;
  nameEn?: string | null;
  overrides?: CropFields;
}

export interface UpdateVarietyRequest {
  nameEn?: string | null;
  /** Replaces the variety's own fields whole. */
  overrides?: CropFields;
}

/** The crop and stage whose limits a house without batches is held to (a setting). */
export interface EmptyHouseResponse {
  crop: CropKey;
  stage: StageKey;
}

export type EmptyHouseRequest = EmptyHouseResponse;
