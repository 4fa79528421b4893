import { describe, expect, it, jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { TickService } from './tick.service.js';

const MIN = 60_000;

function tickAt(start: number) {
  let now = start;
  const tick = new TickService({ now: () => now, speed: 1 });
  return { tick, set: (ms: number) => (now = ms) };
}

describe('TickService: one tick for every periodic job', () => {
  it('runs a periodic job when it is due on the injected clock, not before', async () => {
    const { tick, set } = tickAt(0);
    const runs: number[] = [];
    tick.register('orders.deposit-lapse', async (now) => void runs.push(now), { everyMs: 10 * MIN });
    await tick.runDue(9 * MIN);
    expect(runs).toEqual([]);
    set(10 * MIN);
    await tick.runDue();
    expect(runs).toEqual([10 * MIN]);
    await tick.runDue(15 * MIN);
    expect(runs).toEqual([10 * MIN]);
    await tick.runDue(20 * MIN);
    expect(runs).toEqual([10 * MIN, 20 * MIN]);
  });

  it('runs a job again at once when the clock is set back', async () => {
    const { tick } = tickAt(60 * MIN);
    const runs: number[] = [];
    tick.register('batches.over-aging', async (now) => void runs.push(now), { everyMs: 60 * MIN });
    await tick.runDue(0);
    expect(runs).toEqual([0]);
  });

  it('never starts a job again while it runs', async () => {
    const { tick } = tickAt(0);
    let release!: () => void;
    let starts = 0;
    tick.register(
      'telemetry.partitions',
      () => {
        starts++;
        return new Promise<void>((resolve) => (release = resolve));
      },
      { everyMs: 1000 },
    );
    const first = tick.runDue(1000);
    await tick.runDue(5000);
    expect(starts).toBe(1);
    release();
    await first;
    const second = tick.runDue(6000);
    expect(starts).toBe(2);
    release();
    await second;
  });

  it('logs a failing job with its name and keeps running the others', async () => {
    const { tick } = tickAt(0);
    const errors: string[] = [];
    const spy = jest.spyOn(Logger.prototype, 'error').mockImplementation((message: unknown) => {
      errors.push(String(message));
    });
    const ran: string[] = [];
    tick.register('devices.directory', () => Promise.reject(new Error('database away')), { everyMs: 1000 });
    tick.register('telemetry.fold', async () => void ran.push('fold'), { everyMs: 1000 });
    tick.register('alarms', () => Promise.reject(new Error('boom')));
    tick.register('commands', async () => void ran.push('commands'));
    await tick.runDue(1000);
    await tick.runOnce();
    spy.mockRestore();
    expect(ran).toEqual(['fold', 'commands']);
    expect(errors).toEqual([
      expect.stringMatching(/^devices\.directory failed: Error: database away/),
      expect.stringMatching(/^alarms failed: Error: boom/),
    ]);
  });
});
