import { describe, expect, it } from '@jest/globals';
import { type Excursion, linkedExcursions } from './loss-links.js';

const at = (iso: string) => Date.parse(iso);
const coldNight = (id: string, zone: string, raised: string, cleared: string | null = null): Excursion => ({
  id,
  rule: 'low-temperature',
  zone,
  severity: 'warning',
  raisedAt: at(raised),
  clearedAt: cleared === null ? null : at(cleared),
});

describe('linkedExcursions: a cull linked to the climate its batch lived through', () => {
  // Sown in the germination room on 1 Dec, moved to gh1 on 5 Dec.
  const stays = [
    {
      zone: 'germ1',
      benches: null,
      trays: 100,
      from: '2026-12-01T01:00:00.000Z',
      until: '2026-12-05T01:00:00.000Z',
    },
    { zone: 'gh1', benches: null, trays: 100, from: '2026-12-05T01:00:00.000Z', until: null },
  ];
  const excursions = [
    coldNight('gh1-night', 'gh1', '2026-12-08T18:00:00.000Z', '2026-12-08T23:00:00.000Z'),
    coldNight('gh2-night', 'gh2', '2026-12-08T18:00:00.000Z', '2026-12-08T23:00:00.000Z'),
    coldNight('gh1-before', 'gh1', '2026-12-03T18:00:00.000Z', '2026-12-03T23:00:00.000Z'),
    coldNight('gh1-old', 'gh1', '2026-11-20T18:00:00.000Z', '2026-11-20T23:00:00.000Z'),
    {
      ...coldNight('gh1-hot', 'gh1', '2026-12-09T05:00:00.000Z', '2026-12-09T06:00:00.000Z'),
      rule: 'overheat',
    },
    coldNight('gh1-after', 'gh1', '2026-12-11T18:00:00.000Z'),
  ];
  const cull = { at: at('2026-12-10T02:00:00.000Z'), cause: 'cold' };

  it("links a cold cull to the cold night in the batch's own house, not to one elsewhere", () => {
    expect(linkedExcursions(cull, stays, excursions).map((e) => e.id)).toEqual(['gh1-night']);
  });

  it('does not link a night in that house before the batch came, a week-old one, another rule or a later one', () => {
    const ids = linkedExcursions(cull, stays, excursions).map((e) => e.id);
    for (const id of ['gh1-before', 'gh1-old', 'gh1-hot', 'gh1-after']) expect(ids).not.toContain(id);
  });

  it('links heat to heat, and a cause without a climate link to nothing', () => {
    expect(linkedExcursions({ ...cull, cause: 'heat' }, stays, excursions).map((e) => e.id)).toEqual([
      'gh1-hot',
    ]);
    expect(linkedExcursions({ ...cull, cause: 'pests' }, stays, excursions)).toEqual([]);
  });

  it('links damping-off to the damp: high humidity, cold wet roots', () => {
    const damp = [
      {
        ...coldNight('humid', 'gh1', '2026-12-09T00:00:00.000Z', '2026-12-09T04:00:00.000Z'),
        rule: 'high-humidity',
      },
    ];
    expect(linkedExcursions({ ...cull, cause: 'damping-off' }, stays, damp).map((e) => e.id)).toEqual([
      'humid',
    ]);
  });
});
