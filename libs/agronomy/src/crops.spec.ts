import { describe, expect, it } from '@jest/globals';

import { CROPS, CROP_KEYS, germinationRoomDays, isCropKey, priceFenFor } from './crops.js';

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
    [false, 80],
    [true, 160],
  ])('prices a seedling (grafted %s) at %i fen', (grafted, fen) => {
    expect(priceFenFor(CROPS.tomato, grafted)).toBe(fen);
  });

  it.each([
    ['tomato', 4],
    ['celery', 11],
    ['cucumber', 3],
  ] as const)('%s holds the germination room %i days', (key, days) => {
    expect(germinationRoomDays(CROPS[key])).toBe(days);
  });

  it('recognises crop keys', () => {
    expect(isCropKey('tomato')).toBe(true);
    expect(isCropKey('potato')).toBe(false);
  });
});
