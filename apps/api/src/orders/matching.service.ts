import { Inject, Injectable } from '@nestjs/common';
import {
  type Availability,
  type AvailabilityQuery,
  DEFAULT_HOLD_DAYS,
  type CropKey,
  type LineOutcome,
  type MatchingBatch,
  type MatchingOrderLine,
  type MatchingState,
  type NurseryCapacity,
  type OrderLineStatus,
  CapacityCalendar,
  availability,
  emergeFractionFor,
  fromDayNumber,
  germinationRoomDays,
  toDayNumber,
  forecastSaleable,
  matchOrders,
  seasonOf,
} from '#agronomy';
import type { AppConfig } from '#config';
import type { Clock } from '#contracts';
import { AuditRepository, type AuditRecord } from '../audit/audit.repository.js';
import { nurseryDate } from '../batches/nursery-date.js';
import { DomainEvents } from '../common/domain-events.js';
import { APP_CONFIG, CLOCK } from '../common/tokens.js';
import { CropsService } from '../crops/crops.service.js';
import { ZonesRepository } from '../zones/zones.repository.js';
import {
  type AllocationRowData,
  type BatchRow,
  type LineRow,
  type LineUpdate,
  MatchingRepository,
  type Tx,
} from './matching.repository.js';
import './order-events.js';
import { OrderSettingsService } from './order-settings.js';

export type Actor = AuditRecord['actor'];

export interface OccupancySeries {
  capacityTrays: number;
  days: { date: string; trays: number }[];
}

export interface Occupancy {
  from: string;
  days: number;
  zones: (OccupancySeries & { zone: string })[];
  germinationRoom: OccupancySeries;
}

/** What a matching run changed; events are emitted for it after the transaction commits. */
export class MatchRun {
  readonly orders = new Map<string, { buyerId: string; status: string }>();
  readonly batches = new Map<string, string>();
  readonly outcomes = new Map<string, LineOutcome>();

  touchOrder(orderId: string, buyerId: string, status: string): void {
    this.orders.set(orderId, { buyerId, status });
  }

  touchBatch(batchId: string, zone: string): void {
    this.batches.set(batchId, zone);
  }
}

/** Forecast saleable seedlings of a stored batch, less what was sold over the counter. */
export function batchForecast(batch: BatchRow): number {
  const forecast = forecastSaleable({
    cellsSown: Math.max(0, batch.trays - batch.refillTrays) * batch.cells,
    emerged: batch.emerged,
    refilled: batch.refilled,
    culled: batch.culled,
    saleable: batch.saleable,
    emergePct: batch.emergePct,
    saleablePct: batch.saleablePct,
  });
  return Math.max(0, forecast - batch.walkInSold);
}

/**
 * Runs the pure matching engine of libs/agronomy over the database's state inside one transaction.
 * Every run takes one advisory lock and locks the live batch rows FOR UPDATE, so two runs never read
 * the same free seedlings: 200 buyers racing for the last 1,000 can never be promised more than 1,000.
 */
@Injectable()
export class MatchingService {
  constructor(
    private readonly repository: MatchingRepository,
    private readonly crops: CropsService,
    private readonly zones: ZonesRepository,
    private readonly settings: OrderSettingsService,
    private readonly audit: AuditRepository,
    private readonly events: DomainEvents,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  nowMs(): number {
    return this.clock.now();
  }

  today(): string {
    return nurseryDate(this.clock.now(), this.config.nurseryTimeZone);
  }

  /**
   * `work` changes orders or batches, then matching runs over the result in the same transaction;
   * `check` may throw to roll everything back (for example a hand confirmation that did not confirm).
   */
  async withMatching<T>(
    reason: string,
    actor: Actor,
    work: (tx: Tx, run: MatchRun) => Promise<T>,
    check?: (tx: Tx, run: MatchRun, value: T) => Promise<void>,
  ): Promise<{ value: T; run: MatchRun }> {
    // Read through the pool BEFORE taking the lock: waiting transactions hold pool connections, so a
    // lock holder that needed another one could wait for ever.
    const context = await this.context();
    const outcome = await this.repository.transaction(async (tx) => {
      await this.repository.lock(tx);
      const run = new MatchRun();
      const value = await work(tx, run);
      await this.matchIn(tx, run, reason, actor, context);
      if (check) await check(tx, run, value);
      return { value, run };
    });
    await this.publish(outcome.run);
    return outcome;
  }

  /**
   * Trays on the benches of each greenhouse and in the germination room, day by day, against capacity:
   * live and planned batches, with the same stays the engine plans with (germination room for the
   * crop's emergence days, then the bench until the end of the ready window).
   */
  async occupancy(from: string, days: number): Promise<Occupancy> {
    const context = await this.context();
    const state = await this.loadState(this.repository.reader, false, context);
    const firstDay = toDayNumber(from);
    const calendar = new CapacityCalendar(firstDay, days, state.capacity);
    for (const batch of state.batches)
      calendar.add({
        zone: batch.zone,
        sowDay: toDayNumber(batch.sowDate),
        germinationDays: germinationRoomDays(state.catalogue[batch.crop]),
        lastBenchDay: toDayNumber(batch.readyUntil),
        trays: batch.trays,
      });
    const series = (place: string) =>
      Array.from({ length: days }, (_, index) => ({
        date: fromDayNumber(firstDay + index),
        trays: calendar.usedOn(place, firstDay + index),
      }));
    return {
      from,
      days,
      zones: state.capacity.zones.map((zone) => ({
        zone: zone.zone,
        capacityTrays: zone.benchTrays,
        days: series(zone.zone),
      })),
      germinationRoom: {
        capacityTrays: state.capacity.germinationRoomTrays,
        days: series('germination_room'),
      },
    };
  }

  async availability(query: AvailabilityQuery): Promise<Availability> {
    const state = await this.loadState(this.repository.reader, false, await this.context());
    return availability(query, state);
  }

  /** Emits the run's order.changed and batch.changed events (after its transaction committed). */
  async publish(run: MatchRun): Promise<void> {
    const buyerIds = [...new Set([...run.orders.values()].map((order) => order.buyerId))];
    const users = await this.repository.buyerUsers(buyerIds);
    for (const [orderId, { buyerId, status }] of run.orders)
      this.events.emit('order.changed', {
        orderId,
        buyerId: users.get(buyerId) ?? null,
        buyerRecordId: buyerId,
        status,
      });
    for (const [batchId, zone] of run.batches) this.events.emit('batch.changed', { batchId, zone });
  }

  private async context() {
    return {
      settings: await this.settings.get(),
      catalogue: await this.crops.catalogue(),
      zones: await this.zones.list(this.config.siteCode),
    };
  }

  private async loadState(
    tx: Tx,
    forUpdate: boolean,
    { settings, catalogue, zones }: Awaited<ReturnType<MatchingService['context']>>,
  ): Promise<
    MatchingState & { rows: { batches: BatchRow[]; lines: LineRow[]; allocations: AllocationRowData[] } }
  > {
    const batches = await this.repository.liveBatches(tx, forUpdate);
    const allocations = await this.repository.allocations(tx);
    const lines = await this.repository.matchableLines(tx);
    const capacity: NurseryCapacity = {
      zones: zones
        .filter((zone) => zone.kind === 'greenhouse')
        .map((zone) => ({
          zone: zone.code,
          benchTrays: zone.trayCapacity ?? Math.floor((zone.benchAreaM2 ?? 0) * (zone.traysPerM2 ?? 0)),
        })),
      germinationRoomTrays: zones
        .filter((zone) => zone.kind === 'germination')
        .reduce((sum, zone) => sum + (zone.trayCapacity ?? 0), 0),
    };
    return {
      batches: batches.map((batch) => this.toMatchingBatch(batch)),
      allocations: allocations.map(({ lineId, batchId, quantity }) => ({ lineId, batchId, quantity })),
      lines: lines.map((line) => this.toMatchingLine(line)),
      catalogue,
      capacity,
      settings: {
        refillTrays: settings.refillTrays,
        shortfallPolicy: settings.shortfallPolicy,
        horizonDays: settings.horizonDays,
        holdDays: DEFAULT_HOLD_DAYS,
      },
      today: this.today(),
      rows: { batches, lines, allocations },
    };
  }

  private toMatchingBatch(batch: BatchRow): MatchingBatch {
    return {
      id: batch.id,
      crop: batch.crop as CropKey,
      cultivar: batch.cultivar,
      cells: batch.cells,
      grafted: batch.grafted,
      seedOwner: batch.seedOwner,
      zone: batch.zone,
      sowDate: batch.sowDate,
      trays: batch.trays,
      readyFrom: batch.readyFrom,
      readyUntil: batch.readyUntil,
      forecastSaleable: batchForecast(batch),
      status: batch.stage === 'planned' ? 'planned' : 'active',
    };
  }

  private toMatchingLine(line: LineRow): MatchingOrderLine {
    const placedAt = line.placedAt as unknown;
    return {
      id: line.id,
      orderId: line.orderId,
      placedAt: placedAt instanceof Date ? placedAt.toISOString() : String(placedAt),
      crop: line.crop as CropKey,
      quantity: line.quantity,
      wantedFrom: line.wantedFrom,
      wantedUntil: line.wantedUntil,
      cultivar: line.cultivar,
      cells: line.cells,
      grafted: line.grafted,
      seedOwner: line.seedOwner,
      status: line.status as OrderLineStatus,
      confirmedDate: line.confirmedDate,
    };
  }

  private async matchIn(
    tx: Tx,
    run: MatchRun,
    reason: string,
    actor: Actor,
    context: Awaited<ReturnType<MatchingService['context']>>,
  ): Promise<void> {
    const state = await this.loadState(tx, true, context);
    const result = matchOrders(state);
    const { rows } = state;

    const realIds = new Map<string, string>();
    if (result.plannedBatches.length > 0) {
      const ids = await this.repository.insertPlannedBatches(
        tx,
        result.plannedBatches.map((planned) => {
          const crop = state.catalogue[planned.crop];
          return {
            crop: planned.crop,
            cultivar: planned.cultivar,
            cells: planned.cells,
            grafted: planned.grafted,
            seedOwner: planned.seedOwner,
            zone: planned.zone,
            trays: planned.trays,
            cellsSown: planned.cellsSown,
            refillTrays: planned.refillTrays,
            sowDate: planned.sowDate,
            emergePct: emergeFractionFor(crop, seasonOf(planned.sowDate)),
            saleablePct: crop.saleablePct,
            readyFrom: planned.readyFrom,
            readyUntil: planned.readyUntil,
          };
        }),
      );
      result.plannedBatches.forEach((planned, index) => {
        const id = ids[index];
        realIds.set(planned.id, id);
        run.touchBatch(id, planned.zone);
      });
    }

    const lineIds = rows.lines.map((line) => line.id);
    const matchable = new Set(lineIds);
    const next: AllocationRowData[] = result.allocations.map((allocation) => ({
      lineId: allocation.lineId,
      batchId: realIds.get(allocation.batchId) ?? allocation.batchId,
      quantity: allocation.quantity,
      date: allocation.date,
    }));
    const perBatch = (list: readonly AllocationRowData[]) => {
      const sums = new Map<string, number>();
      for (const allocation of list)
        if (matchable.has(allocation.lineId))
          sums.set(allocation.batchId, (sums.get(allocation.batchId) ?? 0) + allocation.quantity);
      return sums;
    };
    const before = perBatch(rows.allocations);
    const after = perBatch(next);
    const zoneOf = new Map(rows.batches.map((batch) => [batch.id, batch.zone]));
    for (const batchId of new Set([...before.keys(), ...after.keys()]))
      if (before.get(batchId) !== after.get(batchId)) run.touchBatch(batchId, zoneOf.get(batchId) ?? '');
    await this.repository.replaceAllocations(tx, lineIds, next);

    const updates: LineUpdate[] = [];
    const byId = new Map(rows.lines.map((line) => [line.id, line]));
    const at = new Date(this.clock.now());
    for (const outcome of result.outcomes) {
      run.outcomes.set(outcome.lineId, outcome);
      const line = byId.get(outcome.lineId);
      if (!line || outcome.outcome === 'cancelled') continue;
      const update = toUpdate(line.id, outcome);
      if (
        update.status === line.status &&
        update.confirmedDate === line.confirmedDate &&
        update.earliestDate === line.earliestDate &&
        update.missing === line.missing
      )
        continue;
      updates.push(update);
      run.touchOrder(line.orderId, line.buyerId, update.status);
      // A waitlisted line's proposed date follows every run; only the first answer, promises and their
      // loss are history.
      const firstAnswer = line.status === 'waitlisted' && line.earliestDate === null;
      if (
        !firstAnswer &&
        update.status === line.status &&
        update.confirmedDate === line.confirmedDate &&
        update.missing === line.missing
      )
        continue;
      await this.audit.append(
        {
          at,
          actor,
          action: `order.line_${update.status}`,
          entityType: 'order',
          entityId: line.orderId,
          details: {
            lineId: line.id,
            reason,
            from: { status: line.status, confirmedDate: line.confirmedDate, earliestDate: line.earliestDate },
            to: update,
          },
        },
        tx,
      );
    }
    await this.repository.updateLines(tx, updates);
    for (const id of await this.repository.dropUnusedPlannedBatches(tx))
      run.touchBatch(id, zoneOf.get(id) ?? '');
  }
}

function toUpdate(id: string, outcome: Exclude<LineOutcome, { outcome: 'cancelled' }>): LineUpdate {
  switch (outcome.outcome) {
    case 'confirmed':
      return {
        id,
        status: 'confirmed',
        confirmedDate: outcome.date,
        earliestDate: null,
        missing: 0,
        alternative: null,
      };
    case 'waitlisted':
      return {
        id,
        status: 'waitlisted',
        confirmedDate: null,
        earliestDate: outcome.earliestDate,
        missing: 0,
        alternative: null,
      };
    case 'short':
      return {
        id,
        status: 'short',
        confirmedDate: outcome.date,
        earliestDate: outcome.alternative.nextDate,
        missing: outcome.missing,
        alternative: { ...outcome.alternative },
      };
  }
}
