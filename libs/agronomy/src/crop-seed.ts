/**
 * Seed data: the crop catalogue the nursery starts with, parsed from the machine-readable table in
 * docs/domain.md §1.4 (kept verbatim below so a diff against the brief is a plain text diff). The
 * migration that created the `crops` table inserted these rows; from then on the catalogue is the
 * table's, edited by the manager. Nothing at run time reads this file: tests, fixtures and the
 * migration do. Changing it changes no running nursery.
 */
import {
  type ChillingBand,
  type CropKey,
  type CropProfile,
  type GraftPractice,
  type MoistureLimits,
  type NumberRange,
  type StageKey,
  type TrayPrice,
  DEFAULT_HOLD_DAYS,
  middleOf,
  profileSet,
  type CropProfileSet,
} from './crops.js';

/** §3.5: this nursery plans on ~0.8 yuan per seedling on average. */
export const DEFAULT_PRICE_FEN = 80;

/**
 * Own seed (来种代育) saves the nursery the seed, the largest single input of a hybrid seedling:
 * priced at three quarters of the plain price (E: an engineering estimate; the manager sets it).
 */
export const OWN_SEED_SHARE = 0.75;

/**
 * Water-holding capacity of a peat–vermiculite plug substrate expressed as VWC (E: engineering estimate,
 * to be calibrated per substrate as §2.3 demands). Stage limits below are fractions of it.
 */
export const SUBSTRATE_CONTAINER_CAPACITY_VWC_PCT = 60;

/** The 11 crops of the §1.4 table, in its order. */
export const CROP_KEYS: readonly CropKey[] = [
  'tomato',
  'pepper',
  'eggplant',
  'cucumber',
  'watermelon',
  'melon',
  'cabbage',
  'broccoli',
  'chinese_cabbage',
  'lettuce',
  'celery',
];

const ENGLISH_NAMES: Readonly<Record<CropKey, string>> = {
  tomato: 'Tomato',
  pepper: 'Pepper',
  eggplant: 'Eggplant',
  cucumber: 'Cucumber',
  watermelon: 'Watermelon',
  melon: 'Melon',
  cabbage: 'Cabbage',
  broccoli: 'Broccoli / cauliflower',
  chinese_cabbage: 'Chinese cabbage',
  lettuce: 'Lettuce',
  celery: 'Celery',
};

/**
 * §2.5 chilling: celery counts hours at 2–5 °C; Chinese cabbage sown in spring (February–April, the
 * §1.4 seasons) counts hours under 13 °C. Prolonged cold makes both bolt after transplanting.
 */
const CHILLING: Readonly<Record<CropKey, ChillingBand>> = {
  celery: { fromC: 2, toC: 5, toIncluded: true, sowMonths: [] },
  chinese_cabbage: { fromC: null, toC: 13, toIncluded: false, sowMonths: [2, 3, 4] },
};
/** Verbatim copy of the docs/domain.md §1.4 table. */
const CROP_TABLE_CSV = `
crop_key,name_zh,trays_default,trays_alt,graft,germ_c,emerge_days,germ_day_c,germ_night_c,cot_day_c,cot_night_c,leaf_day_c,leaf_night_c,hard_day_c,hard_night_c,hard_days,substrate_germ_c,substrate_grow_c,rh_germ_pct,rh_grow_pct,cold_warn_c,cold_crit_c,hot_warn_c,hot_crit_c,days_winter,days_spring,days_summer,graft_extra_days,emerge_pct,saleable_pct,spec_leaves,spec_height_cm
tomato,番茄,72,128|50,optional,25-30,3-5,25-30,20-24,20-25,13-17,22-27,13-17,18-22,8-12,5-7,20-25,18-22,90-95,60-75,10,5,32,35,55-65,40-50,25-30,7-12,90,90,4-6 (summer 3-4),12-18
pepper,辣椒/甜椒,72,128|50,rare,25-30,6-8,28-30,18-20,22-25,15-18,23-27,15-18,20-24,12-15,5-7,25-28,18-20,90-95,60-75,12,5,32,35,65-80,50-60,30-40,n/a,85,90,6-8 (summer 4-5),12-18
eggplant,茄子,72,50|128|288,common,25-30,5-7,25-30,18-20,25-28,18-20,25-28,15-18,20-25,13-15,5-7,25-28,18-22,90-95,60-75,12,7,32,35,70-85,55-65,35-45,20-30,75,85,5-7,12-18
cucumber,黄瓜,72,50,common,27-32,2-3,27-32,17-20,22-27,12-15,24-28,14-16,20-25,10-12,5,25-28,18-22,90-95,70-85,12,5,32,35,25-30,20-25,15-18,7-10,92,90,2-3,10-15
watermelon,西瓜,50,72|32,common,28-32,2-4,28-32,18-20,22-28,16-20,22-30,16-20,20-25,13-15,5-7,25-30,20-25,90-95,60-75,15,10,32,35,35-40,30-35,20-25,7-10,90,90,2-3 (grafted 3-4),10-15
melon,甜瓜,50,72,optional,28-32,2-4,28-32,18-20,22-25,15-18,22-28,15-18,20-25,12-15,7-10,25-30,20-25,90-95,60-75,12,8,32,35,35-40,30-35,20-25,7-10,90,90,3-4,10-15
cabbage,结球甘蓝,128,72|200,none,20-25,2-4,20-25,15-20,18-22,10-12,18-22,10-13,15-20,6-10,7-10,18-22,15-18,85-95,60-75,5,0,28,32,45-55,35-45,25-30,n/a,90,90,4-6 (spring 6-7),10-15
broccoli,青花菜/花椰菜,128,72,none,20-25,2-4,20-25,15-20,20-25,12-15,20-25,12-16,15-20,8-12,5-7,18-22,15-20,85-95,60-75,5,0,28,32,40-50,30-40,25-30,n/a,92,90,4-6 (128-cell may ship at 2-3),12-15
chinese_cabbage,大白菜,128,105|72|200,none,20-25,2-3,20-25,15-20,20-25,13-15,20-25,13-15,18-22,13-15,5,20-22,18-20,85-95,60-75,13,5,28,30,n/a,30-35,15-20,n/a,92,90,3-5,8-12
lettuce,生菜,128,200|72,none,15-20,2-4,18-20,12-15,18-22,10-12,18-22,10-12,15-18,6-10,5,15-20,15-20,85-95,60-75,5,0,25,30,30-35,25-30,20-25,n/a,85 (summer 70),90,4-5,8-12
celery,芹菜,200,288|128,none,15-20,7-14,18-20,13-15,18-24,15-18,18-23,12-15,15-20,10-12,7,15-20,15-20,90-95,65-80,8,0,25,30,55-65,50-60,40-50,n/a,70,85,4-6,10-15
`;

function parseRange(text: string): NumberRange {
  const [lo, hi] = text.split('-').map((part) => Number(part.trim()));
  if (lo === undefined || Number.isNaN(lo)) {
    throw new Error(`Bad range in crop table: "${text}"`);
  }
  return { lo, hi: hi === undefined || Number.isNaN(hi) ? lo : hi };
}

function parseOptionalMiddle(text: string): number | null {
  return text.trim() === 'n/a' ? null : middleOf(parseRange(text));
}

/** "85 (summer 70)" → { all: 0.85, summer: 0.70 }. */
function parsePercentWithSummer(text: string): { all: number; summer: number } {
  const match = /^(\d+)(?:\s*\(summer (\d+)\))?$/.exec(text.trim());
  if (!match?.[1]) {
    throw new Error(`Bad percentage in crop table: "${text}"`);
  }
  const all = Number(match[1]) / 100;
  return { all, summer: match[2] ? Number(match[2]) / 100 : all };
}

function fractionOfCapacity(lowFraction: number, highFraction: number): MoistureLimits {
  return {
    vwcLowerPct: Math.round(SUBSTRATE_CONTAINER_CAPACITY_VWC_PCT * lowFraction),
    vwcUpperPct: Math.round(SUBSTRATE_CONTAINER_CAPACITY_VWC_PCT * highFraction),
  };
}

/**
 * Stage moisture bands (E). §2.3: saturate at sowing; 70–75 % of water-holding from cotyledon to 2叶1心;
 * 65–70 % after; the "high-low-low-medium-low" pattern [HORT-WATER] puts hardening lowest (60–65 %).
 */
const MOISTURE_BY_STAGE: Readonly<Record<StageKey, MoistureLimits>> = {
  germination: fractionOfCapacity(0.85, 1),
  cotyledon: fractionOfCapacity(0.7, 0.75),
  trueLeaf: fractionOfCapacity(0.65, 0.7),
  hardening: fractionOfCapacity(0.6, 0.65),
};

/** One price row per tray: the plan's 0.8 yuan, twice that grafted where the crop is grafted at all. */
function seedPrices(traysDefault: number, traysAlt: readonly number[], graft: GraftPractice): TrayPrice[] {
  return [...new Set([traysDefault, ...traysAlt])].map((cells) => ({
    cells,
    priceFen: DEFAULT_PRICE_FEN,
    graftedPriceFen: graft === 'none' ? null : DEFAULT_PRICE_FEN * 2,
    ownSeedPriceFen: Math.round(DEFAULT_PRICE_FEN * OWN_SEED_SHARE),
  }));
}

function parseCropRow(header: readonly string[], line: string): CropProfile {
  const cells = line.split(',');
  const field = (name: string): string => {
    const value = cells[header.indexOf(name)];
    if (value === undefined) {
      throw new Error(`Crop table row lacks column ${name}: ${line}`);
    }
    return value.trim();
  };
  const key = field('crop_key');
  const traysDefault = Number(field('trays_default'));
  const traysAlt = field('trays_alt').split('|').map(Number);
  const graft = field('graft') as GraftPractice;
  const emerge = parsePercentWithSummer(field('emerge_pct'));
  const heightCm = parseRange(field('spec_height_cm'));
  return {
    key,
    nameZh: field('name_zh'),
    nameEn: ENGLISH_NAMES[key],
    traysDefault,
    traysAlt,
    graft,
    germinationC: parseRange(field('germ_c')),
    emergeDays: parseRange(field('emerge_days')),
    stageTargets: {
      germination: {
        dayC: parseRange(field('germ_day_c')),
        nightC: parseRange(field('germ_night_c')),
      },
      cotyledon: {
        dayC: parseRange(field('cot_day_c')),
        nightC: parseRange(field('cot_night_c')),
      },
      trueLeaf: {
        dayC: parseRange(field('leaf_day_c')),
        nightC: parseRange(field('leaf_night_c')),
      },
      hardening: {
        dayC: parseRange(field('hard_day_c')),
        nightC: parseRange(field('hard_night_c')),
      },
    },
    substrateGermC: parseRange(field('substrate_germ_c')),
    substrateGrowC: parseRange(field('substrate_grow_c')),
    rhGermPct: parseRange(field('rh_germ_pct')),
    rhGrowPct: parseRange(field('rh_grow_pct')),
    hardDays: parseRange(field('hard_days')),
    coldWarnC: Number(field('cold_warn_c')),
    coldCritC: Number(field('cold_crit_c')),
    hotWarnC: Number(field('hot_warn_c')),
    hotCritC: Number(field('hot_crit_c')),
    daysToSaleable: {
      winter: parseOptionalMiddle(field('days_winter')),
      spring: parseOptionalMiddle(field('days_spring')),
      summer: parseOptionalMiddle(field('days_summer')),
    },
    graftExtraDays: parseOptionalMiddle(field('graft_extra_days')),
    emergePct: emerge.all,
    emergePctSummer: emerge.summer,
    saleablePct: Number(field('saleable_pct')) / 100,
    spec: { leaves: field('spec_leaves'), heightCm },
    holdDays: DEFAULT_HOLD_DAYS,
    moisture: MOISTURE_BY_STAGE,
    prices: seedPrices(traysDefault, traysAlt, graft),
    chilling: CHILLING[key] ?? null,
  };
}

function parseCropTable(csv: string): Readonly<Record<CropKey, CropProfile>> {
  const [headerLine, ...rows] = csv.trim().split('\n');
  if (!headerLine) {
    throw new Error('Crop table is empty');
  }
  const header = headerLine.split(',');
  const profiles = rows.map((row) => parseCropRow(header, row));
  const byKey: Record<CropKey, CropProfile> = Object.fromEntries(
    profiles.map((profile) => [profile.key, profile]),
  );
  for (const key of CROP_KEYS) {
    if (!byKey[key]) {
      throw new Error(`Crop table lacks ${key}`);
    }
  }
  return byKey;
}

/** The catalogue as shipped (seed data: see the top of this file). */
export const CROPS: Readonly<Record<CropKey, CropProfile>> = parseCropTable(CROP_TABLE_CSV);

/** The seed as a profile set with no varieties, an empty house held to tomato growing on (tests, tools). */
export const SEED_PROFILES: CropProfileSet = profileSet(
  CROP_KEYS.map((key) => CROPS[key]),
  [],
  { crop: 'tomato', stage: 'trueLeaf' },
);
