import { describe, expect, it } from '@jest/globals';

import { batchFixture, lineFixture, stateFixture } from './matching-fixtures.js';
import { availability, availabilityMany, dryRunOrder, matchOrders, rematch } from './matching.js';

describe('matchOrders: existing batches', () => {
  it.each([
    ['serves one line from one batch', [{ id: 'b1' }], { quantity: 1_000 }, 'confirmed', { b1: 1_000 }],
    [
      'splits across batches, first-expiring first',
      [
        { id: 'b1', forecastSaleable: 600 },
        { id: 'b2', forecastSaleable: 600, readyUntil: '2026-04-30' },
      ],
      { quantity: 1_000 },
      'confirmed',
      { b2: 600, b1: 400 },
    ],
    [
      'matches the named cultivar only',
      [
        { id: 'b1', cultivar: 'Jinpeng' },
        { id: 'b2', cultivar: 'Provence' },
      ],
      { cultivar: 'Provence' },
      'confirmed',
      { b2: 1_000 },
    ],
    [
      'a line without cultivar takes any cultivar',
      [{ id: 'b1', cultivar: 'Jinpeng' }],
      { cultivar: null },
      'confirmed',
      { b1: 1_000 },
    ],
    [
      'respects tray size, graft and seed owner',
      [
        { id: 'b1', cells: 128 },
        { id: 'b2', grafted: true },
        { id: 'b3', seedOwner: 'buyer-9' },
        { id: 'b4' },
      ],
      { seedOwner: 'nursery' },
      'confirmed',
      { b4: 1_000 },
    ],
    [
      "uses the buyer's own seed batch",
      [{ id: 'b1' }, { id: 'b3', seedOwner: 'buyer-9' }],
      { seedOwner: 'buyer-9' },
      'confirmed',
      { b3: 1_000 },
    ],
  ] as const)('%s', (_label, batches, line, outcome, expected) => {
    const result = matchOrders(
      stateFixture({
        batches: batches.map((batch) => batchFixture(batch)),
        lines: [lineFixture({ id: 'l1', ...line })],
        today: '2026-04-20',
      }),
    );
    expect(result.outcomes[0]?.outcome).toBe(outcome);
    const allocated = Object.fromEntries(result.allocations.map((a) => [a.batchId, a.quantity]));
    expect(allocated).toEqual(expected);
    expect(result.plannedBatches).toEqual([]);
  });

  it('serves first placed first and waitlists the later line when stock runs out', () => {
    const result = matchOrders(
      stateFixture({
        batches: [batchFixture({ id: 'b1', forecastSaleable: 1_500 })],
        lines: [
          lineFixture({ id: 'late', placedAt: '2026-03-02T08:00:00Z' }),
          lineFixture({ id: 'early', placedAt: '2026-03-01T08:00:00Z' }),
        ],
        today: '2026-04-20',
      }),
    );
    expect(result.outcomes.map((outcome) => [outcome.lineId, outcome.outcome])).toEqual([
      ['early', 'confirmed'],
      ['late', 'waitlisted'],
    ]);
  });
});

describe('matchOrders: planning new sowings', () => {
  it('plans the §3.2 worked example backwards from the wanted date', () => {
    const result = matchOrders(
      stateFixture({
        lines: [
          lineFixture({ id: 'l1', quantity: 20_000, wantedFrom: '2026-04-25', wantedUntil: '2026-04-25' }),
        ],
      }),
    );
    expect(result.outcomes[0]).toMatchObject({ outcome: 'confirmed', date: '2026-04-25' });
    const trays = result.plannedBatches.reduce((sum, batch) => sum + batch.trays - batch.refillTrays, 0);
    expect(trays).toBe(343);
    expect(result.plannedBatches[0]).toMatchObject({
      sowDate: '2026-03-11',
      readyFrom: '2026-04-25',
      status: 'planned',
    });
  });

  it('splits a sowing over houses when one house is too small', () => {
    const result = matchOrders(
      stateFixture({
        capacity: {
          zones: [
            { zone: 'gh1', benchTrays: 2_000 },
            { zone: 'gh2', benchTrays: 2_000 },
          ],
          germinationRoomTrays: 5_000,
        },
        lines: [
          lineFixture({ id: 'l1', quantity: 150_000, wantedFrom: '2026-04-25', wantedUntil: '2026-04-25' }),
        ],
      }),
    );
    expect(result.outcomes[0]?.outcome).toBe('confirmed');
    expect(result.plannedBatches.map((batch) => batch.zone).sort()).toEqual(['gh1', 'gh2']);
    expect(result.plannedBatches.every((batch) => batch.trays <= 2_000)).toBe(true);
  });

  it('spreads over sowing days when the germination room is full on one day', () => {
    const result = matchOrders(
      stateFixture({
        capacity: { zones: [{ zone: 'gh1', benchTrays: 5_000 }], germinationRoomTrays: 200 },
        lines: [
          lineFixture({ id: 'l1', quantity: 20_000, wantedFrom: '2026-04-25', wantedUntil: '2026-04-25' }),
        ],
      }),
    );
    expect(result.outcomes[0]?.outcome).toBe('confirmed');
    expect(new Set(result.plannedBatches.map((batch) => batch.sowDate)).size).toBeGreaterThan(1);
  });

  it('merges later lines into the same planned lot', () => {
    const result = matchOrders(
      stateFixture({
        lines: [lineFixture({ id: 'l1', quantity: 2_000 }), lineFixture({ id: 'l2', quantity: 3_000 })],
      }),
    );
    expect(result.plannedBatches).toHaveLength(1);
    expect(result.plannedBatches[0]?.refillTrays).toBe(2);
  });

  it('waitlists with the earliest date that works when the sowing date has passed', () => {
    const result = matchOrders(
      stateFixture({
        today: '2026-04-01',
        lines: [lineFixture({ id: 'l1', wantedFrom: '2026-04-25', wantedUntil: '2026-04-25' })],
      }),
    );
    // Sowing today (1 April, spring, 45 days) is ready on 16 May.
    expect(result.outcomes[0]).toEqual({
      lineId: 'l1',
      outcome: 'waitlisted',
      earliestDate: '2026-05-16',
      allocated: 0,
    });
  });

  it('waitlists with no date when nothing fits in the horizon', () => {
    const result = matchOrders(
      stateFixture({
        capacity: { zones: [{ zone: 'gh1', benchTrays: 10 }], germinationRoomTrays: 10 },
        lines: [lineFixture({ id: 'l1', quantity: 50_000 })],
      }),
    );
    expect(result.outcomes[0]).toMatchObject({ outcome: 'waitlisted', earliestDate: null });
  });
});

describe('rematch: shortfalls, cancellations and promises', () => {
  const confirmed = (id: string, placedAt: string) =>
    lineFixture({ id, placedAt, status: 'confirmed', confirmedDate: '2026-04-26', quantity: 1_000 });

  it.each([
    ['fifo', { first: 1_000, second: 200 }],
    ['pro_rata', { first: 600, second: 600 }],
  ] as const)('cuts a shortfall by %s', (policy, expected) => {
    const result = rematch(
      stateFixture({
        today: '2026-04-20',
        settings: { refillTrays: 2, shortfallPolicy: policy, horizonDays: 10, holdDays: 7 },
        batches: [batchFixture({ id: 'b1', forecastSaleable: 1_200 })],
        lines: [confirmed('first', '2026-03-01T00:00:00Z'), confirmed('second', '2026-03-02T00:00:00Z')],
        allocations: [
          { lineId: 'first', batchId: 'b1', quantity: 1_000 },
          { lineId: 'second', batchId: 'b1', quantity: 1_000 },
        ],
      }),
    );
    const allocated = Object.fromEntries(result.allocations.map((a) => [a.lineId, a.quantity]));
    expect(allocated).toEqual(expected);
    const short = result.outcomes.find((outcome) => outcome.lineId === 'second');
    expect(short).toMatchObject({
      outcome: 'short',
      date: '2026-04-26',
      alternative: { partialDate: '2026-04-26' },
    });
  });

  it('refills a cut line from another batch for the same date', () => {
    const result = rematch(
      stateFixture({
        today: '2026-04-20',
        batches: [
          batchFixture({ id: 'b1', forecastSaleable: 500 }),
          batchFixture({ id: 'b2', forecastSaleable: 800 }),
        ],
        lines: [confirmed('l1', '2026-03-01T00:00:00Z')],
        allocations: [{ lineId: 'l1', batchId: 'b1', quantity: 1_000 }],
      }),
    );
    expect(result.outcomes[0]).toMatchObject({ outcome: 'confirmed', date: '2026-04-26', allocated: 1_000 });
  });

  it('serves the waitlist in arrival order after a cancellation', () => {
    const result = rematch(
      stateFixture({
        today: '2026-04-20',
        batches: [batchFixture({ id: 'b1', forecastSaleable: 1_000 })],
        lines: [
          lineFixture({ id: 'gone', status: 'cancelled', placedAt: '2026-03-01T00:00:00Z' }),
          lineFixture({ id: 'w2', status: 'waitlisted', placedAt: '2026-03-03T00:00:00Z' }),
          lineFixture({ id: 'w1', status: 'waitlisted', placedAt: '2026-03-02T00:00:00Z' }),
        ],
        allocations: [{ lineId: 'gone', batchId: 'b1', quantity: 1_000 }],
      }),
    );
    expect(result.outcomes.map((outcome) => [outcome.lineId, outcome.outcome])).toEqual([
      ['gone', 'cancelled'],
      ['w1', 'confirmed'],
      ['w2', 'waitlisted'],
    ]);
  });
});

describe('availability', () => {
  const state = stateFixture({
    today: '2026-04-20',
    batches: [batchFixture({ id: 'b1', forecastSaleable: 1_000 })],
  });
  it.each([
    [800, '2026-04-27', { canConfirm: true, earliestDate: '2026-04-27' }],
    // Sowing on 1 May counts as summer (28 days): ready 29 May, earlier than a 45-day April sowing.
    [5_000, '2026-04-27', { canConfirm: false, earliestDate: '2026-05-29' }],
  ])('%i seedlings on %s', (quantity, date, expected) => {
    expect(availability({ crop: 'tomato', quantity, date }, state)).toEqual(expected);
  });
});

describe('dryRunOrder and availabilityMany', () => {
  const state = stateFixture({
    today: '2026-04-20',
    batches: [batchFixture({ id: 'b1', forecastSaleable: 1_000 })],
  });
  const line = (id: string, quantity: number) => ({
    id,
    orderId: 'dry',
    crop: 'tomato' as const,
    quantity,
    wantedFrom: '2026-04-27',
    wantedUntil: '2026-04-27',
    cultivar: null,
    cells: null,
    grafted: false,
    seedOwner: 'nursery',
  });

  it('matches the order’s lines together: the second cannot have what the first took', () => {
    const [first, second] = dryRunOrder([line('a', 800), line('b', 800)], state);
    expect(first).toMatchObject({ outcome: 'confirmed', date: '2026-04-27' });
    expect(second).toMatchObject({ outcome: 'waitlisted' });
    expect(second.outcome === 'waitlisted' && second.earliestDate! > '2026-04-27').toBe(true);
  });

  it('answers each line alone as the availability of its quantity', () => {
    const [alone] = dryRunOrder([line('a', 800)], state);
    expect(alone).toMatchObject({ outcome: 'confirmed', date: '2026-04-27' });
    expect(state.lines).toEqual([]);
  });

  it('answers several availability questions from one run as one at a time', () => {
    const queries = [
      { crop: 'tomato' as const, quantity: 800, date: '2026-04-20' },
      { crop: 'tomato' as const, quantity: 5_000, date: '2026-04-20' },
    ];
    expect(availabilityMany(queries, state)).toEqual(queries.map((query) => availability(query, state)));
  });
});
