import { describe, expect, it } from '@jest/globals';
import { realGaps } from './downtime-report.js';

const MINUTE = 60_000;
const at = (minutes: number) => new Date(Date.UTC(2026, 11, 6, 0, minutes));

describe('device gaps over an outage', () => {
  it('counts a stretch without readings longer than 10 minutes and 3 intervals, not the spacing of readings', () => {
    const gaps = realGaps([
      { device: 'gh1/env-1', intervalMs: MINUTE, from: at(0), to: at(2) },
      { device: 'gh1/env-2', intervalMs: MINUTE, from: at(0), to: at(40) },
      { device: 'gh1/soil-1', intervalMs: 10 * MINUTE, from: at(0), to: at(25) },
      { device: 'gh1/soil-2', intervalMs: 10 * MINUTE, from: at(0), to: at(31) },
    ]);
    expect(gaps.map((gap) => gap.device)).toEqual(['gh1/env-2', 'gh1/soil-2']);
  });
});
