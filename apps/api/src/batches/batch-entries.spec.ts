import { describe, expect, it } from '@jest/globals';
import { batchLocations, batchStays, entryImpact, mainZone } from './batch-entries.js';

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

  describe('with a germination room', () => {
    const room = { germinationRoom: 'germ1' };
    const sown = {
      kind: 'created',
      at: '2026-11-01T01:00:00.000Z',
      details: { stage: 'sown', zone: 'gh1', trays: 300 },
    };
    it('a sown batch stands in the germination room, whatever house the sowing names', () => {
      expect(batchLocations(start, [sown], room)).toEqual([{ zone: 'germ1', benches: null, trays: 300 }]);
    });
    it('a batch created past emergence (hardening, as the demo tomato) stands in its house', () => {
      const created = { ...sown, details: { ...sown.details, stage: 'hardening', benches: 'A1-A4' } };
      expect(batchLocations(start, [created], room)).toEqual([{ zone: 'gh1', benches: 'A1-A4', trays: 300 }]);
    });
    it('sowing a planned batch puts it in the germination room until a move takes it out', () => {
      const events = [
        {
          kind: 'created',
          at: '2026-11-01T00:00:00.000Z',
          details: { stage: 'planned', zone: 'gh2', trays: 300 },
        },
        { kind: 'sow', at: '2026-11-02T00:00:00.000Z', details: { zone: 'gh2', benches: 'B1', trays: 280 } },
      ];
      expect(batchLocations(start, events, room)).toEqual([{ zone: 'germ1', benches: null, trays: 280 }]);
    });
    it('keeps the history of every stay: from when, until when, how many trays', () => {
      const events = [
        sown,
        { kind: 'stage', at: '2026-11-04T01:00:00.000Z', details: { stage: 'emerged' } },
        {
          kind: 'move',
          at: '2026-11-05T01:00:00.000Z',
          details: { from: 'germ1', to: 'gh1', trays: 200, benches: 'A1' },
        },
        {
          kind: 'move',
          at: '2026-11-06T01:00:00.000Z',
          details: { from: 'germ1', to: 'gh2', benches: null },
        },
      ];
      expect(batchStays(start, events, room)).toEqual([
        {
          zone: 'germ1',
          benches: null,
          trays: 300,
          from: '2026-11-01T01:00:00.000Z',
          until: '2026-11-05T01:00:00.000Z',
        },
        {
          zone: 'germ1',
          benches: null,
          trays: 100,
          from: '2026-11-05T01:00:00.000Z',
          until: '2026-11-06T01:00:00.000Z',
        },
        { zone: 'gh1', benches: 'A1', trays: 200, from: '2026-11-05T01:00:00.000Z', until: null },
        { zone: 'gh2', benches: null, trays: 100, from: '2026-11-06T01:00:00.000Z', until: null },
      ]);
    });
    it('never makes the germination room a home house: the house sown for stays home until trays reach one', () => {
      expect(mainZone([{ zone: 'germ1', benches: null, trays: 300 }], 'gh1', 'germ1')).toBe('gh1');
      expect(
        mainZone(
          [
            { zone: 'germ1', benches: null, trays: 250 },
            { zone: 'gh2', benches: null, trays: 50 },
          ],
          'gh1',
          'germ1',
        ),
      ).toBe('gh2');
    });
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
