import type { OrderLineResponse } from '#contracts';
import type { Buyer } from '../buyers/buyer.entity.js';
import type { Delivery } from './delivery.entity.js';
import type { Order } from './order.entity.js';
import type { LineStatus } from '../matching/line-status.js';
import type { OrderLine } from './order-line.entity.js';
import type { AllocationView } from './orders.repository.js';
import type { Payment } from './payment.entity.js';

/** What the api answers for an order line (docs/orders.md). */
export type OrderLineView = OrderLineResponse;

export type OrderSummaryStatus = LineStatus | 'settled' | 'open';

export interface OrderView {
  id: string;
  number: number;
  buyer: { id: string; name: string; village: string; kind: string } | null;
  placedAt: string;
  placedBy: string;
  status: OrderSummaryStatus;
  totalFen: number;
  depositFen: number;
  depositDue: string;
  paidFen: number;
  balanceFen: number;
  deliveredFen: number;
  depositWarnedAt: string | null;
  note: string | null;
  lines: OrderLineView[];
  payments?: Payment[];
  deliveries?: Delivery[];
}

const INACTIVE: readonly LineStatus[] = ['cancelled', 'lapsed'];

/** `in_production` and `ready` are read from a confirmed line's batches: sown, and ready by today. */
export function displayLineStatus(
  line: OrderLine,
  allocations: readonly AllocationView[],
  today: string,
): LineStatus {
  if (line.status !== 'confirmed' || allocations.length === 0) return line.status;
  if (allocations.some((allocation) => allocation.stage === 'planned')) return 'confirmed';
  const ready = allocations.every(
    (allocation) => allocation.stage === 'ready' || allocation.readyFrom <= today,
  );
  return ready ? 'ready' : 'in_production';
}

export function summaryStatus(order: Order, statuses: readonly LineStatus[]): OrderSummaryStatus {
  if (order.status !== 'open') return order.status;
  const active = statuses.filter((status) => !INACTIVE.includes(status));
  if (active.length === 0) return 'cancelled';
  if (active.every((status) => status === 'delivered')) return 'delivered';
  for (const status of ['short', 'waitlisted', 'partly_delivered'] as const)
    if (active.includes(status)) return status;
  if (active.includes('delivered')) return 'partly_delivered';
  if (active.every((status) => status === 'ready')) return 'ready';
  if (active.every((status) => status === 'ready' || status === 'in_production')) return 'in_production';
  return 'confirmed';
}

export function orderTotalFen(lines: readonly OrderLine[]): number {
  return lines
    .filter((line) => !INACTIVE.includes(line.status))
    .reduce((sum, line) => sum + line.quantity * line.priceFen, 0);
}

/** What the buyer's cut-off rule needs besides the order (docs/orders.md "Cut-off"). */
export interface ViewRules {
  today: string;
  cancelCutoffDays: number;
  /** Waitlisted line id → its place in the queue of its crop. */
  queue: ReadonlyMap<string, number>;
}

const dayBefore = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);

/**
 * Whether the buyer may still cancel or change a line. A waitlisted line holds nothing and a short
 * one is the nursery's broken promise: both stay the buyer's to change. A promised line may be
 * changed until `cancelCutoffDays` before its date and the day before a batch serving it is sown,
 * whichever comes first (the [manager] issue's rule); a line past that is the manager's.
 */
export function lineCutoff(
  line: Pick<OrderLine, 'status' | 'confirmedDate'>,
  allocations: readonly Pick<AllocationView, 'sowDate'>[],
  rules: Pick<ViewRules, 'today' | 'cancelCutoffDays'>,
): { changeable: boolean; changeableUntil: string | null } {
  if (line.status === 'waitlisted' || line.status === 'short')
    return { changeable: true, changeableUntil: null };
  if (line.status !== 'confirmed' || line.confirmedDate === null)
    return { changeable: false, changeableUntil: null };
  const candidates = [
    dayBefore(line.confirmedDate, rules.cancelCutoffDays),
    ...allocations.map((allocation) => dayBefore(allocation.sowDate, 1)),
  ].sort();
  const until = candidates[0];
  return { changeable: rules.today <= until, changeableUntil: until };
}

export function toOrderView(
  order: Order,
  buyer: Buyer | null,
  lines: readonly OrderLine[],
  allocations: readonly AllocationView[],
  rules: ViewRules,
): OrderView {
  const { today } = rules;
  const lineViews = lines.map((line): OrderLineView => {
    const own = allocations.filter((allocation) => allocation.lineId === line.id);
    return {
      id: line.id,
      crop: line.crop,
      cultivar: line.cultivar,
      cells: line.cells,
      grafted: line.grafted,
      ownSeed: line.seedOwner !== 'nursery',
      quantity: line.quantity,
      wantedFrom: line.wantedFrom,
      wantedUntil: line.wantedUntil,
      priceFen: line.priceFen,
      amountFen: line.quantity * line.priceFen,
      status: displayLineStatus(line, own, today),
      confirmedDate: line.confirmedDate,
      earliestDate: line.earliestDate,
      missing: line.missing,
      alternative: line.alternative,
      delivered: line.delivered,
      households: line.households,
      allocations: own.map(({ lineId: _lineId, ...rest }) => rest),
      queuePosition: line.status === 'waitlisted' ? (rules.queue.get(line.id) ?? null) : null,
      ...lineCutoff(line, own, rules),
    };
  });
  const totalFen = orderTotalFen(lines);
  return {
    id: order.id,
    number: order.number,
    buyer: buyer ? { id: buyer.id, name: buyer.name, village: buyer.village, kind: buyer.kind } : null,
    placedAt: order.placedAt.toISOString(),
    placedBy: order.placedByName,
    status: summaryStatus(
      order,
      lineViews.map((line) => line.status),
    ),
    totalFen,
    depositFen: order.depositFen,
    depositDue: order.depositDue,
    paidFen: order.paidFen,
    balanceFen: totalFen - order.paidFen,
    deliveredFen: lines.reduce((sum, line) => sum + line.delivered * line.priceFen, 0),
    depositWarnedAt: order.depositWarnedAt ? order.depositWarnedAt.toISOString() : null,
    note: order.note,
    lines: lineViews,
  };
}
