// Money on an order: a payment recorded by the office, the deposit after a cancellation, and the
// deposit schedule that warns about unpaid deposits and lapses the reservations behind them.
import { Injectable } from '@nestjs/common';
import { addDays } from '#agronomy';
import type { AuthUser } from '../auth/auth-user.js';
import { AuditRepository, userActor } from '../audit/audit.repository.js';
import { DomainError } from '../common/domain-error.js';
import type { Tx } from '../common/transaction.js';
import { type Actor, MatchingService } from '../matching/matching.service.js';
import { MatchingRepository } from '../matching/matching.repository.js';
import { type OrderSettings, OrderSettingsService } from '../matching/order-settings.js';
import type { Order } from './order.entity.js';
import type { OrderLine } from './order-line.entity.js';
import { OrderQueriesService } from './order-queries.service.js';
import { OPEN_LINE, publishOrder, settleIfDone } from './order-steps.js';
import { type OrderView, orderTotalFen } from './order-view.js';
import type { PaymentDto } from './orders.dto.js';
import { OrdersRepository } from './orders.repository.js';

@Injectable()
export class OrderPaymentsService {
  constructor(
    private readonly orders: OrdersRepository,
    private readonly queries: OrderQueriesService,
    private readonly matching: MatchingService,
    private readonly transactions: MatchingRepository,
    private readonly settings: OrderSettingsService,
    private readonly audit: AuditRepository,
  ) {}

  async pay(id: string, input: PaymentDto, user: AuthUser): Promise<OrderView> {
    const today = this.matching.today();
    const buyerId = await this.transactions.transaction(async (tx) => {
      // Closed orders take payments too: a refund of the deposit of a cancelled order.
      const order = await this.orders.findOrder(id, undefined, tx);
      if (!order) throw new DomainError('ORDER_NOT_FOUND', `Order ${id} not found`, 404);
      const at = new Date(this.matching.nowMs());
      await this.orders.insertPayment(tx, {
        orderId: id,
        amountFen: input.amountFen,
        date: input.date ?? today,
        at,
        method: input.method ?? 'cash',
        note: input.note ?? null,
        byName: user.name,
      });
      await this.orders.updateOrder(tx, id, { paidFen: order.paidFen + input.amountFen });
      await this.audit.append(
        {
          at,
          actor: userActor(user),
          action: 'order.payment',
          entityType: 'order',
          entityId: id,
          details: { ...input },
        },
        tx,
      );
      await settleIfDone(this.orders, tx, id);
      return order.buyerId;
    });
    await publishOrder(this.matching, id, buyerId, 'paid');
    return this.queries.get(id, user);
  }

  /**
   * The deposit after a cancellation, as the setting says: before the cut-off it follows the lines
   * left (refund) and what was paid above it is refunded, as a negative payment the office hands
   * back; otherwise (the setting, or a manager's cancel after the cut-off) it is kept. Either way
   * the order's history says what happened to it.
   */
  async depositOnCancel(
    tx: Tx,
    order: Order,
    left: readonly OrderLine[],
    beforeCutoff: boolean,
    settings: OrderSettings,
    user: AuthUser,
  ): Promise<void> {
    const at = new Date(this.matching.nowMs());
    const policy = beforeCutoff ? settings.depositOnCancel : 'keep';
    const fromFen = order.depositFen;
    const toFen = policy === 'refund' ? Math.round(orderTotalFen(left) * settings.depositShare) : fromFen;
    const refundFen = policy === 'refund' ? Math.max(0, Math.min(order.paidFen, fromFen) - toFen) : 0;
    if (toFen !== fromFen || refundFen > 0)
      await this.orders.updateOrder(tx, order.id, { depositFen: toFen, paidFen: order.paidFen - refundFen });
    if (refundFen > 0)
      await this.orders.insertPayment(tx, {
        orderId: order.id,
        amountFen: -refundFen,
        date: this.matching.today(),
        at,
        method: 'refund',
        note: 'deposit refunded on cancellation',
        byName: user.name,
      });
    await this.audit.append(
      {
        at,
        actor: userActor(user),
        action: 'order.deposit_on_cancel',
        entityType: 'order',
        entityId: order.id,
        details: { policy, fromFen, toFen, paidFen: order.paidFen, refundFen },
      },
      tx,
    );
  }

  /**
   * The deposit schedule: an unpaid deposit on its due date gets a warning (order.changed, audit);
   * `lapseGraceDays` later the order's open lines lapse and their seedlings serve the waitlist.
   */
  async lapseOverdueDeposits(): Promise<{ warned: string[]; lapsed: string[] }> {
    const today = this.matching.today();
    const settings = await this.settings.get();
    const warned: string[] = [];
    const lapsed: string[] = [];
    const actor: Actor = { kind: 'schedule', name: 'deposit-lapse' };
    for (const order of await this.orders.overdueDeposits(today)) {
      if (order.depositWarnedAt === null) {
        await this.transactions.transaction(async (tx) => {
          const at = new Date(this.matching.nowMs());
          await this.orders.updateOrder(tx, order.id, { depositWarnedAt: at });
          await this.audit.append(
            {
              at,
              actor,
              action: 'order.deposit_warned',
              entityType: 'order',
              entityId: order.id,
              details: { depositFen: order.depositFen, paidFen: order.paidFen, due: order.depositDue },
            },
            tx,
          );
        });
        await publishOrder(this.matching, order.id, order.buyerId, 'deposit_warned');
        warned.push(order.id);
      } else if (today > addDays(order.depositDue, settings.lapseGraceDays)) {
        await this.matching.withMatching('deposit unpaid', actor, async (tx, run) => {
          const lines = await this.orders.linesOf([order.id], tx);
          const open = lines.filter((line) => OPEN_LINE.includes(line.status));
          await this.orders.setLineStatus(
            tx,
            open.map((line) => line.id),
            'lapsed',
          );
          const delivered = lines.some((line) => line.delivered > 0);
          if (!delivered) await this.orders.setOrderStatus(tx, order.id, 'lapsed');
          await this.audit.append(
            {
              at: new Date(this.matching.nowMs()),
              actor,
              action: 'order.lapsed',
              entityType: 'order',
              entityId: order.id,
              details: {
                lineIds: open.map((line) => line.id),
                depositFen: order.depositFen,
                paidFen: order.paidFen,
              },
            },
            tx,
          );
          run.touchOrder(order.id, order.buyerId, 'lapsed');
        });
        lapsed.push(order.id);
      }
    }
    return { warned, lapsed };
  }
}
