import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';

import { addDays, toDayNumber } from './calendar.js';
import { CapacityCalendar } from './capacity-calendar.js';
import { CROPS } from './crop-seed.js';
import { germinationRoomDays } from './crops.js';
import { lineFixture, stateFixture } from './matching-fixtures.js';
import type { MatchResult, MatchingBatch, MatchingOrderLine, MatchingState } from './matching-types.js';
import { matchOrders, rematch } from './matching.js';
import { readyWindow } from './planning.js';

const TODAY = '2026-03-01';
const RUNS = { numRuns: 150 };

const batchArbitrary = fc
  .record({
    crop: fc.constantFrom('tomato' as const, 'cucumber' as const),
    cultivar: fc.constantFrom(null, 'A', 'B'),
    cells: fc.constantFrom(72, 128),
    zone: fc.constantFrom('gh1', 'gh2'),
    sowOffset: fc.integer({ min: -50, max: 5 }),
    trays: fc.integer({ min: 1, max: 40 }),
    forecastSaleable: fc.integer({ min: 0, max: 3_000 }),
  })
  .map(({ sowOffset, ...batch }) => {
    const sowDate = addDays(TODAY, sowOffset);
    return { ...batch, sowDate, ...readyWindow(CROPS[batch.crop], sowDate, false) };
  });

const lineArbitrary = fc.record({
  crop: fc.constantFrom('tomato' as const, 'cucumber' as const),
  cultivar: fc.constantFrom(null, 'A', 'B'),
  cells: fc.constantFrom(null, 72, 128),
  quantity: fc.integer({ min: 1, max: 4_000 }),
  wantedOffset: fc.integer({ min: 0, max: 70 }),
  windowDays: fc.integer({ min: 0, max: 3 }),
});

const stateArbitrary = (options: { planning: boolean }) =>
  fc
    .record({
      batches: fc.array(batchArbitrary, { maxLength: 8 }),
      lines: fc.array(lineArbitrary, { maxLength: 12 }),
      bench: fc.integer({ min: 20, max: 300 }),
      germinationRoom: fc.integer({ min: 10, max: 200 }),
      policy: fc.constantFrom('fifo' as const, 'pro_rata' as const),
      refillTrays: fc.integer({ min: 0, max: 2 }),
    })
    .map(({ batches, lines, bench, germinationRoom, policy, refillTrays }) =>
      stateFixture({
        today: TODAY,
        settings: { refillTrays, shortfallPolicy: policy, horizonDays: 60, holdDays: 7 },
        capacity: options.planning
          ? {
              zones: [
                { zone: 'gh1', benchTrays: bench },
                { zone: 'gh2', benchTrays: bench },
              ],
              germinationRoomTrays: germinationRoom,
            }
          : { zones: [], germinationRoomTrays: 0 },
        batches: batches.map((batch, index): MatchingBatch => ({
          id: `b${index}`,
          grafted: false,
          seedOwner: 'nursery',
          status: 'active',
          ...batch,
        })),
        lines: lines.map(({ wantedOffset, windowDays, ...line }, index) =>
          lineFixture({
            id: `l${index}`,
            placedAt: new Date(Date.UTC(2026, 1, 1, 0, index)).toISOString(),
            wantedFrom: addDays(TODAY, wantedOffset),
            wantedUntil: addDays(TODAY, wantedOffset + windowDays),
            ...line,
          }),
        ),
      }),
    );

function allocatedPerBatch(result: MatchResult): Map<string, number> {
  const totals = new Map<string, number>();
  for (const allocation of result.allocations) {
    totals.set(allocation.batchId, (totals.get(allocation.batchId) ?? 0) + allocation.quantity);
  }
  return totals;
}

function allocatedPerLine(result: MatchResult): Map<string, number> {
  const totals = new Map<string, number>();
  for (const allocation of result.allocations) {
    totals.set(allocation.lineId, (totals.get(allocation.lineId) ?? 0) + allocation.quantity);
  }
  return totals;
}

function occupancy(state: MatchingState, batches: readonly MatchingBatch[]): CapacityCalendar {
  const calendar = new CapacityCalendar(toDayNumber(state.today) - 60, 200, state.capacity);
  for (const batch of batches) {
    calendar.add({
      zone: batch.zone,
      sowDay: toDayNumber(batch.sowDate),
      germinationDays: germinationRoomDays(CROPS[batch.crop]),
      lastBenchDay: toDayNumber(batch.readyUntil),
      trays: batch.trays,
    });
  }
  return calendar;
}

/** The state a service would load after persisting `result`. */
function persisted(state: MatchingState, result: MatchResult): MatchingState {
  const outcomes = new Map(result.outcomes.map((outcome) => [outcome.lineId, outcome]));
  return {
    ...state,
    batches: [...state.batches, ...result.plannedBatches],
    allocations: result.allocations,
    lines: state.lines.map((line): MatchingOrderLine => {
      const outcome = outcomes.get(line.id);
      if (outcome?.outcome === 'confirmed' || outcome?.outcome === 'short') {
        return { ...line, status: outcome.outcome, confirmedDate: outcome.date };
      }
      return { ...line, status: outcome?.outcome === 'waitlisted' ? 'waitlisted' : line.status };
    }),
  };
}

describe('matching properties', () => {
  it('never allocates more than a batch forecasts', () => {
    fc.assert(
      fc.property(stateArbitrary({ planning: true }), (state) => {
        const result = matchOrders(state);
        const forecasts = new Map(
          [...state.batches, ...result.plannedBatches].map((batch) => [batch.id, batch.forecastSaleable]),
        );
        for (const [batchId, allocated] of allocatedPerBatch(result)) {
          expect(allocated).toBeLessThanOrEqual(forecasts.get(batchId) ?? -1);
        }
      }),
      RUNS,
    );
  });

  it('never plans above bench or germination-room capacity on any day', () => {
    fc.assert(
      fc.property(stateArbitrary({ planning: true }), (state) => {
        const result = matchOrders(state);
        const before = occupancy(state, state.batches);
        const after = occupancy(state, [...state.batches, ...result.plannedBatches]);
        const limits = [
          ['germination_room', state.capacity.germinationRoomTrays] as const,
          ...state.capacity.zones.map((zone) => [zone.zone, zone.benchTrays] as const),
        ];
        const overfilled: string[] = [];
        for (let day = before.firstDay; day < before.firstDay + before.length; day += 1) {
          for (const [place, limit] of limits) {
            // Existing batches may already overfill a house; planning must never add to that.
            if (after.usedOn(place, day) > Math.max(limit, before.usedOn(place, day))) {
              overfilled.push(`${place} on day ${day}`);
            }
          }
        }
        expect(overfilled).toEqual([]);
      }),
      RUNS,
    );
  });

  it('accounts for every seedling ordered: allocated, waitlisted or short', () => {
    fc.assert(
      fc.property(stateArbitrary({ planning: true }), (state) => {
        const result = matchOrders(state);
        const perLine = allocatedPerLine(result);
        expect(result.outcomes).toHaveLength(state.lines.length);
        for (const line of state.lines) {
          const outcome = result.outcomes.find((candidate) => candidate.lineId === line.id);
          const allocated = perLine.get(line.id) ?? 0;
          expect(outcome?.allocated).toBe(allocated);
          if (outcome?.outcome === 'confirmed') {
            expect(allocated).toBe(line.quantity);
          } else if (outcome?.outcome === 'short') {
            expect(allocated + outcome.missing).toBe(line.quantity);
          } else {
            expect(outcome?.outcome).toBe('waitlisted');
            expect(allocated).toBe(0);
          }
        }
      }),
      RUNS,
    );
  });

  it('serves first placed first: an earlier line is never worse off than a later identical one', () => {
    fc.assert(
      fc.property(stateArbitrary({ planning: false }), fc.nat(), (state, pick) => {
        fc.pre(state.lines.length > 0);
        const original = state.lines[pick % state.lines.length];
        const twin = { ...original, id: 'twin', placedAt: '2026-02-28T00:00:00.000Z' };
        const result = matchOrders({ ...state, lines: [...state.lines, twin] });
        const perLine = allocatedPerLine(result);
        const outcomeOf = (id: string) => result.outcomes.find((outcome) => outcome.lineId === id);
        if (outcomeOf('twin')?.outcome === 'confirmed') {
          expect(outcomeOf(original.id)?.outcome).toBe('confirmed');
        }
        expect(perLine.get(original.id) ?? 0).toBeGreaterThanOrEqual(perLine.get('twin') ?? 0);
      }),
      RUNS,
    );
  });

  it('never moves a confirmed date later when re-matching, even after cancellations and cuts', () => {
    fc.assert(
      fc.property(
        stateArbitrary({ planning: true }),
        fc.array(fc.nat(), { maxLength: 3 }),
        fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined }),
        (state, cancelPicks, shrink) => {
          const first = matchOrders(state);
          const next = persisted(state, first);
          const cancelled = new Set(cancelPicks.map((pick) => `l${pick % Math.max(1, state.lines.length)}`));
          const second = rematch({
            ...next,
            lines: next.lines.map((line) =>
              cancelled.has(line.id) ? { ...line, status: 'cancelled' } : line,
            ),
            // A count drop on every batch (a cold night): a shortfall may cut lines, never move dates.
            batches: next.batches.map((batch) =>
              shrink === undefined
                ? batch
                : { ...batch, forecastSaleable: Math.floor(batch.forecastSaleable * shrink) },
            ),
          });
          for (const outcome of first.outcomes) {
            const after = second.outcomes.find((candidate) => candidate.lineId === outcome.lineId);
            if (outcome.outcome !== 'confirmed' || cancelled.has(outcome.lineId)) {
              continue;
            }
            if (shrink === undefined) {
              expect(after).toMatchObject({ outcome: 'confirmed', date: outcome.date });
            } else {
              expect(after?.outcome === 'confirmed' || after?.outcome === 'short').toBe(true);
              expect(after && 'date' in after ? after.date : null).toBe(outcome.date);
            }
          }
        },
      ),
      RUNS,
    );
  });
});
