import { describe, expect, it } from '@jest/globals';
import { pieceWindows, stagePeriods } from './passport-pieces.js';

const T = (minute: number) => new Date(Date.UTC(2027, 2, 10, 4, minute)).toISOString();
const ms = (minute: number) => Date.parse(T(minute));

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
