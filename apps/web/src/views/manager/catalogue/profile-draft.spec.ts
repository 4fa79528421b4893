import { describe, expect, it } from '@jest/globals';
import type { CropProfileFields } from '#contracts';
import { SECTIONS, draftOf, patchOf, priceDraftOf, pricesOf, traysOf } from './profile-draft.ts';

const stage = (dayLo: number, nightLo: number) => ({
  dayC: { lo: dayLo, hi: dayLo + 4 },
  nightC: { lo: nightLo, hi: nightLo + 4 },
});
const moisture = { vwcLowerPct: 36, vwcUpperPct: 39 };
/** The seed's tomato, as far as the editor reads it. */
const TOMATO = {
  daysToSaleable: { winter: 60, spring: 45, summer: 28 },
  graftExtraDays: 10,
  holdDays: 7,
  traysDefault: 72,
  emergePct: 0.9,
  emergePctSummer: 0.9,
  saleablePct: 0.9,
  coldCritC: 5,
  coldWarnC: 10,
  hotWarnC: 32,
  hotCritC: 35,
  stageTargets: {
    germination: stage(25, 20),
    cotyledon: stage(20, 13),
    trueLeaf: stage(22, 13),
    hardening: stage(18, 8),
  },
  moisture: { germination: moisture, cotyledon: moisture, trueLeaf: moisture, hardening: moisture },
} as Partial<CropProfileFields>;
const CABBAGE = { ...TOMATO, daysToSaleable: { winter: null, spring: 33, summer: 18 }, emergePct: 0.92 };
const CABBAGE_PRICES = [{ cells: 128, priceFen: 80, graftedPriceFen: null, ownSeedPriceFen: 60 }];

describe('the catalogue editor draft', () => {
  it('shows rates as percentages and days as whole numbers, empty for a season not grown', () => {
    const cabbage = draftOf(CABBAGE, [...SECTIONS.growing, ...SECTIONS.rates]);
    expect(cabbage['daysToSaleable.winter']).toBe('');
    expect(cabbage['daysToSaleable.spring']).toBe('33');
    expect(cabbage.emergePct).toBe('92');
  });

  it('turns the typed fields back into an edit: percent to fraction, empty days to null', () => {
    const draft = draftOf(TOMATO, [...SECTIONS.growing, ...SECTIONS.rates, ...SECTIONS.stages]);
    draft['daysToSaleable.summer'] = '';
    draft.emergePct = '87.5';
    draft['stageTargets.hardening.nightC.lo'] = '9';
    const result = patchOf(draft, [...SECTIONS.growing, ...SECTIONS.rates, ...SECTIONS.stages]);
    expect(result).toMatchObject({
      patch: {
        daysToSaleable: { winter: 60, spring: 45, summer: null },
        emergePct: 0.875,
        stageTargets: { hardening: { nightC: { lo: 9, hi: 12 } } },
      },
    });
  });

  it('names the first field that is not a number', () => {
    const draft = draftOf(TOMATO, SECTIONS.limits);
    draft.hotWarnC = 'abc';
    expect(patchOf(draft, SECTIONS.limits)).toEqual({ bad: 'hotWarnC' });
    draft.hotWarnC = '32';
    draft.coldWarnC = '10.5';
    expect(patchOf(draft, SECTIONS.limits)).toMatchObject({ patch: { coldWarnC: 10.5 } });
  });

  it('reads prices in yuan to fen, empty grafted or own-seed as none, and refuses what is no amount', () => {
    const rows = priceDraftOf(CABBAGE_PRICES);
    expect(rows[0]).toEqual({ cells: '128', price: '0.80', grafted: '', ownSeed: '0.60' });
    expect(pricesOf([{ cells: '72', price: '¥1.5', grafted: '3', ownSeed: '' }])).toEqual({
      prices: [{ cells: 72, priceFen: 150, graftedPriceFen: 300, ownSeedPriceFen: null }],
    });
    expect(pricesOf([{ cells: '72', price: '0', grafted: '', ownSeed: '' }])).toEqual({ bad: '0.price' });
    expect(pricesOf([{ cells: 'x', price: '1', grafted: '', ownSeed: '' }])).toEqual({ bad: '0.cells' });
    expect(pricesOf([{ cells: '72', price: '1', grafted: '1.234', ownSeed: '' }])).toEqual({
      bad: '0.grafted',
    });
  });

  it('reads a list of trays written with any separator', () => {
    expect(traysOf('128, 50，200 288')).toEqual([128, 50, 200, 288]);
    expect(traysOf('')).toEqual([]);
    expect(traysOf('72, x')).toBeNull();
  });
});
