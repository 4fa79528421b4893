import type { Buyer } from '../buyers/buyer.entity.js';
import type { Delivery } from './delivery.entity.js';
import type { Order } from './order.entity.js';
import type { HouseholdLine, LineStatus, OrderLine, ShortAlternativeJson } from './order-line.entity.js';
import type { AllocationView } from './orders.repository.js';
import type { Payment } from './payment.entity.js';

/** What the api answers for an order line (docs/orders.md). */
export interface OrderLineView {
  id: string;
  crop: string;
  cultivar: string | null;
  cells: number | null;
  grafted: boolean;
  ownSeed: boolean;
  quantity: number;
  wantedFrom: string;
  wantedUntil: string;
  priceFen: number;
  amountFen: number;
  status: LineStatus;
  confirmedDate: string | null;
  earliestDate: string | null;
  missing: number;
  alternative: ShortAlternativeJson | null;
  delivered: number;
  households: HouseholdLine[];
  allocations: Omit<AllocationView, 'lineId'>[];
}

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

export function toOrderView(
  order: Order,
  buyer: Buyer | null,
  lines: readonly OrderLine[],
  allocations: readonly AllocationView[],
  today: string,
): OrderView {
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
