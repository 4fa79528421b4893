import { describe, expect, it } from '@jest/globals';
import type { PassportPiece } from '#contracts';
import { passportSummary } from './passport-summary.js';

const H = 3_600_000;
const at = (hour: number) => new Date(Date.UTC(2027, 2, 10) + hour * H).toISOString();
const piece = (
  zone: string,
  trays: number,
  from: number,
  until: number,
  degreeDays: number,
): PassportPiece => ({
  stage: 'hardening',
  zone,
  benches: null,
  trays,
  from: at(from),
  until: at(until),
  closed: true,
  figures: [
    { metric: 'air_temp_c', lo: 10, hi: 32, inMs: (until - from) * H, belowMs: 0, aboveMs: 0, noDataMs: 0 },
  ],
  degreeDays,
  baseC: 10,
  irrigations: 0,
  irrigationMinutes: 0,
  excursions: [],
});

describe('the whole-life summary', () => {
  it('counts a batch split over two houses by each part’s trays, not twice', () => {
    // 100 trays in gh1 for 24 h, then 25 moved to gh2 for the next 24 h.
    const pieces = [piece('gh1', 100, 0, 24, 10), piece('gh1', 75, 24, 48, 8), piece('gh2', 25, 24, 48, 12)];
    const summary = passportSummary(pieces);
    expect(summary.figures.find((f) => f.metric === 'air_temp_c')?.inMs).toBe(48 * H);
    // 10 + 8 × 0.75 + 12 × 0.25 = 19, not 10 + 8 + 12 = 30.
    expect(summary.degreeDays).toBe(19);
    expect(summary.places).toEqual(['gh1', 'gh2']);
    expect(summary.days).toBe(2);
  });
});
