// A crop profile as the editor's text fields, and back: each field is a path into the profile
// ("stageTargets.hardening.nightC.lo") with how its text reads (a number, a percentage, days that
// may be empty). The server checks the profile as a whole and names the field it refuses.
import type { CropFields, CropProfileFields, TrayPrice } from '#contracts';

export type FieldKind = 'number' | 'int' | 'percent' | 'days';

export interface FieldSpec {
  readonly path: string;
  readonly kind: FieldKind;
}

export const STAGES = ['germination', 'cotyledon', 'trueLeaf', 'hardening'] as const;
export const SEASONS = ['winter', 'spring', 'summer'] as const;

/** The editor's sections, each a list of fields in the order they are shown. */
export const SECTIONS = {
  growing: [
    ...SEASONS.map((season): FieldSpec => ({ path: `daysToSaleable.${season}`, kind: 'days' })),
    { path: 'graftExtraDays', kind: 'days' },
    { path: 'holdDays', kind: 'int' },
    { path: 'traysDefault', kind: 'int' },
  ],
  rates: [
    { path: 'emergePct', kind: 'percent' },
    { path: 'emergePctSummer', kind: 'percent' },
    { path: 'saleablePct', kind: 'percent' },
  ],
  limits: [
    { path: 'coldCritC', kind: 'number' },
    { path: 'coldWarnC', kind: 'number' },
    { path: 'hotWarnC', kind: 'number' },
    { path: 'hotCritC', kind: 'number' },
  ],
  stages: STAGES.flatMap((stage) =>
    ['dayC.lo', 'dayC.hi', 'nightC.lo', 'nightC.hi'].map((end): FieldSpec => ({
      path: `stageTargets.${stage}.${end}`,
      kind: 'number',
    })),
  ),
  moisture: STAGES.flatMap((stage) =>
    ['vwcLowerPct', 'vwcUpperPct'].map((end): FieldSpec => ({
      path: `moisture.${stage}.${end}`,
      kind: 'number',
    })),
  ),
} as const satisfies Record<string, readonly FieldSpec[]>;

export type SectionName = keyof typeof SECTIONS;

/** The text fields of a profile: path → text as typed. */
export type Draft = Record<string, string>;

function read(profile: unknown, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>((node, key) => (node as Record<string, unknown> | null)?.[key], profile);
}

function write(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let node = target;
  for (const key of keys.slice(0, -1)) {
    node[key] ??= {};
    node = node[key] as Record<string, unknown>;
  }
  node[keys.at(-1)!] = value;
}

/** The text a field shows for a profile's value (a fraction as a percentage, null as empty). */
export function fieldText(profile: unknown, field: FieldSpec): string {
  const value = read(profile, field.path);
  if (typeof value !== 'number') return '';
  return field.kind === 'percent' ? String(Math.round(value * 1000) / 10) : String(value);
}

export function draftOf(
  profile: Partial<CropProfileFields> | CropFields,
  fields: readonly FieldSpec[],
): Draft {
  return Object.fromEntries(fields.map((field) => [field.path, fieldText(profile, field)]));
}

/**
 * The fields as an edit, or the first field whose text is no number. Empty text is "not grown then"
 * for days and "no value of its own" elsewhere (left out, so a variety keeps its crop's).
 */
export function patchOf(
  draft: Draft,
  fields: readonly FieldSpec[],
): { patch: Record<string, unknown> } | { bad: string } {
  const patch: Record<string, unknown> = {};
  for (const field of fields) {
    const text = (draft[field.path] ?? '').trim().replace('，', '.');
    if (text === '') {
      if (field.kind === 'days') write(patch, field.path, null);
      continue;
    }
    const value = Number(text);
    const whole = field.kind === 'int' || field.kind === 'days';
    if (!Number.isFinite(value) || (whole && !Number.isInteger(value))) return { bad: field.path };
    write(patch, field.path, field.kind === 'percent' ? Math.round(value * 10) / 1000 : value);
  }
  return { patch };
}

/** One row of the price table as typed, in yuan. */
export interface PriceRowDraft {
  cells: string;
  price: string;
  grafted: string;
  ownSeed: string;
}

const yuan = (fen: number | null) => (fen === null ? '' : (fen / 100).toFixed(2));

export function priceDraftOf(prices: readonly TrayPrice[]): PriceRowDraft[] {
  return prices.map((row) => ({
    cells: String(row.cells),
    price: yuan(row.priceFen),
    grafted: yuan(row.graftedPriceFen),
    ownSeed: yuan(row.ownSeedPriceFen),
  }));
}

/** "0.85" / "¥1.2" → fen; null when empty, undefined when it is no amount. */
function fenOf(text: string): number | null | undefined {
  const clean = text.replace(/[,，\s¥元]/g, '');
  if (clean === '') return null;
  if (!/^\d+(\.\d{1,2})?$/.test(clean)) return undefined;
  return Math.round(Number(clean) * 100);
}

/** The price table in fen, or the first row and column that is not a tray size or an amount. */
export function pricesOf(rows: readonly PriceRowDraft[]): { prices: TrayPrice[] } | { bad: string } {
  const prices: TrayPrice[] = [];
  for (const [index, row] of rows.entries()) {
    const cells = Number(row.cells.trim());
    if (!Number.isInteger(cells) || cells <= 0) return { bad: `${index}.cells` };
    const price = fenOf(row.price);
    if (price === undefined || price === null || price <= 0) return { bad: `${index}.price` };
    const grafted = fenOf(row.grafted);
    if (grafted === undefined || grafted === 0) return { bad: `${index}.grafted` };
    const ownSeed = fenOf(row.ownSeed);
    if (ownSeed === undefined || ownSeed === 0) return { bad: `${index}.ownSeed` };
    prices.push({ cells, priceFen: price, graftedPriceFen: grafted, ownSeedPriceFen: ownSeed });
  }
  return { prices };
}

/** "128, 50" → [128, 50]; null when a part is no whole number. */
export function traysOf(text: string): number[] | null {
  const parts = text
    .split(/[,，、\s]+/)
    .map((part) => part.trim())
    .filter(Boolean);
  const trays = parts.map(Number);
  return trays.every((cells) => Number.isInteger(cells) && cells > 0) ? trays : null;
}
