// Reading orders: which orders a caller may see, the order views with their lines, payments and
// deliveries, an order's history, and the availability a buyer asks about before ordering.
import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../auth/auth-user.js';
import type { Buyer } from '../buyers/buyer.entity.js';
import { BuyersRepository } from '../buyers/buyers.repository.js';
import { DomainError } from '../common/domain-error.js';
import { MatchingService } from '../matching/matching.service.js';
import { OrderSettingsService } from '../matching/order-settings.js';
import type { Order } from './order.entity.js';
import { type OrderView, toOrderView } from './order-view.js';
import type { AvailabilityQueryDto, ListOrdersQuery } from './orders.dto.js';
import { OrdersRepository } from './orders.repository.js';

/** Orders read at a time while a status filter fills a page. */
const STATUS_SCAN_CHUNK = 500;

/** No buyer record: a buyer caller without one matches nothing. */
const NOBODY = '00000000-0000-0000-0000-000000000000';

@Injectable()
export class OrderQueriesService {
  constructor(
    private readonly orders: OrdersRepository,
    private readonly matching: MatchingService,
    private readonly buyerRecords: BuyersRepository,
    private readonly settings: OrderSettingsService,
  ) {}

  /** The buyer id a caller is limited to: undefined for staff (they see every order). */
  async scopeOf(user: AuthUser): Promise<string | undefined> {
    if (user.role !== 'buyer') return undefined;
    return (await this.buyerRecords.findByUser(user.id))?.id ?? NOBODY;
  }

  /**
   * A page of orders, newest first. The summary status is computed from the lines and their
   * batches (order-view.ts), not stored, so a status filter reads on in chunks until the page is
   * full or the book ends; every other filter is SQL.
   */
  async list(query: ListOrdersQuery, user: AuthUser): Promise<OrderView[]> {
    const scope = await this.scopeOf(user);
    const limit = query.limit ?? 200;
    const chunk = query.status === undefined ? limit : Math.max(limit, STATUS_SCAN_CHUNK);
    const page: OrderView[] = [];
    let before = query.before === undefined ? undefined : new Date(query.before);
    for (;;) {
      const orders = await this.orders.listOrders({
        buyerId: scope ?? query.buyerId,
        village: query.village,
        lineStatus: query.lineStatus,
        date: query.date,
        crop: query.crop,
        pickup: query.pickup,
        before,
        limit: chunk,
      });
      const views = await this.views(orders, false);
      page.push(
        ...(query.status === undefined ? views : views.filter((view) => view.status === query.status)),
      );
      const last = orders.at(-1);
      if (page.length >= limit || orders.length < chunk || last === undefined) break;
      before = last.placedAt;
    }
    return page.slice(0, limit);
  }

  async get(id: string, user: AuthUser): Promise<OrderView> {
    const order = await this.find(id, user);
    const [view] = await this.views([order], true);
    return view;
  }

  async history(id: string, user: AuthUser) {
    await this.find(id, user);
    const entries = await this.orders.history(id);
    return entries.map((entry) => ({
      at: entry.at.toISOString(),
      by: entry.actorName,
      actorKind: entry.actorKind,
      action: entry.action,
      details: entry.details,
    }));
  }

  async availability(query: AvailabilityQueryDto) {
    const answer = await this.matching.availability({
      crop: query.crop,
      quantity: query.quantity,
      date: query.date,
      cultivar: query.cultivar ?? null,
      cells: query.tray ?? null,
      grafted: query.grafted ?? false,
    });
    return { crop: query.crop, quantity: query.quantity, date: query.date, ...answer };
  }

  private async find(id: string, user: AuthUser): Promise<Order> {
    const order = await this.orders.findOrder(id, await this.scopeOf(user));
    if (!order) throw new DomainError('ORDER_NOT_FOUND', `Order ${id} not found`, 404);
    return order;
  }

  private async views(orders: readonly Order[], full: boolean): Promise<OrderView[]> {
    const today = this.matching.today();
    const { cancelCutoffDays } = await this.settings.get();
    const lines = await this.orders.linesOf(orders.map((order) => order.id));
    const allocations = await this.orders.allocationsOf(lines.map((line) => line.id));
    const queue = await this.orders.queuePositions(
      lines.filter((line) => line.status === 'waitlisted').map((line) => line.id),
    );
    const buyers = new Map<string, Buyer | null>();
    for (const order of orders)
      if (!buyers.has(order.buyerId))
        buyers.set(order.buyerId, await this.buyerRecords.findById(order.buyerId));
    return Promise.all(
      orders.map(async (order) => {
        const own = lines.filter((line) => line.orderId === order.id);
        const view = toOrderView(order, buyers.get(order.buyerId) ?? null, own, allocations, {
          today,
          cancelCutoffDays,
          queue,
        });
        if (full) {
          view.payments = await this.orders.paymentsOf(order.id);
          view.deliveries = await this.orders.deliveriesOf(order.id);
        }
        return view;
      }),
    );
  }
}
