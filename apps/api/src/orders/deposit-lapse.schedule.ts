import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { TickService } from '../scheduling/tick.service.js';
import { OrderPaymentsService } from './order-payments.service.js';

const DEPOSIT_CHECK_MS = 10 * 60 * 1000;

/** Every 10 minutes: warn about unpaid deposits due, lapse the reservations of those past the grace. */
@Injectable()
export class DepositLapseSchedule implements OnModuleInit {
  private readonly logger = new Logger('deposit-lapse');

  constructor(
    private readonly payments: OrderPaymentsService,
    private readonly tick: TickService,
  ) {}

  onModuleInit(): void {
    this.tick.register('orders.deposit-lapse', () => this.run(), { everyMs: DEPOSIT_CHECK_MS });
  }

  async run(): Promise<void> {
    const { warned, lapsed } = await this.payments.lapseOverdueDeposits();
    if (warned.length + lapsed.length > 0)
      this.logger.log(`deposits: ${warned.length} warned, ${lapsed.length} lapsed`);
  }
}
