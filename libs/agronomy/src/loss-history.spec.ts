import { describe, expect, it } from '@jest/globals';

import { CROPS } from './crop-seed.js';
import {
  type ClosedBatchCounts,
  type FinishedBatch,
  finishedBatchOf,
  lossHistory,
  overageOf,
  plannedFractions,
  planningLoss,
  planningLossTable,
} from './loss-history.js';
import { lineFixture, stateFixture } from './matching-fixtures.js';
import { matchOrders } from './matching.js';
import { planSowing } from './planning.js';

// Tomato: emergence 90 %, saleable 90 % → the catalogue loses 19 % of the cells (23.5 % overage).
const tomato = CROPS.tomato;

/** A closed spring tomato batch of 720 seedling cells. */
const batch = (good: number, culled: Record<string, number> = {}, over: Partial<FinishedBatch> = {}) =>
  ({ crop: 'tomato', season: 'spring', cells: 720, good, culled, ...over }) satisfies FinishedBatch;

// 2,160 cells, 540 lost (25 %): 100 to damping-off, 50 to cold, 390 that never came up or were below spec.
const threeSpring = [batch(540, { 'damping-off': 100 }), batch(576, { cold: 50 }), batch(504)];

describe('lossHistory', () => {
  it('pools the cells lost and splits them by cause; what no cull explains is not-emerged', () => {
    const history = lossHistory(threeSpring);
    expect(history).toMatchObject({ batches: 3, cells: 2160, lost: 540, lossShare: 0.25 });
    expect(history?.causes.map((c) => [c.cause, c.seedlings])).toEqual([
      ['not-emerged', 390],
      ['damping-off', 100],
      ['cold', 50],
    ]);
    const shares = history?.causes.reduce((sum, c) => sum + c.share, 0) ?? 0;
    expect(shares).toBeCloseTo(0.25, 12);
  });

  it('counts the culls when they add up to more than the cells that gave nothing', () => {
    // Refilled seedlings culled later: 700 good of 720, yet 60 culled.
    expect(lossHistory([batch(700, { heat: 60 })])).toMatchObject({ lost: 60, causes: [{ cause: 'heat' }] });
  });

  it('has nothing to say without batches', () => {
    expect(lossHistory([])).toBeNull();
    expect(lossHistory([batch(0, {}, { cells: 0 })])).toBeNull();
  });
});

describe('planningLoss: which loss the next plan sizes with', () => {
  it('keeps the catalogue below three closed batches, and still shows the history it has', () => {
    const loss = planningLoss(tomato, 'spring', threeSpring.slice(0, 2));
    expect(loss).toMatchObject({ basis: 'catalogue', reason: 'too-few-batches', limit: null });
    expect(loss.lossShare).toBeCloseTo(0.19, 12);
    expect(loss.seasonHistory?.batches).toBe(2);
    expect(planningLossTable([loss])).toEqual({});
  });

  it("uses the season's own history from the third closed batch", () => {
    const loss = planningLoss(tomato, 'spring', threeSpring);
    expect(loss).toMatchObject({ basis: 'season', reason: 'history', lossShare: 0.25, limit: null });
    expect(planningLossTable([loss])).toEqual({ tomato: { spring: 0.25 } });
    expect(overageOf(0.25)).toBeCloseTo(1 / 3, 12);
  });

  it('reads only its own crop', () => {
    const peppers = threeSpring.map((b) => ({ ...b, crop: 'pepper' }));
    expect(planningLoss(tomato, 'spring', peppers).basis).toBe('catalogue');
  });

  it('falls back to every season when the season has too few, but other seasons never lower it', () => {
    const winterLosses = [
      batch(400, { cold: 200 }, { season: 'winter' }),
      batch(500, {}, { season: 'winter' }),
    ];
    const higher = planningLoss(tomato, 'spring', [threeSpring[0], ...winterLosses]);
    expect(higher).toMatchObject({ basis: 'all-seasons', reason: 'history' });
    expect(higher.lossShare).toBeCloseTo((180 + 320 + 220) / 2160, 12);
    expect(higher.seasonHistory?.batches).toBe(1);

    const winterGood = [batch(680, {}, { season: 'winter' }), batch(690, {}, { season: 'winter' })];
    const lower = planningLoss(tomato, 'spring', [threeSpring[1], ...winterGood]);
    expect(lower).toMatchObject({ basis: 'catalogue', reason: 'other-seasons-lower' });
    expect(lower.lossShare).toBeCloseTo(0.19, 12);
  });

  it('holds a history to at most half the cells and at least what does not emerge', () => {
    const disaster = planningLoss(tomato, 'spring', [batch(0), batch(100), batch(300)]);
    expect(disaster).toMatchObject({ basis: 'season', lossShare: 0.5, limit: 'cap' });
    expect(disaster.seasonHistory?.lossShare).toBeGreaterThan(0.5);

    const excellent = planningLoss(tomato, 'spring', [batch(700), batch(690), batch(680)]);
    expect(excellent).toMatchObject({ basis: 'season', limit: 'emergence' });
    expect(excellent.lossShare).toBeCloseTo(0.1, 12);
  });
});

describe('finishedBatchOf', () => {
  const counts = (over: Partial<ClosedBatchCounts>): ClosedBatchCounts => ({
    crop: 'tomato',
    sowDate: '2027-03-02',
    cells: 72,
    trays: 12,
    refillTrays: 2,
    emerged: null,
    survived: null,
    refilled: 0,
    culled: 0,
    saleable: null,
    culls: {},
    ...over,
  });

  it('leaves the refill trays out and takes the saleable count', () => {
    expect(finishedBatchOf(counts({ saleable: 600, culls: { cold: 20 } }), tomato)).toEqual({
      crop: 'tomato',
      season: 'spring',
      cells: 720,
      good: 600,
      culled: { cold: 20 },
    });
  });

  it("takes the standing seedlings at the catalogue's saleable rate, never the batch's own", () => {
    // (650 emerged + 10 refilled − 60 culled) × 90 %.
    expect(finishedBatchOf(counts({ emerged: 650, refilled: 10, culled: 60 }), tomato)?.good).toBe(540);
    expect(finishedBatchOf(counts({ emerged: 650, survived: 500 }), tomato)?.good).toBe(450);
  });

  it('leaves out a batch whose seedlings were never counted', () => {
    expect(finishedBatchOf(counts({ culls: { pests: 30 } }), tomato)).toBeNull();
  });
});

describe('the plan sizes with the history', () => {
  const table = planningLossTable([planningLoss(tomato, 'spring', threeSpring)]);

  it('keeps the emergence and carries the loss in the saleable rate', () => {
    const fractions = plannedFractions(tomato, 'spring', table);
    expect(fractions.emergePct).toBe(0.9);
    expect(fractions.emergePct * fractions.saleablePct).toBeCloseTo(0.75, 12);
    expect(plannedFractions(tomato, 'winter', table)).toEqual({ emergePct: 0.9, saleablePct: 0.9 });
    expect(plannedFractions(tomato, 'spring', undefined)).toEqual({ emergePct: 0.9, saleablePct: 0.9 });
  });

  it('planSowing: 20,000 tomato for 25 April takes 371 trays on a 25 % history, 343 on the catalogue', () => {
    const request = { crop: tomato, quantity: 20_000, wantedDate: '2026-04-25' };
    expect(planSowing(request)?.traysForSeedlings).toBe(343);
    const plan = planSowing({ ...request, planningLoss: table });
    expect(plan).toMatchObject({ cellsNeeded: 26_667, traysForSeedlings: 371 });
    expect(plan?.overage).toBeCloseTo((371 * 72) / 20_000 - 1, 12);
  });

  it('matchOrders sows the same 371 trays and stores the fractions it sized them with', () => {
    const lines = [
      lineFixture({ id: 'l1', quantity: 20_000, wantedFrom: '2026-04-25', wantedUntil: '2026-04-25' }),
    ];
    const seedTrays = (result: ReturnType<typeof matchOrders>) =>
      result.plannedBatches.reduce((sum, b) => sum + b.trays - b.refillTrays, 0);
    const catalogue = matchOrders(stateFixture({ lines }));
    expect(seedTrays(catalogue)).toBe(343);
    expect(catalogue.plannedBatches[0]).toMatchObject({ emergePct: 0.9, saleablePct: 0.9 });

    const history = matchOrders(stateFixture({ lines, planningLoss: table }));
    expect(history.outcomes[0]).toMatchObject({ outcome: 'confirmed', date: '2026-04-25' });
    expect(seedTrays(history)).toBe(371);
    const planned = history.plannedBatches[0];
    expect((planned?.emergePct ?? 0) * (planned?.saleablePct ?? 0)).toBeCloseTo(0.75, 12);
    // Its forecast is what those fractions give: the next run reads the stored batch the same way.
    expect(planned?.forecastSaleable).toBe(Math.floor(371 * 72 * 0.75 + 1e-9));
  });
});
