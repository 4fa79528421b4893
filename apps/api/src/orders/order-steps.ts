// Steps several order use cases take: lock an open order inside a transaction, settle an order
// that is delivered and paid, and tell the screens about an order changed outside a matching run.
import { DomainError } from '../common/domain-error.js';
import type { Tx } from '../common/transaction.js';
import type { StoredLineStatus } from '../matching/line-status.js';
import { MatchRun, type MatchingService } from '../matching/matching.service.js';
import type { Order } from './order.entity.js';
import { orderTotalFen, summaryStatus } from './order-view.js';
import type { OrdersRepository } from './orders.repository.js';

/** The line statuses still open: what a change, a cancel or a lapse can touch. */
export const OPEN_LINE: readonly StoredLineStatus[] = ['waitlisted', 'confirmed', 'short'];

export async function lockOpenOrder(
  orders: OrdersRepository,
  tx: Tx,
  id: string,
  scope: string | undefined,
): Promise<Order> {
  const order = await orders.findOrder(id, scope, tx);
  if (!order) throw new DomainError('ORDER_NOT_FOUND', `Order ${id} not found`, 404);
  if (order.status === 'cancelled' || order.status === 'lapsed')
    throw DomainError.conflict('ORDER_CLOSED', `Order is ${order.status}`, { status: order.status });
  return order;
}

export async function settleIfDone(orders: OrdersRepository, tx: Tx, id: string): Promise<void> {
  const order = await orders.findOrder(id, undefined, tx);
  if (!order || order.status !== 'open') return;
  const lines = await orders.linesOf([id], tx);
  const statuses = lines.map((line) => line.status);
  if (summaryStatus(order, statuses) === 'delivered' && order.paidFen >= orderTotalFen(lines))
    await orders.setOrderStatus(tx, id, 'settled');
}

export async function publishOrder(
  matching: MatchingService,
  orderId: string,
  buyerId: string,
  status: string,
): Promise<void> {
  const run = new MatchRun();
  run.touchOrder(orderId, buyerId, status);
  await matching.publish(run);
}
