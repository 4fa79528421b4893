import { Injectable, Logger } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { OrdersService } from './orders.service.js';

/** Every 10 minutes: warn about unpaid deposits due, lapse the reservations of those past the grace. */
@Injectable()
export class DepositLapseSchedule {
  private readonly logger = new Logger('deposit-lapse');
  private running = false;

  constructor(private readonly orders: OrdersService) {}

  @Interval(10 * 60 * 1000)
  async tick(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      const { warned, lapsed } = await this.orders.lapseOverdueDeposits();
      if (warned.length + lapsed.length > 0)
        this.logger.log(`deposits: ${warned.length} warned, ${lapsed.length} lapsed`);
    } catch (error) {
      this.logger.error(error instanceof Error ? error.message : String(error));
    } finally {
      this.running = false;
    }
  }
}
