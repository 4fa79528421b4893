// Order placement and changes: placing (and its dry run), cancelling, changing a line, and a
// manager's confirmation by hand. Reading orders, payments and deliveries have services of their own.
import { Injectable } from '@nestjs/common';
import { addDays, quotePriceFen } from '#agronomy';
import type { OrderDryRunResponse } from '#contracts';
import type { AuthUser } from '../auth/auth-user.js';
import { AuditRepository, userActor } from '../audit/audit.repository.js';
import { FINAL_STAGES } from '../batches/batch.entity.js';
import { BatchesRepository } from '../batches/batches.repository.js';
import type { Buyer } from '../buyers/buyer.entity.js';
import { BuyersService } from '../buyers/buyers.service.js';
import { DomainError } from '../common/domain-error.js';
import { CropsService } from '../crops/crops.service.js';
import { batchForecast } from '../matching/matching-state.js';
import { MatchingService } from '../matching/matching.service.js';
import { type OrderSettings, OrderSettingsService } from '../matching/order-settings.js';
import type { OrderLine } from './order-line.entity.js';
import { OrderPaymentsService } from './order-payments.service.js';
import { OrderQueriesService } from './order-queries.service.js';
import { OPEN_LINE, lockOpenOrder } from './order-steps.js';
import { type OrderView, lineCutoff, orderTotalFen } from './order-view.js';
import type { CancelOrderDto, ChangeLineDto, ConfirmLineDto, PlaceOrderDto } from './orders.dto.js';
import { OrdersRepository } from './orders.repository.js';

@Injectable()
export class OrdersService {
  constructor(
    private readonly orders: OrdersRepository,
    private readonly queries: OrderQueriesService,
    private readonly payments: OrderPaymentsService,
    private readonly matching: MatchingService,
    private readonly buyers: BuyersService,
    private readonly batches: BatchesRepository,
    private readonly crops: CropsService,
    private readonly settings: OrderSettingsService,
    private readonly audit: AuditRepository,
  ) {}

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
    const profiles = await this.crops.profiles();
    const settings = await this.settings.get();
    const today = this.matching.today();
    const lines = input.lines.map((line, position): Omit<OrderLine, 'id' | 'orderId'> => {
      if (!profiles.has(line.crop))
        throw DomainError.invalid('UNKNOWN_CROP', `Unknown crop ${line.crop}`, { crop: line.crop });
      // A variety's own prices apply to a line that names it; the line keeps the price it was quoted.
      const crop = profiles.profile(line.crop, line.cultivar ?? null);
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
        priceFen:
          line.priceFen ??
          quotePriceFen(crop, { cells: line.cells ?? null, grafted, ownSeed: line.ownSeed === true }),
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
    const now = new Date(this.matching.nowMs());
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
    return this.queries.get(orderId, user);
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
        crop: line.crop,
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
    const scope = await this.queries.scopeOf(user);
    const settings = await this.settings.get();
    await this.matching.withMatching(
      `cancelled: ${input.reason ?? 'no reason given'}`,
      userActor(user),
      async (tx, run) => {
        const order = await lockOpenOrder(this.orders, tx, id, scope);
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
            at: new Date(this.matching.nowMs()),
            actor: userActor(user),
            action: 'order.cancelled',
            entityType: 'order',
            entityId: id,
            details: { lineIds: [...cancelled], reason: input.reason ?? null },
          },
          tx,
        );
        await this.payments.depositOnCancel(tx, order, left, beforeCutoff, settings, user);
        run.touchOrder(id, order.buyerId, left.length === 0 ? 'cancelled' : 'changed');
      },
    );
    return this.queries.get(id, user);
  }

  /**
   * Changes an open line. Fewer seedlings for the same window keep the promise (the extra reservation
   * goes back to the waitlist); anything else is matched again as if newly asked for, keeping the
   * line's place in the arrival order, and may come back waitlisted.
   */
  async changeLine(id: string, lineId: string, input: ChangeLineDto, user: AuthUser): Promise<OrderView> {
    const scope = await this.queries.scopeOf(user);
    const settings = await this.settings.get();
    const profiles = await this.crops.profiles();
    await this.matching.withMatching(
      `line changed${input.reason ? `: ${input.reason}` : ''}`,
      userActor(user),
      async (tx, run) => {
        const order = await lockOpenOrder(this.orders, tx, id, scope);
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
        // Another variety (a short line's alternative): its own seedlings, at its own price.
        const cultivar = input.cultivar === undefined ? line.cultivar : (input.cultivar?.trim() ?? null);
        const newVariety = cultivar !== line.cultivar;
        const priceFen = newVariety
          ? quotePriceFen(profiles.profile(line.crop, cultivar), {
              cells: line.cells,
              grafted: line.grafted,
              ownSeed: line.seedOwner !== 'nursery',
            })
          : line.priceFen;
        const sameWindow = wantedFrom === line.wantedFrom && wantedUntil === line.wantedUntil;
        if (line.status !== 'waitlisted' && sameWindow && !newVariety && quantity <= line.quantity) {
          await this.orders.trimAllocations(tx, line.id, quantity);
          await this.orders.updateLine(tx, line.id, { quantity });
        } else {
          await this.orders.setLineStatus(tx, [line.id], 'waitlisted');
          await this.orders.updateLine(tx, line.id, {
            quantity,
            wantedFrom,
            wantedUntil,
            confirmedDate: null,
            ...(newVariety ? { cultivar, priceFen } : {}),
          });
        }
        const total = orderTotalFen(
          lines.map((candidate) =>
            candidate.id === line.id ? { ...candidate, quantity, priceFen } : candidate,
          ),
        );
        await this.orders.updateOrder(tx, id, { depositFen: Math.round(total * settings.depositShare) });
        await this.audit.append(
          {
            at: new Date(this.matching.nowMs()),
            actor: userActor(user),
            action: 'order.line_changed',
            entityType: 'order',
            entityId: id,
            details: {
              lineId,
              from: {
                quantity: line.quantity,
                wantedFrom: line.wantedFrom,
                wantedUntil: line.wantedUntil,
                cultivar: line.cultivar,
                priceFen: line.priceFen,
              },
              to: { quantity, wantedFrom, wantedUntil, cultivar, priceFen },
              reason: input.reason ?? null,
            },
          },
          tx,
        );
        run.touchOrder(id, order.buyerId, 'changed');
      },
    );
    return this.queries.get(id, user);
  }

  /** A manager confirms a waitlisted (or short) line by hand: for a date, or from a substitute batch. */
  async confirm(id: string, input: ConfirmLineDto, user: AuthUser): Promise<OrderView> {
    await this.matching.withMatching(
      `confirmed by hand${input.reason ? `: ${input.reason}` : ''}`,
      userActor(user),
      async (tx, run) => {
        const order = await lockOpenOrder(this.orders, tx, id, undefined);
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
            at: new Date(this.matching.nowMs()),
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
    return this.queries.get(id, user);
  }
}
