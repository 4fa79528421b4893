import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { TickService } from '../scheduling/tick.service.js';
import { BatchesService } from './batches.service.js';

const OVER_AGING_CHECK_MS = 60 * 60 * 1000;

/** Hourly: batches past ready + hold days that no order waits on become over-aged (docs/domain.md §3.4). */
@Injectable()
export class OverAgingSchedule implements OnModuleInit {
  private readonly logger = new Logger('over-aging');

  constructor(
    private readonly batches: BatchesService,
    private readonly tick: TickService,
  ) {}

  onModuleInit(): void {
    this.tick.register('batches.over-aging', () => this.run(), { everyMs: OVER_AGING_CHECK_MS });
  }

  async run(): Promise<void> {
    const aged = await this.batches.overAge();
    if (aged.length > 0) this.logger.log(`${aged.length} batches over-aged`);
  }
}
