// Seedlings handed over: a delivery against an order's lines (with its households), the delivery
// slip, and a walk-in sale of free seedlings to nobody's order.
import { Injectable, Logger } from '@nestjs/common';
import { quotePriceFen } from '#agronomy';
import { isDeliverableLine } from '#contracts';
import type { AuthUser } from '../auth/auth-user.js';
import { AuditRepository, userActor } from '../audit/audit.repository.js';
import { FINAL_STAGES } from '../batches/batch.entity.js';
import { BatchesRepository } from '../batches/batches.repository.js';
import { BuyersRepository } from '../buyers/buyers.repository.js';
import { DomainError } from '../common/domain-error.js';
import { CropsService } from '../crops/crops.service.js';
import { batchForecast } from '../matching/matching-state.js';
import { MatchingService } from '../matching/matching.service.js';
import { MatchingRepository } from '../matching/matching.repository.js';
import { PassportService } from '../passport/passport.service.js';
import { renderDeliverySlip } from './delivery-slip.js';
import type { Delivery, DeliveryItem } from './delivery.entity.js';
import { OrderQueriesService } from './order-queries.service.js';
import { lockOpenOrder, publishOrder, settleIfDone } from './order-steps.js';
import type { DeliveryDto, WalkInSaleDto } from './orders.dto.js';
import { OrdersRepository } from './orders.repository.js';

@Injectable()
export class OrderDeliveriesService {
  constructor(
    private readonly orders: OrdersRepository,
    private readonly queries: OrderQueriesService,
    private readonly matching: MatchingService,
    private readonly transactions: MatchingRepository,
    private readonly buyerRecords: BuyersRepository,
    private readonly batches: BatchesRepository,
    private readonly crops: CropsService,
    private readonly audit: AuditRepository,
    private readonly passports: PassportService,
  ) {}

  private readonly logger = new Logger(OrderDeliveriesService.name);

  async deliver(id: string, input: DeliveryDto, user: AuthUser) {
    const today = this.matching.today();
    const result = await this.transactions.transaction(async (tx) => {
      const order = await lockOpenOrder(this.orders, tx, id, undefined);
      const buyer = await this.buyerRecords.findById(order.buyerId, tx);
      const lines = await this.orders.linesOf([id], tx);
      const items: DeliveryItem[] = [];
      for (const item of input.items) {
        const line = lines.find((candidate) => candidate.id === item.lineId);
        if (!line) throw new DomainError('LINE_NOT_FOUND', `Line ${item.lineId} is not on order ${id}`, 404);
        if (!isDeliverableLine(line.status))
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
          // Kept with the delivery: a later re-match may move the line's allocations, the slip may not.
          batchIds: await this.orders.batchesOfLine(tx, line.id),
        });
      }
      const at = new Date(this.matching.nowMs());
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
      await settleIfDone(this.orders, tx, id);
      return { delivery, buyerId: order.buyerId };
    });
    await publishOrder(this.matching, id, result.buyerId, 'delivered');
    // The delivered batches' climate passports are stored as they stand at the delivery, with a
    // link for the slip. After the commit: a failure here never undoes a delivery (the slip stores
    // what is missing when it is printed).
    try {
      await this.passports.forDelivery(batchesOf(result.delivery));
    } catch (error) {
      this.logger.warn(
        `Climate passports of delivery ${result.delivery.id} not stored: ${(error as Error).message}`,
      );
    }
    return { delivery: result.delivery, order: await this.queries.get(id, user) };
  }

  /** The slip, with the passport of each batch it delivered from; `origin` is the link's base on the LAN. */
  async slip(id: string, deliveryId: string, user: AuthUser, origin: string): Promise<string> {
    const order = await this.queries.get(id, user);
    const delivery = await this.orders.findDelivery(id, deliveryId);
    if (!delivery) throw new DomainError('DELIVERY_NOT_FOUND', `Delivery ${deliveryId} not found`, 404);
    const passports = await this.passports.slipParts(await this.deliveredBatches(delivery), origin);
    const profiles = await this.crops.profiles();
    const cropName = (crop: string) => {
      if (!profiles.has(crop)) return crop;
      const profile = profiles.profile(crop);
      return `${profile.nameZh} ${profile.nameEn}`;
    };
    return renderDeliverySlip(order, delivery, passports, cropName);
  }

  /**
   * The batches a delivery drew on: kept with its items since the climate passport; for an older
   * delivery, its lines' allocations now.
   */
  private async deliveredBatches(delivery: Delivery): Promise<string[]> {
    if (delivery.items.some((item) => item.batchIds !== undefined)) return batchesOf(delivery);
    return this.passports.batchesOfLines(delivery.items.map((item) => item.lineId).filter(isLine));
  }

  /** Ready seedlings sold over the counter to nobody's order; only what no order holds can go. */
  async walkIn(input: WalkInSaleDto, user: AuthUser) {
    const today = this.matching.today();
    const profiles = await this.crops.profiles();
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
      const priceFen =
        input.priceFen ??
        quotePriceFen(profiles.profile(batch.crop, batch.cultivar), {
          cells: batch.cells,
          grafted: batch.grafted,
          ownSeed: batch.seedOwner !== 'nursery',
        });
      const at = new Date(this.matching.nowMs());
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
}

const isLine = (lineId: string | null): lineId is string => lineId !== null;

/** The batches a delivery drew on, as kept with its items. */
function batchesOf(delivery: Pick<Delivery, 'items'>): string[] {
  return [...new Set(delivery.items.flatMap((item) => item.batchIds ?? []))];
}
