import { describe, expect, it } from '@jest/globals';
import { batchLocations, entryImpact, mainZone } from './batch-entries.js';

describe('entryImpact', () => {
  it('counts orders that went short or shorter, and those made whole', () => {
    const impact = entryImpact([
      { orderId: 'a', from: { status: 'confirmed', missing: 0 }, to: { status: 'short', missing: 500 } },
      { orderId: 'a', from: { status: 'short', missing: 100 }, to: { status: 'short', missing: 300 } },
      { orderId: 'b', from: { status: 'short', missing: 300 }, to: { status: 'confirmed', missing: 0 } },
      { orderId: 'c', from: { status: 'short', missing: 300 }, to: { status: 'short', missing: 200 } },
      { orderId: 'd', from: { status: 'waitlisted', missing: 0 }, to: { status: 'confirmed', missing: 0 } },
    ]);
    expect(impact).toEqual({ ordersNowShort: ['a'], seedlingsNowShort: 700, ordersRecovered: ['b'] });
  });

  it('reports nothing when nothing moved', () => {
    expect(entryImpact([])).toEqual({ ordersNowShort: [], seedlingsNowShort: 0, ordersRecovered: [] });
  });
});

describe('batchLocations', () => {
  const start = { zone: 'germ1', benches: null, trays: 345 };
  it.each([
    ['no moves', [], [start]],
    [
      'a whole move (old events carry no trays)',
      [{ kind: 'move', details: { from: 'germ1', to: 'gh1', benches: 'A1-A4' } }],
      [{ zone: 'gh1', benches: 'A1-A4', trays: 345 }],
    ],
    [
      'a partial move then the rest',
      [
        { kind: 'move', details: { from: 'germ1', to: 'gh1', trays: 200, benches: 'A1' } },
        { kind: 'count', details: { emerged: 20000 } },
        { kind: 'move', details: { from: 'germ1', to: 'gh2', trays: 145, benches: null } },
      ],
      [
        { zone: 'gh1', benches: 'A1', trays: 200 },
        { zone: 'gh2', benches: null, trays: 145 },
      ],
    ],
    [
      'sowing a planned batch puts its trays where it was sown',
      [
        { kind: 'created', details: { zone: 'gh1', trays: 300 } },
        { kind: 'sow', details: { zone: 'germ1', benches: 'R1', trays: 280 } },
      ],
      [{ zone: 'germ1', benches: 'R1', trays: 280 }],
    ],
    [
      'more trays than stand there: only what stands there moves',
      [{ kind: 'move', details: { from: 'germ1', to: 'gh1', trays: 999, benches: null } }],
      [{ zone: 'gh1', benches: null, trays: 345 }],
    ],
    [
      'from a bench that holds none: nothing moves',
      [{ kind: 'move', details: { from: 'germ1', fromBenches: 'Z9', to: 'gh1', trays: 10, benches: null } }],
      [start],
    ],
  ])('%s', (_name, events, expected) => {
    expect(batchLocations(start, events)).toEqual(expected);
  });

  it('names the house with most trays as the main one', () => {
    expect(
      mainZone(
        [
          { zone: 'gh1', benches: 'A1', trays: 100 },
          { zone: 'gh2', benches: null, trays: 90 },
          { zone: 'gh2', benches: 'B1', trays: 20 },
        ],
        'germ1',
      ),
    ).toBe('gh2');
    expect(mainZone([], 'germ1')).toBe('germ1');
  });
});
