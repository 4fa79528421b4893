import { Injectable } from '@nestjs/common';
import {
  type CropCatalogue,
  type Availability,
  type AvailabilityQuery,
  type LineOutcome,
  type MatchingOrderLine,
  availability,
  availabilityMany,
  dryRunOrder,
  matchOrders,
} from '#agronomy';
import { AuditRepository, type AuditRecord } from '../audit/audit.repository.js';
import { DomainError } from '../common/domain-error.js';
import { DomainEvents } from '../common/domain-events.js';
import type { Tx } from '../common/transaction.js';
import { type AllocationRowData, type LineUpdate, MatchingRepository } from './matching.repository.js';
import { type MatchingContext, MatchingStateReader } from './matching-state.js';
import './order-events.js';

export type Actor = AuditRecord['actor'];

/** What a matching run changed; events are emitted for it after the transaction commits. */
export class MatchRun {
  readonly orders = new Map<string, { buyerId: string; status: string }>();
  readonly batches = new Map<string, string>();
  readonly outcomes = new Map<string, LineOutcome>();
  /** Lines whose status or missing count this run changed (an entry's answer reports them). */
  readonly lineChanges: {
    orderId: string;
    from: { status: string; missing: number };
    to: { status: string; missing: number };
  }[] = [];

  touchOrder(orderId: string, buyerId: string, status: string): void {
    this.orders.set(orderId, { buyerId, status });
  }

  touchBatch(batchId: string, zone: string): void {
    this.batches.set(batchId, zone);
  }
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
    private readonly state: MatchingStateReader,
    private readonly audit: AuditRepository,
    private readonly events: DomainEvents,
  ) {}

  nowMs(): number {
    return this.state.nowMs();
  }

  /** The calendar date at the nursery, in its configured time zone. */
  today(): string {
    return this.state.today();
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
    const context = await this.state.context();
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

  async availability(query: AvailabilityQuery): Promise<Availability> {
    const context = await this.state.context();
    knownCrops(context.catalogue, [query]);
    const state = await this.state.load(this.repository.reader, false, context);
    return availability(query, state);
  }

  async availabilityMany(queries: readonly AvailabilityQuery[]): Promise<Availability[]> {
    const context = await this.state.context();
    knownCrops(context.catalogue, queries);
    const state = await this.state.load(this.repository.reader, false, context);
    return availabilityMany(queries, state);
  }

  /** What placing these lines now would do (docs/orders.md "Dry run"); nothing is written or locked. */
  async dryRun(
    lines: readonly Omit<MatchingOrderLine, 'placedAt' | 'status' | 'confirmedDate'>[],
  ): Promise<LineOutcome[]> {
    const context = await this.state.context();
    knownCrops(context.catalogue, lines);
    const state = await this.state.load(this.repository.reader, false, context);
    return dryRunOrder(lines, state);
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
    // A batch's stage or ready date reaches the buyers whose lines it serves (their rooms only).
    const buyersOf = await this.repository.buyerUsersOfBatches([...run.batches.keys()]);
    for (const [batchId, zone] of run.batches)
      this.events.emit('batch.changed', { batchId, zone, buyerUserIds: buyersOf.get(batchId) ?? [] });
  }

  private async matchIn(
    tx: Tx,
    run: MatchRun,
    reason: string,
    actor: Actor,
    context: MatchingContext,
  ): Promise<void> {
    const state = await this.state.load(tx, true, context);
    const result = matchOrders(state);
    const { rows } = state;

    const realIds = new Map<string, string>();
    if (result.plannedBatches.length > 0) {
      const ids = await this.repository.insertPlannedBatches(
        tx,
        result.plannedBatches.map((planned) => {
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
            // As the engine sized it: the catalogue's, or the crop's own history (loss-history.ts).
            emergePct: planned.emergePct,
            saleablePct: planned.saleablePct,
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
    const at = new Date(this.state.nowMs());
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
      run.lineChanges.push({
        orderId: line.orderId,
        from: { status: line.status, missing: line.missing },
        to: { status: update.status, missing: update.missing },
      });
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

/** A question about a crop the catalogue does not hold is the asker's mistake (400), not matching's. */
function knownCrops(catalogue: CropCatalogue, asked: readonly { crop: string }[]): void {
  for (const { crop } of asked)
    if (!Object.hasOwn(catalogue, crop))
      throw DomainError.invalid('UNKNOWN_CROP', `Unknown crop ${crop}`, { crop });
}
