import { Injectable, Logger } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { BatchesService } from './batches.service.js';

/** Hourly: batches past ready + hold days that no order waits on become over-aged (§2.5 hold days). */
@Injectable()
export class OverAgingSchedule {
  private readonly logger = new Logger('over-aging');
  private running = false;

  constructor(private readonly batches: BatchesService) {}

  @Interval(60 * 60 * 1000)
  async tick(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      const aged = await this.batches.overAge();
      if (aged.length > 0) this.logger.log(`${aged.length} batches over-aged`);
    } catch (error) {
      this.logger.error(error instanceof Error ? error.message : String(error));
    } finally {
      this.running = false;
    }
  }
}
