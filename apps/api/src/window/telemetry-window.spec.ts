import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { implausibility, type Sample } from '../alarms/alarm-rules.js';
import { ArraySeries } from './series-view.js';
import { RingSeries } from './ring-series.js';
import { TelemetryWindow } from './telemetry-window.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const T0 = Date.UTC(2026, 0, 15, 14, 0);

/** What the window used to keep: every sample of the last 3 h, sorted (late ones in their place). */
function reference(list: Sample[], ts: number, value: number): void {
  if (list.length > 0 && list[list.length - 1].ts > ts) {
    const index = list.findIndex((s) => s.ts > ts);
    list.splice(index, 0, { ts, value });
  } else list.push({ ts, value });
  while (list.length > 0 && list[0].ts < ts - 3 * HOUR) list.shift();
}

describe('RingSeries answers as the full array of samples did (reports up to one a few seconds)', () => {
  it('for random series, late samples, flat runs and on/off runs', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            gap: fc.integer({ min: 5_000, max: 15 * MIN }),
            late: fc.integer({ min: 0, max: 9 }),
            value: fc.constantFrom(0, 1, 1, 5, 5, 12.5, -3),
          }),
          { minLength: 1, maxLength: 400 },
        ),
        fc.integer({ min: 0, max: 4 * HOUR }),
        (steps, probe) => {
          const ring = new RingSeries();
          const list: Sample[] = [];
          let ts = T0;
          for (const step of steps) {
            ts += step.gap;
            // One sample in ten arrives late (up to 2 min older than the newest).
            const at = step.late === 0 ? ts - 2 * MIN : ts;
            ring.add(at, step.value);
            reference(list, at, step.value);
          }
          const now = ts + (probe % (30 * MIN));
          const array = new ArraySeries(list);
          const from = now - probe;
          expect(ring.size).toBe(array.size);
          expect(ring.sampleBack(0)).toEqual(array.sampleBack(0));
          expect(ring.sampleBack(1)).toEqual(array.sampleBack(1));
          expect(ring.earliestTs()).toBe(array.earliestTs());
          expect(Math.min(ring.countSince(from, 3), 3)).toBe(Math.min(array.countSince(from), 3));
          expect(ring.lastDifferentTs() < from).toBe(array.lastDifferentTs() < from);
          expect(ring.onSince()).toBe(array.onSince());
          expect(ring.slopePerHourSince(from)).toBe(array.slopePerHourSince(from));
          expect(ring.firstAtOrAfter(from)).toEqual(array.firstAtOrAfter(from));
          expect(ring.lastAtOrBefore(from)).toEqual(array.lastAtOrBefore(from));
          expect(ring.maxBetween(from, from + 20 * MIN)).toBe(array.maxBetween(from, from + 20 * MIN));
          expect(ring.lastRun()).toEqual(array.lastRun());
          for (const metric of ['air_temp_c', 'air_rh_pct'])
            expect(implausibility(metric, ring, now)).toBe(implausibility(metric, list, now));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('flags a flatline of 2 h from the running facts alone', () => {
    const ring = new RingSeries();
    for (let m = 0; m <= 150; m++) ring.add(T0 + m * MIN, m < 20 ? 20 + m / 10 : 21.5);
    expect(implausibility('air_temp_c', ring, T0 + 150 * MIN)).toBe('air_temp_c flat at 21.5 for 2 h');
    ring.add(T0 + 151 * MIN, 21.6);
    expect(implausibility('air_temp_c', ring, T0 + 151 * MIN)).toBeUndefined();
  });
});

describe('RingSeries stays bounded for fast series', () => {
  it('keeps 3 h of a 5-per-second series in minute buckets, with answers to the minute', () => {
    const ring = new RingSeries();
    const end = T0 + 3 * HOUR;
    for (let ts = T0; ts <= end; ts += 200) ring.add(ts, 20 + (ts - T0) / HOUR);
    expect(ring.size).toBeLessThanOrEqual(512 + 184 * 300);
    expect(ring.size).toBeGreaterThan(3 * 3600 * 5 - 2 * 300);
    expect(ring.earliestTs()).toBeLessThanOrEqual(end - 3 * HOUR + MIN);
    expect(ring.slopePerHourSince(end - 30 * MIN)).toBeCloseTo(1, 6);
    expect(ring.firstAtOrAfter(end - 45 * MIN)!.value).toBeCloseTo(20 + 2.25, 1);
    expect(ring.maxBetween(end - 60 * MIN, end - 30 * MIN)).toBeCloseTo(22.5, 1);
    expect(ring.lastAtOrBefore(end - 60 * MIN)!.value).toBeCloseTo(22, 1);
    expect(ring.onSince()).toBe(ring.earliestTs());
  });
});

describe('TelemetryWindow', () => {
  it('indexes devices by zone and marks zones with news', () => {
    const window = new TelemetryWindow();
    window.add('xnz', 'gh1', 'env-1', 'air_temp_c', T0, 12, T0);
    window.add('xnz', 'gh2', 'env-2', 'air_temp_c', T0, 13, T0);
    window.add('xnz', 'gh1', 'env-1', 'air_rh_pct', T0, 70, T0);
    expect(window.devicesIn('gh1').map((d) => d.device)).toEqual(['env-1']);
    expect(window.metricsOf('gh1', 'env-1')).toEqual(['air_temp_c', 'air_rh_pct']);
    expect(window.get('gh1', 'env-1', 'air_temp_c')).toEqual([{ ts: T0, value: 12 }]);
    expect([...window.takeDirty()].sort()).toEqual(['gh1', 'gh2']);
    expect(window.takeDirty().size).toBe(0);
    window.touch('gh1');
    expect([...window.takeDirty()]).toEqual(['gh1']);
  });
});
