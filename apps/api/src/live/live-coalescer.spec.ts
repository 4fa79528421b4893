import { describe, expect, it } from '@jest/globals';
import type { LiveReading } from '#contracts';
import { LiveCoalescer, type CoalescerTimers } from './live-coalescer.js';

class FakeTimers implements CoalescerTimers {
  time = 0;
  private queue: { at: number; callback: () => void; id: number }[] = [];
  private next = 1;
  now() {
    return this.time;
  }
  setTimeout(callback: () => void, ms: number) {
    const id = this.next++;
    this.queue.push({ at: this.time + ms, callback, id });
    return id;
  }
  clearTimeout(handle: unknown) {
    this.queue = this.queue.filter((entry) => entry.id !== handle);
  }
  advance(ms: number) {
    const until = this.time + ms;
    for (;;) {
      this.queue.sort((a, b) => a.at - b.at);
      const due = this.queue[0];
      if (due === undefined || due.at > until) break;
      this.queue.shift();
      this.time = due.at;
      due.callback();
    }
    this.time = until;
  }
}

const reading = (metric: string, ts: number, value: number): LiveReading => ({
  device: 'd1',
  metric,
  ts,
  value,
});

describe('LiveCoalescer', () => {
  it('pushes the first change at once and merges the rest of the interval, newest value per metric', () => {
    const timers = new FakeTimers();
    const pushes: { at: number; readings: LiveReading[] }[] = [];
    const coalescer = new LiveCoalescer(
      500,
      (_site, _zone, readings) => pushes.push({ at: timers.time, readings }),
      timers,
    );

    coalescer.push('s', 'gh1', [reading('air_temp_c', 1, 10)]);
    expect(pushes).toHaveLength(1);
    timers.advance(100);
    coalescer.push('s', 'gh1', [reading('air_temp_c', 2, 11), reading('air_rh_pct', 2, 80)]);
    timers.advance(100);
    coalescer.push('s', 'gh1', [reading('air_temp_c', 3, 12)]);
    expect(pushes).toHaveLength(1);
    timers.advance(300);
    expect(pushes).toHaveLength(2);
    expect(pushes[1]?.at).toBe(500);
    expect(pushes[1]?.readings).toEqual([reading('air_temp_c', 3, 12), reading('air_rh_pct', 2, 80)]);
  });

  it('never exceeds two pushes per second per zone under a flood, and zones do not share a budget', () => {
    const timers = new FakeTimers();
    const pushes: string[] = [];
    const coalescer = new LiveCoalescer(500, (_site, zone) => pushes.push(zone), timers);
    for (let ms = 0; ms < 10_000; ms += 10) {
      coalescer.push('s', 'gh1', [reading('air_temp_c', ms, ms)]);
      coalescer.push('s', 'gh2', [reading('air_temp_c', ms, ms)]);
      timers.advance(10);
    }
    expect(pushes.filter((zone) => zone === 'gh1').length).toBeLessThanOrEqual(21);
    expect(pushes.filter((zone) => zone === 'gh2').length).toBeGreaterThanOrEqual(19);
  });

  it('keeps a newer value when an older one arrives late', () => {
    const timers = new FakeTimers();
    const pushes: LiveReading[][] = [];
    const coalescer = new LiveCoalescer(500, (_site, _zone, readings) => pushes.push(readings), timers);
    coalescer.push('s', 'gh1', [reading('air_temp_c', 0, 1)]);
    coalescer.push('s', 'gh1', [reading('air_temp_c', 9, 9)]);
    coalescer.push('s', 'gh1', [reading('air_temp_c', 5, 5)]);
    timers.advance(500);
    expect(pushes[1]).toEqual([reading('air_temp_c', 9, 9)]);
  });
});
