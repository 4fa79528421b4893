import { describe, expect, it } from '@jest/globals';

import { CROPS, CROP_KEYS, SEED_PROFILES } from './crop-seed.js';
import {
  type CropProfile,
  chillingBandOf,
  chillingCounts,
  germinationRoomDays,
  profileSet,
  quotePriceFen,
  varietyProfile,
} from './crops.js';

describe('crop catalogue (domain.md §1.4)', () => {
  it('holds every crop of the table', () => {
    expect(Object.keys(CROPS).sort()).toEqual([...CROP_KEYS].sort());
  });

  it.each([
    ['tomato', 72, { winter: 60, spring: 45, summer: 28 }, 10, 0.9, 0.9],
    ['pepper', 72, { winter: 73, spring: 55, summer: 35 }, null, 0.85, 0.9],
    ['eggplant', 72, { winter: 78, spring: 60, summer: 40 }, 25, 0.75, 0.85],
    ['cucumber', 72, { winter: 28, spring: 23, summer: 17 }, 9, 0.92, 0.9],
    ['chinese_cabbage', 128, { winter: null, spring: 33, summer: 18 }, null, 0.92, 0.9],
    ['celery', 200, { winter: 60, spring: 55, summer: 45 }, null, 0.7, 0.85],
  ] as const)('%s: tray %i, middle days %j, graft +%s', (key, tray, days, graftExtra, emerge, saleable) => {
    const crop = CROPS[key];
    expect(crop.traysDefault).toBe(tray);
    expect(crop.daysToSaleable).toEqual(days);
    expect(crop.graftExtraDays).toBe(graftExtra);
    expect(crop.emergePct).toBeCloseTo(emerge);
    expect(crop.saleablePct).toBeCloseTo(saleable);
  });

  it('parses stage targets, alarm limits, spec and alternatives', () => {
    const tomato = CROPS.tomato;
    expect(tomato.nameZh).toBe('番茄');
    expect(tomato.traysAlt).toEqual([128, 50]);
    expect(tomato.graft).toBe('optional');
    expect(tomato.stageTargets.hardening).toEqual({
      dayC: { lo: 18, hi: 22 },
      nightC: { lo: 8, hi: 12 },
    });
    expect([tomato.coldWarnC, tomato.coldCritC, tomato.hotWarnC, tomato.hotCritC]).toEqual([10, 5, 32, 35]);
    expect(tomato.spec).toEqual({
      leaves: '4-6 (summer 3-4)',
      heightCm: { lo: 12, hi: 18 },
    });
    expect(tomato.hardDays).toEqual({ lo: 5, hi: 7 });
    expect(CROPS.cucumber.hardDays).toEqual({ lo: 5, hi: 5 });
    expect(tomato.holdDays).toBe(7);
  });

  it('keeps the lettuce summer emergence override', () => {
    expect(CROPS.lettuce.emergePct).toBeCloseTo(0.85);
    expect(CROPS.lettuce.emergePctSummer).toBeCloseTo(0.7);
    expect(CROPS.tomato.emergePctSummer).toBeCloseTo(0.9);
  });

  it('orders moisture bands high-low-low-medium-low around the §2.3 fractions', () => {
    const moisture = CROPS.eggplant.moisture;
    expect(moisture.germination.vwcLowerPct).toBeGreaterThan(moisture.cotyledon.vwcUpperPct);
    expect(moisture.cotyledon.vwcLowerPct).toBeGreaterThanOrEqual(moisture.trueLeaf.vwcUpperPct);
    expect(moisture.trueLeaf.vwcLowerPct).toBeGreaterThanOrEqual(moisture.hardening.vwcUpperPct);
  });

  it.each([
    [{ cells: null, grafted: false, ownSeed: false }, 80],
    [{ cells: null, grafted: true, ownSeed: false }, 160],
    [{ cells: null, grafted: false, ownSeed: true }, 60],
    [{ cells: 128, grafted: false, ownSeed: false }, 80],
  ])('prices a seedling %j at %i fen from the seed price table', (kind, fen) => {
    expect(quotePriceFen(CROPS.tomato, kind)).toBe(fen);
  });

  it('prices by the tray row, falling back to the default tray, and doubles a graft without its price', () => {
    const crop: CropProfile = {
      ...CROPS.tomato,
      prices: [
        { cells: 72, priceFen: 90, graftedPriceFen: null, ownSeedPriceFen: null },
        { cells: 50, priceFen: 120, graftedPriceFen: 250, ownSeedPriceFen: 95 },
      ],
    };
    expect(quotePriceFen(crop, { cells: 50, grafted: true, ownSeed: false })).toBe(250);
    expect(quotePriceFen(crop, { cells: 50, grafted: false, ownSeed: true })).toBe(95);
    expect(quotePriceFen(crop, { cells: 72, grafted: true, ownSeed: false })).toBe(180);
    expect(quotePriceFen(crop, { cells: 72, grafted: false, ownSeed: true })).toBe(90);
    expect(quotePriceFen(crop, { cells: 200, grafted: false, ownSeed: false })).toBe(90);
  });

  it('gives a non-grafted crop no grafted price', () => {
    expect(CROPS.cabbage.prices.every((row) => row.graftedPriceFen === null)).toBe(true);
    expect(CROPS.tomato.prices.map((row) => row.cells)).toEqual([72, 128, 50]);
  });

  it.each([
    ['tomato', 4],
    ['celery', 11],
    ['cucumber', 3],
  ] as const)('%s holds the germination room %i days', (key, days) => {
    expect(germinationRoomDays(CROPS[key])).toBe(days);
  });

  it.each([
    ['celery', '2026-07-01', true],
    ['celery', null, true],
    ['chinese_cabbage', '2026-03-02', true],
    ['chinese_cabbage', '2026-02-01', true],
    ['chinese_cabbage', '2026-04-30', true],
    ['chinese_cabbage', '2026-07-20', false],
    ['chinese_cabbage', '2026-01-10', false],
    ['chinese_cabbage', null, false],
    ['tomato', '2026-03-02', false],
  ] as const)('%s sown %s counts chilling hours: %s', (key, sowDate, counts) => {
    expect(chillingBandOf(CROPS[key], sowDate) !== null).toBe(counts);
  });

  it.each([
    ['celery', 2, true],
    ['celery', 5, true],
    ['celery', 1.9, false],
    ['celery', 5.1, false],
    ['chinese_cabbage', 12.9, true],
    ['chinese_cabbage', 13, false],
    ['chinese_cabbage', -3, true],
  ] as const)('%s: an hour at %d °C counts: %s', (key, celsius, counts) => {
    expect(chillingCounts(CROPS[key].chilling!, celsius)).toBe(counts);
  });

  it('merges a variety over its crop: nested fields one by one, the price table whole', () => {
    const variety = {
      crop: 'tomato',
      name: '千禧',
      nameEn: 'Qianxi',
      overrides: {
        stageTargets: { hardening: { nightC: { lo: 10 } } },
        prices: [{ cells: 72, priceFen: 150, graftedPriceFen: null, ownSeedPriceFen: 110 }],
        nameZh: 'ignored',
      },
    };
    const merged = varietyProfile(CROPS.tomato, variety);
    expect(merged.stageTargets.hardening).toEqual({ dayC: { lo: 18, hi: 22 }, nightC: { lo: 10, hi: 12 } });
    expect(merged.prices).toHaveLength(1);
    expect(merged.nameZh).toBe('番茄');
    expect(merged.coldCritC).toBe(CROPS.tomato.coldCritC);
    const set = profileSet([CROPS.tomato], [variety]);
    expect(set.profile('tomato', '千禧').prices[0].priceFen).toBe(150);
    expect(set.profile('tomato', 'unknown')).toEqual(CROPS.tomato);
    expect(set.has('pepper')).toBe(false);
  });

  it('holds an empty house to the first crop growing on when no setting names a crop it has', () => {
    expect(SEED_PROFILES.emptyHouse).toEqual({ crop: 'tomato', stage: 'trueLeaf' });
    expect(
      profileSet([CROPS.pepper, CROPS.tomato], [], { crop: 'gone', stage: 'hardening' }).emptyHouse,
    ).toEqual({
      crop: 'pepper',
      stage: 'trueLeaf',
    });
  });
});
