import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import type { Clock } from '#contracts';
import { CLOCK } from '../common/tokens.js';

export type TickJob = (now: number) => Promise<void>;

/** Wall milliseconds between ticks; what is due is judged against the injected clock, not this. */
export const TICK_INTERVAL_MS = 1000;

/**
 * The one tick (issue 6): schedules, alarm delays, command expiry and re-notifications all run
 * from here, checking what is due against the api's clock so they follow a test clock too. Jobs
 * store what they fired in PostgreSQL themselves; the tick only keeps them from overlapping.
 */
@Injectable()
export class TickService implements OnApplicationShutdown {
  private readonly logger = new Logger('tick');
  private readonly jobs = new Map<string, TickJob>();
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(@Inject(CLOCK) private readonly clock: Clock) {}

  register(name: string, job: TickJob): void {
    this.jobs.set(name, job);
  }

  @Interval('yumiao-tick', TICK_INTERVAL_MS)
  onInterval(): void {
    if (this.running || this.stopped) return;
    void this.runOnce();
  }

  /** Runs every job once against the clock's now (tests may call it to not wait for the interval). */
  async runOnce(): Promise<void> {
    if (this.running) return this.running;
    this.running = (async () => {
      const now = this.clock.now();
      for (const [name, job] of this.jobs) {
        if (this.stopped) return;
        try {
          await job(now);
        } catch (error) {
          this.logger.error(
            `${name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
          );
        }
      }
    })().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    await this.running;
  }
}
