import { describe, expect, it } from '@jest/globals';
import { pieceWindows, stagePeriods } from './passport-pieces.js';

/** An instant `hour` hours into 10 March 2027 (UTC). */
const T = (hour: number) => new Date(Date.UTC(2027, 2, 10, hour)).toISOString();
const ms = (hour: number) => Date.parse(T(hour));

describe('the passport pieces: stages crossed with places', () => {
  const events = [
    { kind: 'created', details: { stage: 'planned', zone: 'gh1', trays: 20 }, at: T(0) },
    { kind: 'sow', details: { zone: 'gh1', trays: 20 }, at: T(10) },
    { kind: 'stage', details: { from: 'sown', to: 'emerged' }, at: T(20) },
    { kind: 'stage', details: { edited: { note: 'x' } }, at: T(25) },
    { kind: 'stage', details: { from: 'emerged', to: 'true_leaf' }, at: T(30) },
    { kind: 'stage', details: { from: 'true_leaf', to: 'sold_out' }, at: T(50) },
  ];

  it('reads the stages from created, sow and stage events; planned and final stages are not lived', () => {
    expect(stagePeriods(events)).toEqual([
      { stage: 'sown', from: ms(10), until: ms(20) },
      { stage: 'emerged', from: ms(20), until: ms(30) },
      { stage: 'true_leaf', from: ms(30), until: ms(50) },
    ]);
  });

  it('leaves out a piece shorter than 10 minutes (two entries made one after the other)', () => {
    const stays = [
      {
        zone: 'germ1',
        benches: null,
        trays: 20,
        from: T(10),
        until: new Date(ms(20) + 5 * 60_000).toISOString(),
      },
      {
        zone: 'gh1',
        benches: null,
        trays: 20,
        from: new Date(ms(20) + 5 * 60_000).toISOString(),
        until: null,
      },
    ];
    expect(
      pieceWindows(stagePeriods(events.slice(0, 3)), stays, ms(22)).map((p) => [p.stage, p.zone]),
    ).toEqual([
      ['sown', 'germ1'],
      ['emerged', 'gh1'],
    ]);
  });

  it('cuts each stage at each stay, and at `through` (an open piece)', () => {
    const stays = [
      { zone: 'germ1', benches: null, trays: 20, from: T(10), until: T(25) },
      { zone: 'gh1', benches: 'A1', trays: 20, from: T(25), until: null },
    ];
    expect(pieceWindows(stagePeriods(events.slice(0, 5)), stays, ms(40))).toEqual([
      { stage: 'sown', zone: 'germ1', benches: null, trays: 20, from: ms(10), until: ms(20), closed: true },
      {
        stage: 'emerged',
        zone: 'germ1',
        benches: null,
        trays: 20,
        from: ms(20),
        until: ms(25),
        closed: true,
      },
      { stage: 'emerged', zone: 'gh1', benches: 'A1', trays: 20, from: ms(25), until: ms(30), closed: true },
      {
        stage: 'true_leaf',
        zone: 'gh1',
        benches: 'A1',
        trays: 20,
        from: ms(30),
        until: ms(40),
        closed: false,
      },
    ]);
  });
});
