/**
 * The shape of a crop profile and the rules that read one. The profiles themselves are data: the
 * `crops` and `varieties` tables, edited by the manager (docs/catalogue.md). What the nursery
 * shipped with, parsed from the docs/domain.md §1.4 table, is seed data in crop-seed.ts.
 */

/** A crop's key: typed by the manager ([a-z0-9_], at most 32), never changed once a batch or order uses it. */
export type CropKey = string;

/** What a key must look like: it is the foreign key of batches, order lines and alarm settings. */
export const CROP_KEY_PATTERN = /^[a-z0-9_]{1,32}$/;

export type GraftPractice = 'none' | 'rare' | 'optional' | 'common';

/** Seasons by SOWING month (see calendar.ts `seasonOf`). */
export type Season = 'winter' | 'spring' | 'summer';

export type StageKey = 'germination' | 'cotyledon' | 'trueLeaf' | 'hardening';

export const STAGE_KEYS: readonly StageKey[] = ['germination', 'cotyledon', 'trueLeaf', 'hardening'];

export interface NumberRange {
  readonly lo: number;
  readonly hi: number;
}

export interface StageTemperatureTarget {
  readonly dayC: NumberRange;
  readonly nightC: NumberRange;
}

/** Substrate moisture band for one stage, as volumetric water content in percent (calibrated sensor). */
export interface MoistureLimits {
  readonly vwcLowerPct: number;
  readonly vwcUpperPct: number;
}

export interface SeedlingSpec {
  readonly leaves: string;
  readonly heightCm: NumberRange;
}

/**
 * The price of one seedling in one tray size, in fen. A grafted seedling and one raised from the
 * buyer's own seed (来种代育: the buyer brings the seed, the nursery charges for raising it) have
 * their own prices; null = the crop is not sold that way in this tray.
 */
export interface TrayPrice {
  readonly cells: number;
  readonly priceFen: number;
  readonly graftedPriceFen: number | null;
  readonly ownSeedPriceFen: number | null;
}

/**
 * Cold hours that make a crop bolt after transplanting (§2.5 chilling): an hour counts when its mean
 * air temperature is at least `fromC` (null: no floor) and at most `toC` (below `toC` when
 * `toIncluded` is false), for batches sown in one of `sowMonths` (1-12; empty: any month).
 */
export interface ChillingBand {
  readonly fromC: number | null;
  readonly toC: number;
  readonly toIncluded: boolean;
  readonly sowMonths: readonly number[];
}

export interface CropProfile {
  readonly key: CropKey;
  readonly nameZh: string;
  readonly nameEn: string;
  /** Cells per tray of the default tray. */
  readonly traysDefault: number;
  readonly traysAlt: readonly number[];
  readonly graft: GraftPractice;
  readonly germinationC: NumberRange;
  /** Days from sowing to emergence; the middle (rounded up) is how long a batch holds the germination room. */
  readonly emergeDays: NumberRange;
  readonly stageTargets: Readonly<Record<StageKey, StageTemperatureTarget>>;
  readonly substrateGermC: NumberRange;
  readonly substrateGrowC: NumberRange;
  readonly rhGermPct: NumberRange;
  readonly rhGrowPct: NumberRange;
  readonly hardDays: NumberRange;
  readonly coldWarnC: number;
  readonly coldCritC: number;
  readonly hotWarnC: number;
  readonly hotCritC: number;
  /** Calendar days sowing → saleable, non-grafted, default tray; middle of the §1.4 range; null = not grown then. */
  readonly daysToSaleable: Readonly<Record<Season, number | null>>;
  /** Extra days when grafted (middle of the range); null when the table says n/a. */
  readonly graftExtraDays: number | null;
  /** Fraction of cells giving a usable seedling (planning floor, §1.4). */
  readonly emergePct: number;
  /** Summer override of `emergePct` (lettuce thermodormancy, §1.5); equals `emergePct` for other crops. */
  readonly emergePctSummer: number;
  /** Fraction of emerged seedlings reaching spec. */
  readonly saleablePct: number;
  readonly spec: SeedlingSpec;
  /** Days a ready batch can wait before it counts as over-aged (老化苗, §2.5 default 7). */
  readonly holdDays: number;
  readonly moisture: Readonly<Record<StageKey, MoistureLimits>>;
  /** One row per tray size the crop is sold in. */
  readonly prices: readonly TrayPrice[];
  /** The chilling count this crop needs, or null when cold hours do not make it bolt. */
  readonly chilling: ChillingBand | null;
}

/**
 * A variety (品种) of a crop: its name as batches and order lines carry it, and the fields in which
 * it differs from its crop (any profile field but the key and the names; nested fields merge).
 */
export interface VarietyRecord {
  readonly crop: CropKey;
  readonly name: string;
  readonly nameEn: string | null;
  readonly overrides: Readonly<Record<string, unknown>>;
}

/** A catalogue is any crop-key → profile map: the rows of the `crops` table, or the seed in tests. */
export type CropCatalogue = Readonly<Record<CropKey, CropProfile>>;

export const SEASONS: readonly Season[] = ['winter', 'spring', 'summer'];

/** §2.5 default: a ready batch may wait 7 days before it is over-aged. */
export const DEFAULT_HOLD_DAYS = 7;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Deep merge of plain objects; arrays and scalars replace (a variety's price table replaces its crop's). */
export function mergeProfile(base: unknown, patch: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(patch)) return patch === undefined ? base : patch;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(patch)) out[key] = mergeProfile(base[key], value);
  return out;
}

/** A variety's profile: its crop's, with the variety's fields over it (the crop's key and names stay). */
export function varietyProfile(crop: CropProfile, variety: VarietyRecord | undefined): CropProfile {
  if (!variety || Object.keys(variety.overrides).length === 0) return crop;
  const { key: _key, nameZh: _zh, nameEn: _en, ...overrides } = variety.overrides;
  return mergeProfile(crop, overrides) as CropProfile;
}

/** Middle of a range, rounded up: a longer seedling age sows earlier, so seedlings are ready in time. */
export function middleOf(range: NumberRange): number {
  return Math.ceil((range.lo + range.hi) / 2);
}

/** What a seedling is sold as: its tray, grafted or not, from whose seed. */
export interface SeedlingKind {
  /** Cells per tray; null = the crop's default tray. */
  readonly cells: number | null;
  readonly grafted: boolean;
  readonly ownSeed: boolean;
}

/**
 * The price table row for a tray: the row of that size, else the default tray's, else the first.
 * Every crop has at least one row (the catalogue refuses an empty table).
 */
export function trayPriceFor(crop: CropProfile, cells: number | null): TrayPrice {
  const wanted = cells ?? crop.traysDefault;
  return (
    crop.prices.find((row) => row.cells === wanted) ??
    crop.prices.find((row) => row.cells === crop.traysDefault) ??
    crop.prices[0]
  );
}

/**
 * The price of one seedling in fen. A grafted seedling without a grafted price costs twice the plain
 * one (§3.3: two plants are raised per seedling); own seed without its own price pays the plain price.
 */
export function quotePriceFen(crop: CropProfile, kind: SeedlingKind): number {
  const row = trayPriceFor(crop, kind.cells);
  if (kind.grafted) return row.graftedPriceFen ?? row.priceFen * 2;
  if (kind.ownSeed) return row.ownSeedPriceFen ?? row.priceFen;
  return row.priceFen;
}

/** Emergence fraction for a sowing season (lettuce drops in summer heat, §1.5). */
export function emergeFractionFor(crop: CropProfile, season: Season): number {
  return season === 'summer' ? crop.emergePctSummer : crop.emergePct;
}

/** Days the batch holds the germination room: middle of `emerge_days` (§1.3 move at ~60 % pushing). */
export function germinationRoomDays(crop: CropProfile): number {
  return middleOf(crop.emergeDays);
}

/** The chilling band a batch counts, if any: its crop's, when the batch was sown in one of the band's months. */
export function chillingBandOf(crop: CropProfile, sowDate: string | null | undefined): ChillingBand | null {
  const band = crop.chilling;
  if (!band) return null;
  if (band.sowMonths.length === 0) return band;
  if (!sowDate) return null;
  return band.sowMonths.includes(Number(sowDate.slice(5, 7))) ? band : null;
}

/** Whether an hour of mean air temperature `meanC` counts toward the band. */
export function chillingCounts(band: ChillingBand, meanC: number): boolean {
  if (band.fromC !== null && meanC < band.fromC) return false;
  return band.toIncluded ? meanC <= band.toC : meanC < band.toC;
}

/** The band in words for an alarm's text: "2–5 °C" or "under 13 °C". */
export function chillingBandText(band: ChillingBand): string {
  if (band.fromC === null) return `${band.toIncluded ? 'at most' : 'under'} ${band.toC} °C`;
  return `${band.fromC}–${band.toC} °C`;
}

/** The crop profiles in force at one moment: one answer per crop and variety. */
export interface CropProfileSet {
  /** Every crop in list order. */
  readonly crops: readonly CropProfile[];
  /** The same crops by key (varieties aside), built once: what planning and matching index by. */
  readonly catalogue: CropCatalogue;
  /** Whether the catalogue holds the crop (a batch of a crop since removed is judged by nothing). */
  has(crop: CropKey): boolean;
  /** The variety's profile when the catalogue knows the variety, else the crop's. Throws for an unknown crop. */
  profile(crop: CropKey, variety?: string | null): CropProfile;
  /** The crop's varieties, oldest first. */
  varietiesOf(crop: CropKey): readonly VarietyRecord[];
  /** What a house without batches is held to (a setting: the manager's choice of crop and stage). */
  readonly emptyHouse: EmptyHouse;
}

/** The crop and stage whose limits an empty house is held to. */
export interface EmptyHouse {
  readonly crop: CropKey;
  readonly stage: StageKey;
}

/** A profile set over catalogue rows; variety profiles are merged once, on first use. */
export function profileSet(
  crops: readonly CropProfile[],
  varieties: readonly VarietyRecord[],
  emptyHouse?: EmptyHouse,
): CropProfileSet {
  const byKey = new Map(crops.map((crop) => [crop.key, crop]));
  const varietiesByCrop = new Map<CropKey, VarietyRecord[]>();
  for (const variety of varieties)
    varietiesByCrop.set(variety.crop, [...(varietiesByCrop.get(variety.crop) ?? []), variety]);
  const merged = new Map<string, CropProfile>();
  // Without the setting (or naming a crop no longer there): the first crop, growing on.
  const held =
    emptyHouse && byKey.has(emptyHouse.crop)
      ? emptyHouse
      : { crop: crops[0]?.key ?? '', stage: 'trueLeaf' as const };
  return {
    crops,
    catalogue: Object.fromEntries(byKey),
    emptyHouse: held,
    has: (crop) => byKey.has(crop),
    varietiesOf: (crop) => varietiesByCrop.get(crop) ?? [],
    profile(crop, variety) {
      const base = byKey.get(crop);
      if (!base) throw new Error(`No crop ${crop} in the catalogue`);
      if (!variety) return base;
      const id = `${crop}\u0000${variety}`;
      let profile = merged.get(id);
      if (!profile) {
        profile = varietyProfile(
          base,
          varietiesByCrop.get(crop)?.find((v) => v.name === variety),
        );
        merged.set(id, profile);
      }
      return profile;
    },
  };
}
