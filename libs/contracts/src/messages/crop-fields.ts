import type { CropProblem } from '../codes/error-codes.js';

/**
 * Names of a crop profile's fields in both languages, for the catalogue editor and for the error
 * that names a refused field by its path ("stageTargets.hardening.nightC" → "炼苗期 · 夜温").
 */
export const CROP_FIELD_NAMES: Readonly<Record<string, { zh: string; en: string }>> = {
  nameZh: { zh: '中文名', en: 'Chinese name' },
  nameEn: { zh: '英文名', en: 'English name' },
  traysDefault: { zh: '默认穴盘', en: 'Default tray' },
  traysAlt: { zh: '其他穴盘', en: 'Other trays' },
  graft: { zh: '嫁接', en: 'Grafting' },
  germinationC: { zh: '发芽温度', en: 'Germination temperature' },
  emergeDays: { zh: '出苗天数', en: 'Days to emergence' },
  stageTargets: { zh: '阶段温度', en: 'Stage temperatures' },
  germination: { zh: '催芽期', en: 'Germination' },
  cotyledon: { zh: '子叶期', en: 'Cotyledon' },
  trueLeaf: { zh: '真叶期', en: 'True leaf' },
  hardening: { zh: '炼苗期', en: 'Hardening' },
  dayC: { zh: '日温', en: 'Day' },
  nightC: { zh: '夜温', en: 'Night' },
  substrateGermC: { zh: '发芽期基质温度', en: 'Substrate, germination' },
  substrateGrowC: { zh: '生长期基质温度', en: 'Substrate, growing' },
  rhGermPct: { zh: '发芽期湿度', en: 'Humidity, germination' },
  rhGrowPct: { zh: '生长期湿度', en: 'Humidity, growing' },
  hardDays: { zh: '炼苗天数', en: 'Hardening days' },
  coldWarnC: { zh: '低温预警', en: 'Cold warning' },
  coldCritC: { zh: '冷害临界', en: 'Cold critical' },
  hotWarnC: { zh: '高温预警', en: 'Heat warning' },
  hotCritC: { zh: '高温临界', en: 'Heat critical' },
  daysToSaleable: { zh: '成苗天数', en: 'Days to saleable' },
  winter: { zh: '冬季', en: 'Winter' },
  spring: { zh: '春季', en: 'Spring' },
  summer: { zh: '夏季', en: 'Summer' },
  graftExtraDays: { zh: '嫁接加天数', en: 'Extra days grafted' },
  emergePct: { zh: '出苗率', en: 'Emergence rate' },
  emergePctSummer: { zh: '夏季出苗率', en: 'Summer emergence rate' },
  saleablePct: { zh: '成苗率', en: 'Saleable rate' },
  holdDays: { zh: '可等待天数', en: 'Hold days' },
  moisture: { zh: '基质含水量', en: 'Substrate moisture' },
  vwcLowerPct: { zh: '下限', en: 'Lower limit' },
  vwcUpperPct: { zh: '上限', en: 'Upper limit' },
  prices: { zh: '价格表', en: 'Price table' },
  chilling: { zh: '春化低温', en: 'Chilling band' },
  spec: { zh: '成苗标准', en: 'Seedling standard' },
  heightCm: { zh: '株高', en: 'Height' },
};

/** "stageTargets.hardening.nightC" in words; a segment without a name (a list index) is shown as is. */
export function cropFieldLabel(path: unknown, language: 'zh' | 'en'): string {
  return String(path)
    .split('.')
    .map((segment) => CROP_FIELD_NAMES[segment]?.[language] ?? segment)
    .join(' · ');
}

export const CROP_PROBLEM_TEXT: Readonly<Record<CropProblem, { zh: string; en: string }>> = {
  'range-reversed': { zh: '下限不能高于上限', en: 'the low end is above the high end' },
  'limits-reversed': {
    zh: '应满足 冷害临界 ≤ 低温预警 < 高温预警 ≤ 高温临界',
    en: 'must be cold critical ≤ cold warning < heat warning ≤ heat critical',
  },
  'moisture-reversed': { zh: '下限应低于上限', en: 'the lower limit must be below the upper' },
  'tray-priced-twice': { zh: '同一穴盘只能有一个价格', en: 'one tray size has two prices' },
  'no-season': { zh: '至少要有一个季节可育苗', en: 'at least one season must have its days' },
};

/** Why a profile was refused, in words. */
export function cropProblemText(reason: unknown, language: 'zh' | 'en'): string {
  const text = CROP_PROBLEM_TEXT[reason as CropProblem] as { zh: string; en: string } | undefined;
  return text?.[language] ?? (language === 'zh' ? '数值不合理' : 'the value is not valid');
}
