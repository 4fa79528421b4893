import { Injectable } from '@nestjs/common';
import { type CropKey, addDays, isCropKey, priceFenFor } from '#agronomy';
import type { AuthUser } from '../auth/auth-user.js';
import { BatchesRepository } from '../batches/batches.repository.js';
import { FINAL_STAGES } from '../batches/batch.entity.js';
import type { Buyer } from '../buyers/buyer.entity.js';
import { BuyersRepository } from '../buyers/buyers.repository.js';
import { BuyersService } from '../buyers/buyers.service.js';
import { DomainError } from '../common/domain-error.js';
import { CropsService } from '../crops/crops.service.js';
import { AuditRepository, userActor } from '../audit/audit.repository.js';
import type { DeliveryItem } from './delivery.entity.js';
import { type Actor, MatchRun, MatchingService } from '../matching/matching.service.js';
import { batchForecast } from '../matching/matching-state.js';
import { MatchingRepository } from '../matching/matching.repository.js';
import type { Tx } from '../common/transaction.js';
import type { Order } from './order.entity.js';
import type { OrderLine } from './order-line.entity.js';
import type { StoredLineStatus } from '../matching/line-status.js';
import { type OrderSettings, OrderSettingsService } from '../matching/order-settings.js';
import { type OrderView, lineCutoff, orderTotalFen, summaryStatus, toOrderView } from './order-view.js';
import type { OrderDryRunResponse } from '#contracts';
import type {
  AvailabilityQueryDto,
  CancelOrderDto,
  ChangeLineDto,
  ConfirmLineDto,
  DeliveryDto,
  ListOrdersQuery,
  PaymentDto,
  PlaceOrderDto,
  WalkInSaleDto,
} from './orders.dto.js';
import { OrdersRepository } from './orders.repository.js';
import { renderDeliverySlip } from './delivery-slip.js';

/** No buyer record: a buyer caller without one matches nothing. */
const NOBODY = '00000000-0000-0000-0000-000000000000';
const OPEN_LINE: readonly StoredLineStatus[] = ['waitlisted', 'confirmed', 'short'];
const DELIVERABLE: readonly StoredLineStatus[] = ['confirmed', 'short', 'partly_delivered'];

@Injectable()
export class OrdersService {
  constructor(
    private readonly orders: OrdersRepository,
    private readonly matching: MatchingService,
    private readonly transactions: MatchingRepository,
    private readonly buyers: BuyersService,
    private readonly buyerRecords: BuyersRepository,
    private readonly batches: BatchesRepository,
    private readonly crops: CropsService,
    private readonly settings: OrderSettingsService,
    private readonly audit: AuditRepository,
  ) {}

  /** The buyer id a caller is limited to: undefined for staff (they see every order). */
  async scopeOf(user: AuthUser): Promise<string | undefined> {
    if (user.role !== 'buyer') return undefined;
    return (await this.buyerRecords.findByUser(user.id))?.id ?? NOBODY;
  }

  /** The buyer and the priced, checked lines of an order as asked for (placed or dry-run alike). */
  private async prepare(input: PlaceOrderDto, user: AuthUser, dryRun: boolean) {
    let buyer: Buyer | null;
    if (user.role === 'buyer') {
      if (input.buyerId !== undefined) {
        const own = await this.buyers.forUser(user);
        if (own.id !== input.buyerId) throw DomainError.forbidden('Buyers order for themselves only');
      }
      buyer = await this.buyers.forUser(user);
    } else {
      if (input.buyerId === undefined) {
        // A manager's dry run before choosing the buyer: the lines alone.
        if (!dryRun)
          throw DomainError.invalid('BUYER_REQUIRED', 'buyerId is required when staff place an order');
        buyer = null;
      } else buyer = await this.buyers.get(input.buyerId);
    }
    const catalogue = await this.crops.catalogue();
    const settings = await this.settings.get();
    const today = this.matching.today();
    const lines = input.lines.map((line, position): Omit<OrderLine, 'id' | 'orderId'> => {
      if (!isCropKey(line.crop))
        throw DomainError.invalid('UNKNOWN_CROP', `Unknown crop ${line.crop}`, { crop: line.crop });
      const crop = catalogue[line.crop];
      const wantedUntil = line.wantedUntil ?? line.wantedDate;
      if (wantedUntil < line.wantedDate)
        throw DomainError.invalid('WANTED_RANGE_REVERSED', 'wantedUntil is before wantedDate');
      if (line.wantedDate < today)
        throw DomainError.invalid('WANTED_DATE_PAST', `wantedDate ${line.wantedDate} is in the past`, {
          date: line.wantedDate,
        });
      const households = (line.households ?? []).map((household) => ({ ...household, delivered: 0 }));
      if (households.reduce((sum, household) => sum + household.quantity, 0) > line.quantity)
        throw DomainError.invalid('HOUSEHOLDS_OVER_LINE', 'Household sub-lines add up to more than the line');
      if (line.priceFen !== undefined && user.role !== 'manager')
        throw DomainError.forbidden('Only managers set a price');
      const grafted = line.grafted ?? false;
      return {
        position,
        crop: line.crop,
        cultivar: line.cultivar ?? null,
        cells: line.cells ?? null,
        grafted,
        seedOwner: line.ownSeed ? (buyer?.id ?? 'dry-run-buyer') : 'nursery',
        quantity: line.quantity,
        wantedFrom: line.wantedDate,
        wantedUntil,
        priceFen: line.priceFen ?? priceFenFor(crop, grafted),
        status: 'waitlisted',
        confirmedDate: null,
        earliestDate: null,
        missing: 0,
        alternative: null,
        delivered: 0,
        households,
      };
    });
    const total = lines.reduce((sum, line) => sum + line.quantity * line.priceFen, 0);
    return { buyer, lines, total, settings, today };
  }

  async place(input: PlaceOrderDto, user: AuthUser): Promise<OrderView> {
    const prepared = await this.prepare(input, user, false);
    const { lines, total, settings, today } = prepared;
    const buyer = prepared.buyer!;
    const now = new Date(this.matchingNow());
    const { value: orderId } = await this.matching.withMatching(
      'order placed',
      userActor(user),
      async (tx, run) => {
        const order = await this.orders.insertOrder(tx, {
          buyerId: buyer.id,
          placedAt: await this.orders.nextPlacedAt(tx, now),
          placedByUserId: user.id,
          placedByName: user.name,
          status: 'open',
          depositFen: Math.round(total * settings.depositShare),
          depositDue: addDays(today, settings.depositDueDays),
          paidFen: 0,
          depositWarnedAt: null,
          note: input.note ?? null,
        });
        await this.orders.insertLines(
          tx,
          lines.map((line) => ({ ...line, orderId: order.id })),
        );
        await this.audit.append(
          {
            at: now,
            actor: userActor(user),
            action: 'order.placed',
            entityType: 'order',
            entityId: order.id,
            details: { buyerId: buyer.id, totalFen: total, lines: input.lines.map((line) => ({ ...line })) },
          },
          tx,
        );
        run.touchOrder(order.id, buyer.id, 'placed');
        return order.id;
      },
    );
    return this.get(orderId, user);
  }

  /**
   * What placing the order now would do, line by line: matching over the whole order as asked
   * (its lines compete for the same stock, after every order already placed), nothing reserved.
   */
  async dryRun(input: PlaceOrderDto, user: AuthUser): Promise<OrderDryRunResponse> {
    const { lines, total, settings, today } = await this.prepare(input, user, true);
    const outcomes = await this.matching.dryRun(
      lines.map((line) => ({
        id: `dry-run-${line.position}`,
        orderId: 'dry-run',
        crop: line.crop as CropKey,
        quantity: line.quantity,
        wantedFrom: line.wantedFrom,
        wantedUntil: line.wantedUntil,
        cultivar: line.cultivar,
        cells: line.cells,
        grafted: line.grafted,
        seedOwner: line.seedOwner,
      })),
    );
    return {
      lines: outcomes.map((outcome, index) => ({
        outcome: outcome.outcome === 'confirmed' ? 'confirmed' : 'waitlisted',
        date: outcome.outcome === 'confirmed' ? outcome.date : null,
        earliestDate: outcome.outcome === 'waitlisted' ? outcome.earliestDate : null,
        priceFen: lines[index].priceFen,
        amountFen: lines[index].priceFen * lines[index].quantity,
      })),
      totalFen: total,
      depositFen: Math.round(total * settings.depositShare),
      depositDue: addDays(today, settings.depositDueDays),
    };
  }

  async list(query: ListOrdersQuery, user: AuthUser): Promise<OrderView[]> {
    const scope = await this.scopeOf(user);
    const orders = await this.orders.listOrders({
      buyerId: scope ?? query.buyerId,
      village: query.village,
      lineStatus: query.lineStatus,
      date: query.date,
      limit: query.limit ?? 200,
    });
    return this.views(orders, false);
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
      crop: query.crop as CropKey,
      quantity: query.quantity,
      date: query.date,
      cultivar: query.cultivar ?? null,
      cells: query.tray ?? null,
      grafted: query.grafted ?? false,
    });
    return { crop: query.crop, quantity: query.quantity, date: query.date, ...answer };
  }

  /** A buyer past a line's cut-off is sent to the phone (docs/orders.md "Cut-off"). */
  private async checkCutoff(
    lines: readonly OrderLine[],
    user: AuthUser,
    settings: OrderSettings,
  ): Promise<boolean> {
    const allocations = await this.orders.allocationsOf(lines.map((line) => line.id));
    const rules = { today: this.matching.today(), cancelCutoffDays: settings.cancelCutoffDays };
    for (const line of lines) {
      const own = allocations.filter((allocation) => allocation.lineId === line.id);
      const { changeable, changeableUntil } = lineCutoff(line, own, rules);
      if (changeable) continue;
      if (user.role !== 'buyer') return false;
      throw DomainError.conflict('CHANGE_CUTOFF_PASSED', 'Past the cut-off: the nursery changes this line', {
        cutoff: changeableUntil,
        phone: settings.nursery.phone,
      });
    }
    return true;
  }

  async cancel(id: string, input: CancelOrderDto, user: AuthUser): Promise<OrderView> {
    const scope = await this.scopeOf(user);
    const settings = await this.settings.get();
    await this.matching.withMatching(
      `cancelled: ${input.reason ?? 'no reason given'}`,
      userActor(user),
      async (tx, run) => {
        const order = await this.lockOrder(tx, id, scope);
        const lines = await this.orders.linesOf([id], tx);
        const targets = lines.filter(
          (line) =>
            OPEN_LINE.includes(line.status) &&
            (input.lineIds === undefined || input.lineIds.includes(line.id)),
        );
        if (targets.length === 0) throw DomainError.conflict('NOTHING_TO_CANCEL', 'No open line to cancel');
        const beforeCutoff = await this.checkCutoff(targets, user, settings);
        await this.orders.setLineStatus(
          tx,
          targets.map((line) => line.id),
          'cancelled',
        );
        const cancelled = new Set(targets.map((line) => line.id));
        const left = lines.filter(
          (line) => !cancelled.has(line.id) && line.status !== 'cancelled' && line.status !== 'lapsed',
        );
        if (left.length === 0) await this.orders.setOrderStatus(tx, id, 'cancelled');
        await this.audit.append(
          {
            at: new Date(this.matchingNow()),
            actor: userActor(user),
            action: 'order.cancelled',
            entityType: 'order',
            entityId: id,
            details: { lineIds: [...cancelled], reason: input.reason ?? null },
          },
          tx,
        );
        await this.depositOnCancel(tx, order, left, beforeCutoff, settings, user);
        run.touchOrder(id, order.buyerId, left.length === 0 ? 'cancelled' : 'changed');
      },
    );
    return this.get(id, user);
  }

  /**
   * The deposit after a cancellation, as the setting says: before the cut-off it follows the lines
   * left (refund) and what was paid above it is refunded, as a negative payment the office hands
   * back; otherwise (the setting, or a manager's cancel after the cut-off) it is kept. Either way
   * the order's history says what happened to it.
   */
  private async depositOnCancel(
    tx: Tx,
    order: Order,
    left: readonly OrderLine[],
    beforeCutoff: boolean,
    settings: OrderSettings,
    user: AuthUser,
  ): Promise<void> {
    const at = new Date(this.matchingNow());
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
   * Changes an open line. Fewer seedlings for the same window keep the promise (the extra reservation
   * goes back to the waitlist); anything else is matched again as if newly asked for, keeping the
   * line's place in the arrival order, and may come back waitlisted.
   */
  async changeLine(id: string, lineId: string, input: ChangeLineDto, user: AuthUser): Promise<OrderView> {
    const scope = await this.scopeOf(user);
    const settings = await this.settings.get();
    await this.matching.withMatching(
      `line changed${input.reason ? `: ${input.reason}` : ''}`,
      userActor(user),
      async (tx, run) => {
        const order = await this.lockOrder(tx, id, scope);
        const lines = await this.orders.linesOf([id], tx);
        const line = lines.find((candidate) => candidate.id === lineId);
        if (!line) throw new DomainError('LINE_NOT_FOUND', `Line ${lineId} is not on order ${id}`, 404);
        if (!OPEN_LINE.includes(line.status))
          throw DomainError.conflict('LINE_NOT_CHANGEABLE', `Line is ${line.status}`, {
            status: line.status,
          });
        await this.checkCutoff([line], user, settings);
        const quantity = input.quantity ?? line.quantity;
        const wantedFrom = input.wantedDate ?? line.wantedFrom;
        const wantedUntil =
          input.wantedUntil ?? (input.wantedDate !== undefined ? input.wantedDate : line.wantedUntil);
        if (wantedUntil < wantedFrom)
          throw DomainError.invalid('WANTED_RANGE_REVERSED', 'wantedUntil is before wantedDate');
        if (wantedFrom !== line.wantedFrom && wantedFrom < this.matching.today())
          throw DomainError.invalid('WANTED_DATE_PAST', `wantedDate ${wantedFrom} is in the past`, {
            date: wantedFrom,
          });
        if (line.households.reduce((sum, household) => sum + household.quantity, 0) > quantity)
          throw DomainError.invalid(
            'HOUSEHOLDS_OVER_LINE',
            'Household sub-lines add up to more than the line',
          );
        const sameWindow = wantedFrom === line.wantedFrom && wantedUntil === line.wantedUntil;
        if (line.status !== 'waitlisted' && sameWindow && quantity <= line.quantity) {
          await this.orders.trimAllocations(tx, line.id, quantity);
          await this.orders.updateLine(tx, line.id, { quantity });
        } else {
          await this.orders.setLineStatus(tx, [line.id], 'waitlisted');
          await this.orders.updateLine(tx, line.id, {
            quantity,
            wantedFrom,
            wantedUntil,
            confirmedDate: null,
          });
        }
        const total = orderTotalFen(
          lines.map((candidate) => (candidate.id === line.id ? { ...candidate, quantity } : candidate)),
        );
        await this.orders.updateOrder(tx, id, { depositFen: Math.round(total * settings.depositShare) });
        await this.audit.append(
          {
            at: new Date(this.matchingNow()),
            actor: userActor(user),
            action: 'order.line_changed',
            entityType: 'order',
            entityId: id,
            details: {
              lineId,
              from: { quantity: line.quantity, wantedFrom: line.wantedFrom, wantedUntil: line.wantedUntil },
              to: { quantity, wantedFrom, wantedUntil },
              reason: input.reason ?? null,
            },
          },
          tx,
        );
        run.touchOrder(id, order.buyerId, 'changed');
      },
    );
    return this.get(id, user);
  }

  /** A manager confirms a waitlisted (or short) line by hand: for a date, or from a substitute batch. */
  async confirm(id: string, input: ConfirmLineDto, user: AuthUser): Promise<OrderView> {
    await this.matching.withMatching(
      `confirmed by hand${input.reason ? `: ${input.reason}` : ''}`,
      userActor(user),
      async (tx, run) => {
        const order = await this.lockOrder(tx, id, undefined);
        const line = (await this.orders.linesOf([id], tx)).find((candidate) => candidate.id === input.lineId);
        if (!line) throw new DomainError('LINE_NOT_FOUND', `Line ${input.lineId} is not on order ${id}`, 404);
        if (line.status !== 'waitlisted' && line.status !== 'short')
          throw DomainError.conflict('LINE_NOT_WAITING', `Line is ${line.status}, not waitlisted or short`, {
            status: line.status,
          });
        if (input.batchId !== undefined) {
          const batch = await this.batches.forUpdate(tx, input.batchId);
          if (!batch || batch.stage === 'planned' || FINAL_STAGES.includes(batch.stage))
            throw new DomainError('BATCH_NOT_FOUND', 'No live batch to substitute from', 404);
          // Releasing the line first gives a short line's own seedlings on this batch back to it.
          await this.orders.setLineStatus(tx, [line.id], 'waitlisted');
          const free = batchForecast(batch) - (await this.orders.allocatedOn(tx, batch.id));
          if (free < line.quantity)
            throw DomainError.conflict(
              'NOT_ENOUGH_SEEDLINGS',
              `Batch ${batch.code} has ${free} free seedlings`,
              { free, batch: batch.code },
            );
          const date = input.date ?? (batch.readyFrom > line.wantedFrom ? batch.readyFrom : line.wantedFrom);
          await this.orders.insertAllocation(tx, {
            lineId: line.id,
            batchId: batch.id,
            quantity: line.quantity,
            date,
          });
          await this.orders.updateLine(tx, line.id, {
            status: 'confirmed',
            confirmedDate: date,
            earliestDate: null,
            missing: 0,
            alternative: null,
          });
        } else {
          const date = input.date ?? line.earliestDate ?? line.alternative?.nextDate ?? null;
          if (date === null)
            throw DomainError.conflict('NO_DATE', 'No date works for this line; give a date or a batch');
          await this.orders.setLineStatus(tx, [line.id], 'waitlisted');
          await this.orders.updateLine(tx, line.id, {
            wantedFrom: date,
            wantedUntil: date,
            confirmedDate: null,
          });
        }
        await this.audit.append(
          {
            at: new Date(this.matchingNow()),
            actor: userActor(user),
            action: 'order.confirmed_by_hand',
            entityType: 'order',
            entityId: id,
            details: { ...input },
          },
          tx,
        );
        run.touchOrder(id, order.buyerId, 'confirmed');
      },
      async (_tx, run) => {
        const outcome = run.outcomes.get(input.lineId);
        if (outcome?.outcome !== 'confirmed')
          throw DomainError.conflict('NOT_CONFIRMABLE', 'The line cannot be confirmed for that date', {
            earliestDate: outcome?.outcome === 'waitlisted' ? outcome.earliestDate : null,
          });
      },
    );
    return this.get(id, user);
  }

  async pay(id: string, input: PaymentDto, user: AuthUser): Promise<OrderView> {
    const today = this.matching.today();
    const buyerId = await this.transactions.transaction(async (tx) => {
      // Closed orders take payments too: a refund of the deposit of a cancelled order.
      const order = await this.orders.findOrder(id, undefined, tx);
      if (!order) throw new DomainError('ORDER_NOT_FOUND', `Order ${id} not found`, 404);
      const at = new Date(this.matchingNow());
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
      await this.settleIfDone(tx, id);
      return order.buyerId;
    });
    await this.publishOrder(id, buyerId, 'paid');
    return this.get(id, user);
  }

  async deliver(id: string, input: DeliveryDto, user: AuthUser) {
    const today = this.matching.today();
    const result = await this.transactions.transaction(async (tx) => {
      const order = await this.lockOrder(tx, id, undefined);
      const buyer = await this.buyerRecords.findById(order.buyerId, tx);
      const lines = await this.orders.linesOf([id], tx);
      const items: DeliveryItem[] = [];
      for (const item of input.items) {
        const line = lines.find((candidate) => candidate.id === item.lineId);
        if (!line) throw new DomainError('LINE_NOT_FOUND', `Line ${item.lineId} is not on order ${id}`, 404);
        if (!DELIVERABLE.includes(line.status))
          throw DomainError.conflict('LINE_NOT_DELIVERABLE', `Line is ${line.status}`, {
            lineId: line.id,
            status: line.status,
          });
        if (line.delivered + item.quantity > line.quantity)
          throw DomainError.conflict(
            'OVER_DELIVERY',
            `Only ${line.quantity - line.delivered} seedlings left on the line`,
            { lineId: line.id, remaining: line.quantity - line.delivered },
          );
        const households = line.households.map((household) => ({ ...household }));
        for (const served of item.households ?? []) {
          const household = households.find((candidate) => candidate.name === served.name);
          if (!household || household.delivered + served.quantity > household.quantity)
            throw DomainError.conflict(
              'HOUSEHOLD_OVER_DELIVERY',
              `Household ${served.name} cannot take ${served.quantity}`,
              { name: served.name, quantity: served.quantity },
            );
          household.delivered += served.quantity;
        }
        line.delivered += item.quantity;
        line.status = line.delivered === line.quantity ? 'delivered' : 'partly_delivered';
        line.households = households;
        await this.orders.updateLine(tx, line.id, {
          delivered: line.delivered,
          status: line.status,
          households,
        });
        items.push({
          lineId: line.id,
          crop: line.crop,
          quantity: item.quantity,
          priceFen: line.priceFen,
          households: item.households?.map((household) => ({ ...household })) ?? [],
        });
      }
      const at = new Date(this.matchingNow());
      const delivery = await this.orders.insertDelivery(tx, {
        orderId: id,
        batchId: null,
        date: input.date ?? today,
        at,
        items,
        quantity: items.reduce((sum, item) => sum + item.quantity, 0),
        amountFen: items.reduce((sum, item) => sum + item.quantity * item.priceFen, 0),
        returnedTrays: input.returnedTrays ?? 0,
        buyerName: buyer?.name ?? null,
        village: buyer?.village ?? null,
        note: input.note ?? null,
        byName: user.name,
      });
      await this.audit.append(
        {
          at,
          actor: userActor(user),
          action: 'order.delivered',
          entityType: 'order',
          entityId: id,
          details: { deliveryId: delivery.id, items, returnedTrays: delivery.returnedTrays },
        },
        tx,
      );
      await this.settleIfDone(tx, id);
      return { delivery, buyerId: order.buyerId };
    });
    await this.publishOrder(id, result.buyerId, 'delivered');
    return { delivery: result.delivery, order: await this.get(id, user) };
  }

  async slip(id: string, deliveryId: string, user: AuthUser): Promise<string> {
    const order = await this.get(id, user);
    const delivery = await this.orders.findDelivery(id, deliveryId);
    if (!delivery) throw new DomainError('DELIVERY_NOT_FOUND', `Delivery ${deliveryId} not found`, 404);
    return renderDeliverySlip(order, delivery);
  }

  /** Ready seedlings sold over the counter to nobody's order; only what no order holds can go. */
  async walkIn(input: WalkInSaleDto, user: AuthUser) {
    const today = this.matching.today();
    const catalogue = await this.crops.catalogue();
    const { value } = await this.matching.withMatching('walk-in sale', userActor(user), async (tx, run) => {
      const batch = await this.batches.forUpdate(tx, input.batchId);
      if (!batch || batch.stage === 'planned' || FINAL_STAGES.includes(batch.stage))
        throw new DomainError('BATCH_NOT_FOUND', 'No live batch with seedlings to sell', 404);
      const free = batchForecast(batch) - (await this.orders.allocatedOn(tx, batch.id));
      if (input.quantity > free)
        throw DomainError.conflict('NOT_ENOUGH_SEEDLINGS', `Only ${Math.max(0, free)} seedlings are free`, {
          free,
        });
      await this.batches.update(tx, batch.id, { walkInSold: batch.walkInSold + input.quantity });
      const priceFen = input.priceFen ?? priceFenFor(catalogue[batch.crop as CropKey], batch.grafted);
      const at = new Date(this.matchingNow());
      await this.batches.addEvent(tx, {
        batchId: batch.id,
        at,
        kind: 'walk_in',
        details: { quantity: input.quantity, priceFen, buyerName: input.buyerName ?? null },
        byName: user.name,
      });
      run.touchBatch(batch.id, batch.zone);
      return this.orders.insertDelivery(tx, {
        orderId: null,
        batchId: batch.id,
        date: input.date ?? today,
        at,
        items: [{ lineId: null, crop: batch.crop, quantity: input.quantity, priceFen, households: [] }],
        quantity: input.quantity,
        amountFen: input.quantity * priceFen,
        returnedTrays: input.returnedTrays ?? 0,
        buyerName: input.buyerName ?? null,
        village: input.village ?? null,
        note: null,
        byName: user.name,
      });
    });
    return value;
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
          const at = new Date(this.matchingNow());
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
        await this.publishOrder(order.id, order.buyerId, 'deposit_warned');
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
              at: new Date(this.matchingNow()),
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

  private async publishOrder(orderId: string, buyerId: string, status: string): Promise<void> {
    const run = new MatchRun();
    run.touchOrder(orderId, buyerId, status);
    await this.matching.publish(run);
  }

  private matchingNow(): number {
    return this.matching.nowMs();
  }

  private async find(id: string, user: AuthUser): Promise<Order> {
    const order = await this.orders.findOrder(id, await this.scopeOf(user));
    if (!order) throw new DomainError('ORDER_NOT_FOUND', `Order ${id} not found`, 404);
    return order;
  }

  private async lockOrder(tx: Tx, id: string, scope: string | undefined): Promise<Order> {
    const order = await this.orders.findOrder(id, scope, tx);
    if (!order) throw new DomainError('ORDER_NOT_FOUND', `Order ${id} not found`, 404);
    if (order.status === 'cancelled' || order.status === 'lapsed')
      throw DomainError.conflict('ORDER_CLOSED', `Order is ${order.status}`, { status: order.status });
    return order;
  }

  private async settleIfDone(tx: Tx, id: string): Promise<void> {
    const order = await this.orders.findOrder(id, undefined, tx);
    if (!order || order.status !== 'open') return;
    const lines = await this.orders.linesOf([id], tx);
    const statuses = lines.map((line) => line.status);
    if (summaryStatus(order, statuses) === 'delivered' && order.paidFen >= orderTotalFen(lines))
      await this.orders.setOrderStatus(tx, id, 'settled');
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
