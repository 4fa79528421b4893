import type { LineAllocation } from '#contracts';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { AuditEntry } from '../audit/audit-entry.entity.js';
import { AllocationRow } from '../matching/allocation.entity.js';
import { Delivery } from './delivery.entity.js';
import type { Tx } from '../common/transaction.js';
import { Order, type OrderStatus } from './order.entity.js';
import { OrderLine } from './order-line.entity.js';
import type { StoredLineStatus } from '../matching/line-status.js';
import { Payment } from './payment.entity.js';

export interface OrderFilter {
  /** A buyer's own orders only: set for every buyer caller (scoping lives in the query). */
  buyerId?: string;
  village?: string;
  lineStatus?: string;
  date?: string;
  crop?: string;
  pickup?: string;
  /** Placed strictly before this instant (the paging cursor). */
  before?: Date;
  limit: number;
}

/** A batch serving an order line (the line id kept for grouping). */
export type AllocationView = LineAllocation & { lineId: string };

@Injectable()
export class OrdersRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private manager(tx?: Tx): Tx {
    return tx ?? this.dataSource.manager;
  }

  async insertOrder(tx: Tx, order: Omit<Order, 'id' | 'number' | 'createdAt' | 'updatedAt'>): Promise<Order> {
    return tx.getRepository(Order).save(tx.getRepository(Order).create(order));
  }

  /**
   * The placing instant, strictly after every earlier order: matching serves lines by placing time
   * (then line id), so two orders placed in the same millisecond (or under a stopped test clock) must
   * still keep the order in which they took the matching lock.
   */
  async nextPlacedAt(tx: Tx, now: Date): Promise<Date> {
    const rows: { last: Date | null }[] = await tx.query('SELECT max(placed_at) AS last FROM orders');
    const last = rows[0]?.last;
    return last && last.getTime() >= now.getTime() ? new Date(last.getTime() + 1) : now;
  }

  async insertLines(tx: Tx, lines: Omit<OrderLine, 'id'>[]): Promise<OrderLine[]> {
    const repository = tx.getRepository(OrderLine);
    return repository.save(lines.map((line) => repository.create(line)));
  }

  /** An order, only when it is the buyer's own (for buyer callers); locked FOR UPDATE in a transaction. */
  async findOrder(id: string, buyerId: string | undefined, tx?: Tx): Promise<Order | null> {
    const builder = this.manager(tx).getRepository(Order).createQueryBuilder('o').where('o.id = :id', { id });
    if (buyerId !== undefined) builder.andWhere('o.buyer_id = :buyerId', { buyerId });
    if (tx) builder.setLock('pessimistic_write');
    return builder.getOne();
  }

  async listOrders(filter: OrderFilter): Promise<Order[]> {
    const builder = this.dataSource
      .getRepository(Order)
      .createQueryBuilder('o')
      .orderBy('o.placed_at', 'DESC')
      .limit(filter.limit);
    if (filter.buyerId !== undefined) builder.andWhere('o.buyer_id = :buyerId', { buyerId: filter.buyerId });
    if (filter.village !== undefined)
      builder.andWhere('o.buyer_id IN (SELECT id FROM buyers WHERE village = :village)', {
        village: filter.village,
      });
    if (filter.lineStatus !== undefined)
      builder.andWhere(
        'EXISTS (SELECT 1 FROM order_lines l WHERE l.order_id = o.id AND l.status = :lineStatus)',
        {
          lineStatus: filter.lineStatus,
        },
      );
    if (filter.date !== undefined)
      builder.andWhere(
        'EXISTS (SELECT 1 FROM order_lines l WHERE l.order_id = o.id AND l.confirmed_date = :date)',
        {
          date: filter.date,
        },
      );
    if (filter.crop !== undefined)
      builder.andWhere('EXISTS (SELECT 1 FROM order_lines l WHERE l.order_id = o.id AND l.crop = :crop)', {
        crop: filter.crop,
      });
    if (filter.pickup !== undefined)
      builder.andWhere(
        `EXISTS (SELECT 1 FROM order_lines l WHERE l.order_id = o.id
           AND l.status NOT IN ('delivered', 'cancelled', 'lapsed')
           AND coalesce(l.confirmed_date, l.earliest_date, l.wanted_from) = :pickup)`,
        { pickup: filter.pickup },
      );
    if (filter.before !== undefined) builder.andWhere('o.placed_at < :before', { before: filter.before });
    return builder.getMany();
  }

  linesOf(orderIds: readonly string[], tx?: Tx): Promise<OrderLine[]> {
    if (orderIds.length === 0) return Promise.resolve([]);
    return this.manager(tx)
      .getRepository(OrderLine)
      .find({ where: { orderId: In([...orderIds]) }, order: { orderId: 'ASC', position: 'ASC' } });
  }

  async allocationsOf(lineIds: readonly string[]): Promise<AllocationView[]> {
    if (lineIds.length === 0) return [];
    return this.dataSource.query(
      `SELECT a.line_id AS "lineId", a.batch_id AS "batchId", b.code AS "batchCode", b.zone, b.stage,
         b.sow_date AS "sowDate", b.ready_from AS "readyFrom", b.ready_until AS "readyUntil", a.quantity, a.date
       FROM allocations a JOIN batches b ON b.id = a.batch_id WHERE a.line_id = ANY($1::uuid[])
       ORDER BY a.date, b.code`,
      [lineIds],
    );
  }

  /** A buyer's last quantity of each crop, and of their last line of any crop. */
  async lastQuantities(buyerId: string): Promise<{ byCrop: Map<string, number>; latest?: number }> {
    const rows: { crop: string; quantity: number; placedAt: Date }[] = await this.dataSource.query(
      `SELECT DISTINCT ON (l.crop) l.crop, l.quantity, o.placed_at AS "placedAt"
       FROM order_lines l JOIN orders o ON o.id = l.order_id
       WHERE o.buyer_id = $1 ORDER BY l.crop, o.placed_at DESC, l.position DESC`,
      [buyerId],
    );
    const latest = [...rows].sort((a, b) => b.placedAt.getTime() - a.placedAt.getTime())[0];
    return { byCrop: new Map(rows.map((row) => [row.crop, row.quantity])), latest: latest?.quantity };
  }

  /**
   * Each waitlisted line's place among the waitlisted lines of its crop, grafting and seed owner,
   * in arrival order (first placed, first served: docs/orders.md).
   */
  async queuePositions(lineIds: readonly string[]): Promise<Map<string, number>> {
    if (lineIds.length === 0) return new Map();
    // One numbering of each queue (crop, grafted, seed owner) by placing time, not a count per line:
    // the count per line read the queue once for every line of a page, 8,000 × 1,000 rows a page
    // with 10,000 orders in the book.
    const rows: { id: string; position: number }[] = await this.dataSource.query(
      `SELECT id, position FROM (
         SELECT w.id, row_number() OVER (
                  PARTITION BY w.crop, w.grafted, w.seed_owner ORDER BY wo.placed_at, w.id)::int AS position
           FROM order_lines w JOIN orders wo ON wo.id = w.order_id
          WHERE w.status = 'waitlisted'
            AND (w.crop, w.grafted, w.seed_owner) IN (
                  SELECT crop, grafted, seed_owner FROM order_lines WHERE id = ANY($1::uuid[]))
       ) queue
       WHERE id = ANY($1::uuid[])`,
      [lineIds],
    );
    return new Map(rows.map((row) => [row.id, row.position]));
  }

  async setLineStatus(tx: Tx, lineIds: readonly string[], status: StoredLineStatus): Promise<void> {
    if (lineIds.length === 0) return;
    await tx.getRepository(OrderLine).update({ id: In([...lineIds]) }, { status });
    await tx.getRepository(AllocationRow).delete({ lineId: In([...lineIds]) });
  }

  async updateLine(tx: Tx, id: string, changes: Partial<OrderLine>): Promise<void> {
    await tx.getRepository(OrderLine).update({ id }, changes);
  }

  async updateOrder(tx: Tx, id: string, changes: Partial<Order>): Promise<void> {
    await tx.getRepository(Order).update({ id }, changes);
  }

  /** Gives back reserved seedlings beyond `quantity`, latest-dated batches first. */
  async trimAllocations(tx: Tx, lineId: string, quantity: number): Promise<void> {
    const rows = await tx
      .getRepository(AllocationRow)
      .find({ where: { lineId }, order: { date: 'ASC', batchId: 'ASC' } });
    let keep = quantity;
    for (const row of rows) {
      const kept = Math.min(row.quantity, keep);
      keep -= kept;
      if (kept === 0) await tx.getRepository(AllocationRow).delete({ lineId, batchId: row.batchId });
      else if (kept < row.quantity)
        await tx.getRepository(AllocationRow).update({ lineId, batchId: row.batchId }, { quantity: kept });
    }
  }

  /** The batches a line draws on now (its allocations). */
  async batchesOfLine(tx: Tx, lineId: string): Promise<string[]> {
    const rows = await tx
      .getRepository(AllocationRow)
      .find({ where: { lineId }, order: { date: 'ASC', batchId: 'ASC' } });
    return rows.map((row) => row.batchId);
  }

  async insertAllocation(tx: Tx, allocation: AllocationRow): Promise<void> {
    await tx.getRepository(AllocationRow).upsert(allocation, ['lineId', 'batchId']);
  }

  async insertPayment(tx: Tx, payment: Omit<Payment, 'id'>): Promise<Payment> {
    return tx.getRepository(Payment).save(tx.getRepository(Payment).create(payment));
  }

  paymentsOf(orderId: string): Promise<Payment[]> {
    return this.dataSource.getRepository(Payment).find({ where: { orderId }, order: { at: 'ASC' } });
  }

  async insertDelivery(tx: Tx, delivery: Omit<Delivery, 'id'>): Promise<Delivery> {
    return tx.getRepository(Delivery).save(tx.getRepository(Delivery).create(delivery));
  }

  deliveriesOf(orderId: string): Promise<Delivery[]> {
    return this.dataSource.getRepository(Delivery).find({ where: { orderId }, order: { at: 'ASC' } });
  }

  findDelivery(orderId: string, deliveryId: string): Promise<Delivery | null> {
    return this.dataSource.getRepository(Delivery).findOneBy({ id: deliveryId, orderId });
  }

  history(orderId: string): Promise<AuditEntry[]> {
    return this.dataSource
      .getRepository(AuditEntry)
      .find({ where: { entityType: 'order', entityId: orderId }, order: { id: 'ASC' }, take: 1000 });
  }

  /** Open orders holding reservations whose deposit is not paid and fell due on or before `date`. */
  overdueDeposits(date: string): Promise<Order[]> {
    return (
      this.dataSource
        .getRepository(Order)
        .createQueryBuilder('o')
        .where("o.status = 'open' AND o.paid_fen < o.deposit_fen AND o.deposit_due <= :date", { date })
        // Only reservations can lapse: an order whose lines are all delivered (or closed) just owes money.
        .andWhere(
          "EXISTS (SELECT 1 FROM order_lines l WHERE l.order_id = o.id AND l.status IN ('waitlisted', 'confirmed', 'short'))",
        )
        .getMany()
    );
  }

  /** Seedlings of a batch reserved by every line, delivered ones included. */
  async allocatedOn(tx: Tx, batchId: string): Promise<number> {
    const rows: { total: string | null }[] = await tx.query(
      'SELECT sum(quantity) AS total FROM allocations WHERE batch_id = $1',
      [batchId],
    );
    return Number(rows[0]?.total ?? 0);
  }

  async setOrderStatus(tx: Tx, id: string, status: OrderStatus): Promise<void> {
    await tx.getRepository(Order).update({ id }, { status });
  }
}
