import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import type { Clock } from '#contracts';
import { CLOCK } from '../common/tokens.js';
import { isDatabaseUnavailable } from '../database/connection-errors.js';

export type TickJob = (now: number) => Promise<void>;

/** Wall milliseconds between ticks; what is due is judged against the injected clock, not this. */
export const TICK_INTERVAL_MS = 1000;

export interface TickJobOptions {
  /**
   * Run every this many clock milliseconds, on a lane of its own (a slow job never holds up the
   * every-tick jobs, and is never started again while it runs). Without it the job runs on every
   * tick, in registration order, with the other every-tick jobs.
   */
  readonly everyMs?: number;
}

interface PeriodicJob {
  readonly job: TickJob;
  readonly everyMs: number;
  lastAt: number;
  running: Promise<void> | undefined;
}

/**
 * The one tick every periodic job hangs on: schedules, alarm delays, command expiry,
 * re-notifications, deposit lapses, over-aging, telemetry partitions, folds and presence, the
 * device directory. What is due is judged against the api's injected clock, so every job follows a
 * test or simulated clock too. Each job has a name; a job is never started again while it runs,
 * and its failures are logged with its name. Jobs store what they did in PostgreSQL themselves.
 */
@Injectable()
export class TickService implements OnApplicationShutdown {
  private readonly logger = new Logger('tick');
  private readonly jobs = new Map<string, TickJob>();
  private readonly periodic = new Map<string, PeriodicJob>();
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(@Inject(CLOCK) private readonly clock: Clock) {}

  /** A periodic job first runs one period after it registers (as a timer would). */
  register(name: string, job: TickJob, options: TickJobOptions = {}): void {
    if (options.everyMs === undefined) this.jobs.set(name, job);
    else
      this.periodic.set(name, {
        job,
        everyMs: options.everyMs,
        lastAt: this.clock.now(),
        running: undefined,
      });
  }

  @Interval('yumiao-tick', TICK_INTERVAL_MS)
  onInterval(): void {
    if (this.stopped) return;
    void this.startDue(this.clock.now());
    if (this.running) return;
    void this.runOnce();
  }

  /** Runs every every-tick job once against the clock's now (tests call it to not wait). */
  async runOnce(): Promise<void> {
    if (this.running) return this.running;
    this.running = (async () => {
      const now = this.clock.now();
      for (const [name, job] of this.jobs) {
        if (this.stopped) return;
        await this.guarded(name, job, now);
      }
    })().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /**
   * Starts each periodic job that is due at `now` and not running; resolves when those started
   * have finished. Half a tick of slack keeps a job due every second from slipping to every other
   * second on timer jitter; a clock set back makes every job due.
   */
  runDue(now: number = this.clock.now()): Promise<void> {
    return this.startDue(now);
  }

  private startDue(now: number): Promise<void> {
    const started: Promise<void>[] = [];
    for (const [name, periodic] of this.periodic) {
      if (this.stopped || periodic.running) continue;
      const elapsed = now - periodic.lastAt;
      if (elapsed >= 0 && elapsed < periodic.everyMs - TICK_INTERVAL_MS / 2) continue;
      periodic.lastAt = now;
      periodic.running = this.guarded(name, periodic.job, now).finally(() => {
        periodic.running = undefined;
      });
      started.push(periodic.running);
    }
    return Promise.all(started).then(() => undefined);
  }

  private async guarded(name: string, job: TickJob, now: number): Promise<void> {
    try {
      await job(now);
    } catch (error) {
      // During a database outage every job fails each second: the database status says so
      // once (and a reminder a minute); one line per job per second would bury it.
      if (isDatabaseUnavailable(error)) return;
      this.logger.error(
        `${name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    await this.running;
    for (const periodic of this.periodic.values()) await periodic.running;
  }
}
