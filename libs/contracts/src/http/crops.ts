export type CropKey =
  | 'tomato'
  | 'pepper'
  | 'eggplant'
  | 'cucumber'
  | 'watermelon'
  | 'melon'
  | 'cabbage'
  | 'broccoli'
  | 'chinese_cabbage'
  | 'lettuce'
  | 'celery';

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

/**
 * A crop profile (libs/agronomy's defaults with the nursery's overrides). It carries no list of
 * cultivars: a cultivar is free text on batches and order lines.
 */
export interface CropResponse {
  key: CropKey;
  nameZh: string;
  nameEn: string;
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
  defaultPriceFen: number;
}

export interface UpdateCropRequest {
  nameZh?: string;
  nameEn?: string;
  traysDefault?: number;
  traysAlt?: number[];
  graft?: 'none' | 'rare' | 'optional' | 'common';
  daysToSaleable?: Record<string, number | null>;
  graftExtraDays?: number;
  holdDays?: number;
  emergePct?: number;
  emergePctSummer?: number;
  saleablePct?: number;
  defaultPriceFen?: number;
  coldWarnC?: number;
  coldCritC?: number;
  hotWarnC?: number;
  hotCritC?: number;
}
