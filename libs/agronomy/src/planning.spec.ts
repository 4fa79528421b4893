import { describe, expect, it } from '@jest/globals';

import { CROPS } from './crop-seed.js';
import { forecastSaleable, planSowing, readyWindow, resolveSowDate } from './planning.js';

describe('planSowing (domain.md §3.2)', () => {
  it('matches the worked example: 20,000 tomato, 72 cells, 25 April → sow 11 March, 343 trays', () => {
    const plan = planSowing({
      crop: CROPS.tomato,
      quantity: 20_000,
      wantedDate: '2026-04-25',
    });
    expect(plan).toMatchObject({
      sowDate: '2026-03-11',
      season: 'spring',
      seedlingAgeDays: 45,
      consistent: true,
      cellsNeeded: 24_692,
      traysForSeedlings: 343,
      refillTrays: 2,
      trays: 345,
      cellsSown: 345 * 72,
      readyFrom: '2026-04-25',
      readyUntil: '2026-05-02',
    });
    expect(plan?.overage).toBeCloseTo(0.2348, 3);
  });

  it.each([
    ['tomato grafted', 'tomato', true, '2026-04-25', '2026-03-01'],
    ['cucumber summer', 'cucumber', false, '2026-07-01', '2026-06-14'],
    ['tomato winter', 'tomato', false, '2026-01-30', '2025-12-01'],
  ] as const)('%s for %s', (_label, key, grafted, wanted, sow) => {
    expect(
      planSowing({
        crop: CROPS[key],
        quantity: 1000,
        wantedDate: wanted,
        grafted,
      })?.sowDate,
    ).toBe(sow);
  });

  it('prefers the later consistent sow date at a season boundary', () => {
    // 29 May − 28 (summer) = 1 May (summer) and 29 May − 45 (spring) = 14 Apr (spring): both consistent.
    expect(resolveSowDate(CROPS.tomato, '2026-05-29', false)).toMatchObject({
      sowDate: '2026-05-01',
      season: 'summer',
    });
  });

  it('falls back to a sowing ready before the wanted date when no season is consistent', () => {
    // 15 Dec: winter age 60 → 16 Oct (summer); summer age 28 → 17 Nov (winter); spring 45 → 31 Oct.
    const resolution = resolveSowDate(CROPS.tomato, '2026-12-15', false);
    expect(resolution).toMatchObject({
      consistent: false,
      sowDate: '2026-10-31',
      season: 'summer',
    });
    expect(resolution && resolution.readyDate <= '2026-12-15').toBe(true);
  });

  it('uses trays, refill trays and the summer lettuce emergence', () => {
    const plan = planSowing({
      crop: CROPS.lettuce,
      quantity: 10_000,
      wantedDate: '2026-08-01',
      cells: 200,
      refillTrays: 1,
    });
    // 10,000 / (0.70 × 0.90) = 15,873.02 → 15,874 cells → 80 trays of 200.
    expect(plan).toMatchObject({
      cellsNeeded: 15_874,
      traysForSeedlings: 80,
      trays: 81,
    });
  });
});

describe('readyWindow', () => {
  it.each([
    ['tomato', '2026-03-11', false, 7, '2026-04-25', '2026-05-02'],
    ['tomato', '2026-03-11', true, 3, '2026-05-05', '2026-05-08'],
    ['chinese_cabbage', '2026-12-01', false, 7, '2027-01-03', '2027-01-10'],
  ] as const)('%s sown %s (grafted %s, hold %i)', (key, sow, grafted, hold, from, until) => {
    expect(readyWindow(CROPS[key], sow, grafted, hold)).toEqual({
      readyFrom: from,
      readyUntil: until,
    });
  });
});

describe('forecastSaleable', () => {
  const base = {
    cellsSown: 10_000,
    emerged: null,
    refilled: 0,
    culled: 0,
    saleable: null,
    emergePct: 0.9,
    saleablePct: 0.9,
  };
  it.each([
    ['before emergence is counted', base, 8_100],
    ['after emergence', { ...base, emerged: 9_000, refilled: 300, culled: 100 }, 8_280],
    ['with an explicit saleable count', { ...base, emerged: 9_000, saleable: 7_777 }, 7_777],
    ['never negative', { ...base, emerged: 10, culled: 50 }, 0],
  ])('%s', (_label, counts, expected) => {
    expect(forecastSaleable(counts)).toBe(expected);
  });
});
