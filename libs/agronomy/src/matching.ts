/**
 * The order–batch matching engine (shared/domain.md §3.4): a pure function of a `MatchingState`.
 *
 * Rules, in order:
 * 1. Cancelled lines release their seedlings.
 * 2. Shortfall: where a batch's forecast is below what is reserved on it, the shortfall policy cuts
 *    reservations (fifo: latest-placed lose first; pro_rata: proportional).
 * 3. Lines are served in arrival order (placedAt, then id): first placed, first served.
 *    - A confirmed (or short) line keeps its batches and its date; a cut line tries to refill the
 *      missing seedlings for the SAME date, else it is `short` with an alternative. Its date never moves.
 *    - Any other line is matched for a day of its wanted window: first from existing batches of the same
 *      crop, cultivar (a line without one takes any), tray, graft and seed owner whose ready window
 *      covers the day (free = forecast − reserved), split over batches, first-expiring first; the rest
 *      from new sowings planned backwards (planning.ts) where the germination room and benches have room,
 *      split over houses and over up to `holdDays` sowing days. All or nothing: a line that cannot be
 *      fully served holds nothing and is waitlisted with the earliest date that would work.
 */
import { BatchIndex, type BatchSlot, type MatchKeyParts, anyCultivarKey, exactKey } from './batch-index.js';
import { fromDayNumber, seasonOfDay, toDayNumber } from './calendar.js';
import { CapacityCalendar } from './capacity-calendar.js';
import { type CropProfile, SEASONS, emergeFractionFor, germinationRoomDays } from './crops.js';
import type {
  Allocation,
  Availability,
  AvailabilityQuery,
  LineOutcome,
  MatchResult,
  MatchingOrderLine,
  MatchingState,
  PlannedBatch,
} from './matching-types.js';
import { cellsNeededFor, expectedSaleableFromCells, seedlingAgeDays } from './planning.js';
import { applyShortfall } from './shortfall.js';

/** What a line (or an availability query) needs, resolved against the catalogue. */
interface Need {
  readonly lineId: string;
  readonly crop: CropProfile;
  readonly parts: MatchKeyParts;
  /** Index key: exact cultivar, or any cultivar when the line names none. */
  readonly key: string;
}

/** A sowing planned in this run; later lines with the same key, day and house extend it. */
interface PlannedLot {
  readonly id: string;
  readonly parts: MatchKeyParts;
  readonly zone: string;
  readonly sowDay: number;
  readonly germinationDays: number;
  readonly emergePct: number;
  readonly saleablePct: number;
  readonly refillTrays: number;
  readonly slot: BatchSlot;
  seedTrays: number;
}

interface SowCandidate {
  readonly sowDay: number;
  readonly readyFromDay: number;
}

function arrivalOrder(left: MatchingOrderLine, right: MatchingOrderLine): number {
  const byTime = Date.parse(left.placedAt) - Date.parse(right.placedAt);
  if (byTime !== 0 && !Number.isNaN(byTime)) {
    return byTime;
  }
  return left.id < right.id ? -1 : left.id > right.id ? 1 : 0;
}

class MatchingEngine {
  private readonly index = new BatchIndex();
  private readonly slots = new Map<string, BatchSlot>();
  /** lineId → batchId → seedlings reserved. */
  private readonly held = new Map<string, Map<string, number>>();
  private readonly calendar: CapacityCalendar;
  private readonly lots = new Map<string, PlannedLot>();
  private readonly lotsInOrder: PlannedLot[] = [];
  private readonly lotCounters = new Map<string, number>();
  private readonly todayDay: number;
  private readonly lastPlannableDay: number;
  private readonly lines: readonly MatchingOrderLine[];
  /** Undo steps of the open tentative change; a dry run or a failed line rolls them back. */
  private undoSteps: (() => void)[] = [];
  /** Bumped on every committed change, so cached "nothing works" answers expire. */
  private version = 0;
  private readonly noDateCache = new Map<string, { version: number; quantity: number }>();

  constructor(private readonly state: MatchingState) {
    this.todayDay = toDayNumber(state.today);
    this.lastPlannableDay = this.todayDay + state.settings.horizonDays;
    this.calendar = new CapacityCalendar(
      this.todayDay,
      state.settings.horizonDays + state.settings.holdDays + 1,
      state.capacity,
    );
    this.lines = [...state.lines].sort(arrivalOrder);
    for (const batch of state.batches) {
      const slot: BatchSlot = {
        batch,
        readyFromDay: toDayNumber(batch.readyFrom),
        readyUntilDay: toDayNumber(batch.readyUntil),
        forecast: batch.forecastSaleable,
        free: batch.forecastSaleable,
      };
      this.slots.set(batch.id, slot);
      this.index.add(slot);
      this.calendar.add({
        zone: batch.zone,
        sowDay: toDayNumber(batch.sowDate),
        germinationDays: germinationRoomDays(state.catalogue[batch.crop]),
        lastBenchDay: slot.readyUntilDay,
        trays: batch.trays,
      });
    }
  }

  run(): MatchResult {
    const cancelled = new Set(
      this.lines.filter((line) => line.status === 'cancelled').map((line) => line.id),
    );
    for (const allocation of this.state.allocations) {
      if (!cancelled.has(allocation.lineId) && this.slots.has(allocation.batchId)) {
        const perLine = this.held.get(allocation.lineId) ?? new Map<string, number>();
        perLine.set(allocation.batchId, (perLine.get(allocation.batchId) ?? 0) + allocation.quantity);
        this.held.set(allocation.lineId, perLine);
      }
    }
    this.applyShortfalls();
    const outcomes: LineOutcome[] = [];
    const dates = new Map<string, number>();
    for (const line of this.lines) {
      const outcome = this.serve(line, dates);
      outcomes.push(outcome);
    }
    return { allocations: this.allocationsOut(dates), plannedBatches: this.plannedOut(), outcomes };
  }

  availability(query: AvailabilityQuery): Availability {
    const need = this.needOf({
      id: '(availability)',
      crop: query.crop,
      cultivar: query.cultivar ?? null,
      cells: query.cells ?? null,
      grafted: query.grafted ?? false,
      seedOwner: query.seedOwner ?? 'nursery',
    });
    const day = toDayNumber(query.date);
    if (this.dryRun(need, query.quantity, day)) {
      return { canConfirm: true, earliestDate: query.date };
    }
    const earliest = this.earliestDay(need, query.quantity, Math.max(day + 1, this.todayDay));
    return { canConfirm: false, earliestDate: earliest === null ? null : fromDayNumber(earliest) };
  }

  private applyShortfalls(): void {
    const rank = new Map(this.lines.map((line, position) => [line.id, position]));
    const byBatch = new Map<string, { lineId: string; arrivalRank: number; quantity: number }[]>();
    for (const [lineId, perLine] of this.held) {
      for (const [batchId, quantity] of perLine) {
        const list = byBatch.get(batchId) ?? [];
        // Lines not passed in keep their reservation first: they are fixed (for example delivered).
        list.push({ lineId, arrivalRank: rank.get(lineId) ?? -1, quantity });
        byBatch.set(batchId, list);
      }
    }
    for (const [batchId, reservations] of byBatch) {
      const slot = this.slots.get(batchId);
      if (!slot) {
        continue;
      }
      const kept = applyShortfall(reservations, slot.forecast, this.state.settings.shortfallPolicy);
      reservations.forEach((reservation, position) => {
        const quantity = kept[position] ?? 0;
        const perLine = this.held.get(reservation.lineId);
        if (quantity > 0) {
          perLine?.set(batchId, quantity);
        } else {
          perLine?.delete(batchId);
        }
        slot.free -= quantity;
      });
    }
  }

  private serve(line: MatchingOrderLine, dates: Map<string, number>): LineOutcome {
    if (line.status === 'cancelled') {
      return { lineId: line.id, outcome: 'cancelled', allocated: 0 };
    }
    const need = this.needOf(line);
    const promised = (line.status === 'confirmed' || line.status === 'short') && line.confirmedDate !== null;
    if (promised && line.confirmedDate !== null) {
      const day = toDayNumber(line.confirmedDate);
      dates.set(line.id, day);
      const missing = line.quantity - this.heldTotal(line.id);
      if (missing <= 0 || this.attempt(need, missing, day)) {
        return this.confirmedOutcome(line, day);
      }
      const allocated = this.heldTotal(line.id);
      const next = this.earliestDay(need, missing, Math.max(day + 1, this.todayDay));
      return {
        lineId: line.id,
        outcome: 'short',
        date: line.confirmedDate,
        batchIds: this.batchIdsOf(line.id),
        allocated,
        missing,
        alternative: {
          partialQuantity: allocated,
          partialDate: line.confirmedDate,
          nextDate: next === null ? null : fromDayNumber(next),
        },
      };
    }
    this.releaseAll(line.id);
    const fromDay = toDayNumber(line.wantedFrom);
    const untilDay = Math.max(fromDay, toDayNumber(line.wantedUntil));
    for (let day = fromDay; day <= untilDay; day += 1) {
      if (this.attempt(need, line.quantity, day)) {
        dates.set(line.id, day);
        return this.confirmedOutcome(line, day);
      }
    }
    const earliest = this.earliestDay(need, line.quantity, Math.max(untilDay + 1, this.todayDay));
    return {
      lineId: line.id,
      outcome: 'waitlisted',
      earliestDate: earliest === null ? null : fromDayNumber(earliest),
      allocated: 0,
    };
  }

  private confirmedOutcome(line: MatchingOrderLine, day: number): LineOutcome {
    return {
      lineId: line.id,
      outcome: 'confirmed',
      date: fromDayNumber(day),
      batchIds: this.batchIdsOf(line.id),
      allocated: this.heldTotal(line.id),
    };
  }

  private needOf(
    line: Pick<MatchingOrderLine, 'id' | 'crop' | 'cultivar' | 'cells' | 'grafted' | 'seedOwner'>,
  ): Need {
    const crop = this.state.catalogue[line.crop];
    const parts: MatchKeyParts = {
      crop: line.crop,
      cultivar: line.cultivar,
      cells: line.cells ?? crop.traysDefault,
      grafted: line.grafted,
      seedOwner: line.seedOwner,
    };
    return {
      lineId: line.id,
      crop,
      parts,
      key: line.cultivar === null ? anyCultivarKey(parts) : exactKey(parts),
    };
  }

  /** Serves `quantity` for `day` and keeps it, or changes nothing. */
  private attempt(need: Need, quantity: number, day: number): boolean {
    this.undoSteps = [];
    const served = this.tryServe(need, quantity, day);
    if (served) {
      this.undoSteps = [];
      this.version += 1;
    } else {
      this.rollback();
    }
    return served;
  }

  private dryRun(need: Need, quantity: number, day: number): boolean {
    this.undoSteps = [];
    const served = this.tryServe(need, quantity, day);
    this.rollback();
    return served;
  }

  private rollback(): void {
    for (let step = this.undoSteps.length - 1; step >= 0; step -= 1) {
      this.undoSteps[step]?.();
    }
    this.undoSteps = [];
  }

  /** Earliest day from `fromDay` within the horizon on which `quantity` could be served, or null. */
  private earliestDay(need: Need, quantity: number, fromDay: number): number | null {
    const cacheKey = `${need.key}|${fromDay}`;
    const known = this.noDateCache.get(cacheKey);
    if (known && known.version === this.version && quantity >= known.quantity) {
      return null;
    }
    for (let day = fromDay; day <= this.lastPlannableDay; day += 1) {
      if (this.dryRun(need, quantity, day)) {
        return day;
      }
    }
    this.noDateCache.set(cacheKey, { version: this.version, quantity });
    return null;
  }

  private tryServe(need: Need, quantity: number, day: number): boolean {
    let remaining = quantity;
    for (const slot of this.index.covering(need.key, day)) {
      remaining -= this.take(need.lineId, slot, Math.min(slot.free, remaining));
      if (remaining === 0) {
        return true;
      }
    }
    return this.planSowings(need, remaining, day) === 0;
  }

  /** Reserves seedlings of a slot for a line (undoable); returns the quantity taken. */
  private take(lineId: string, slot: BatchSlot, quantity: number): number {
    if (quantity <= 0) {
      return 0;
    }
    const batchId = slot.batch.id;
    slot.free -= quantity;
    const perLine = this.held.get(lineId) ?? new Map<string, number>();
    this.held.set(lineId, perLine);
    perLine.set(batchId, (perLine.get(batchId) ?? 0) + quantity);
    this.undoSteps.push(() => {
      slot.free += quantity;
      const left = (perLine.get(batchId) ?? 0) - quantity;
      if (left > 0) {
        perLine.set(batchId, left);
      } else {
        perLine.delete(batchId);
      }
    });
    return quantity;
  }

  private releaseAll(lineId: string): void {
    const perLine = this.held.get(lineId);
    for (const [batchId, quantity] of perLine ?? []) {
      const slot = this.slots.get(batchId);
      if (slot) {
        slot.free += quantity;
      }
    }
    perLine?.clear();
  }

  /**
   * Sowing days whose ready window covers `day`: ready on `day − k` for k = 0..holdDays, each with the
   * seedling age of its own sowing season (planning.ts boundary rule). Latest sowing first: fresher
   * seedlings and less bench time; earlier days are how one line spreads over several sowing days.
   */
  private sowCandidates(need: Need, day: number): SowCandidate[] {
    const candidates: SowCandidate[] = [];
    for (let lead = 0; lead <= this.state.settings.holdDays; lead += 1) {
      const readyFromDay = day - lead;
      for (const season of SEASONS) {
        const age = seedlingAgeDays(need.crop, season, need.parts.grafted);
        const sowDay = age === null ? -Infinity : readyFromDay - age;
        if (sowDay >= this.todayDay && seasonOfDay(sowDay) === season) {
          candidates.push({ sowDay, readyFromDay });
        }
      }
    }
    return candidates.sort((left, right) => right.sowDay - left.sowDay);
  }

  /** Plans new sowings for `remaining` seedlings on `day`; returns what could not be planned. */
  private planSowings(need: Need, remaining: number, day: number): number {
    if (day > this.lastPlannableDay || (need.parts.grafted && need.crop.graftExtraDays === null)) {
      return remaining;
    }
    const germinationDays = germinationRoomDays(need.crop);
    for (const candidate of this.sowCandidates(need, day)) {
      const lastBenchDay = candidate.readyFromDay + this.state.settings.holdDays;
      for (const zone of this.calendar.zones) {
        const freeTrays = this.calendar.freeTrays({
          zone,
          sowDay: candidate.sowDay,
          germinationDays,
          lastBenchDay,
        });
        const lotKey = `${exactKey(need.parts)}|${candidate.sowDay}|${zone}`;
        const lot = this.lots.get(lotKey);
        remaining -= lot
          ? this.extendLot(need.lineId, lot, remaining, freeTrays)
          : this.newLot(need, lotKey, zone, candidate, germinationDays, remaining, freeTrays);
        if (remaining === 0) {
          return 0;
        }
      }
    }
    return remaining;
  }

  private newLot(
    need: Need,
    lotKey: string,
    zone: string,
    candidate: SowCandidate,
    germinationDays: number,
    wanted: number,
    freeTrays: number,
  ): number {
    const { refillTrays, holdDays } = this.state.settings;
    const emergePct = emergeFractionFor(need.crop, seasonOfDay(candidate.sowDay));
    const saleablePct = need.crop.saleablePct;
    const cells = need.parts.cells;
    const seedTrays = Math.min(
      Math.ceil(cellsNeededFor(wanted, emergePct, saleablePct) / cells),
      freeTrays - refillTrays,
    );
    if (seedTrays <= 0) {
      return 0;
    }
    // Refill trays are insurance for 补苗 (§3.2), so they are sown and occupy space but are not promised.
    const forecast = expectedSaleableFromCells(seedTrays * cells, emergePct, saleablePct);
    const count = (this.lotCounters.get(need.lineId) ?? 0) + 1;
    this.lotCounters.set(need.lineId, count);
    const sowDate = fromDayNumber(candidate.sowDay);
    const slot: BatchSlot = {
      batch: {
        id: `plan-${need.lineId}-${count}`,
        ...need.parts,
        zone,
        sowDate,
        trays: seedTrays + refillTrays,
        readyFrom: fromDayNumber(candidate.readyFromDay),
        readyUntil: fromDayNumber(candidate.readyFromDay + holdDays),
        forecastSaleable: forecast,
        status: 'planned',
      },
      readyFromDay: candidate.readyFromDay,
      readyUntilDay: candidate.readyFromDay + holdDays,
      forecast,
      free: forecast,
    };
    const lot: PlannedLot = {
      id: slot.batch.id,
      parts: need.parts,
      zone,
      sowDay: candidate.sowDay,
      germinationDays,
      emergePct,
      saleablePct,
      refillTrays,
      slot,
      seedTrays,
    };
    const stay = { zone, sowDay: candidate.sowDay, germinationDays, lastBenchDay: slot.readyUntilDay };
    this.calendar.add({ ...stay, trays: seedTrays + refillTrays });
    this.index.add(slot);
    this.lots.set(lotKey, lot);
    this.lotsInOrder.push(lot);
    this.slots.set(lot.id, slot);
    this.undoSteps.push(() => {
      this.calendar.add({ ...stay, trays: -(seedTrays + refillTrays) });
      this.index.remove(slot);
      this.lots.delete(lotKey);
      this.lotsInOrder.pop();
      this.slots.delete(lot.id);
      this.lotCounters.set(need.lineId, count - 1);
    });
    return this.take(need.lineId, slot, Math.min(forecast, wanted));
  }

  private extendLot(lineId: string, lot: PlannedLot, wanted: number, freeTrays: number): number {
    const slot = lot.slot;
    const cells = lot.parts.cells;
    const target = slot.forecast - slot.free + wanted;
    const extraTrays = Math.min(
      Math.ceil(cellsNeededFor(target, lot.emergePct, lot.saleablePct) / cells) - lot.seedTrays,
      freeTrays,
    );
    if (extraTrays <= 0) {
      return 0;
    }
    const forecast = expectedSaleableFromCells(
      (lot.seedTrays + extraTrays) * cells,
      lot.emergePct,
      lot.saleablePct,
    );
    const gain = forecast - slot.forecast;
    const stay = {
      zone: lot.zone,
      sowDay: lot.sowDay,
      germinationDays: lot.germinationDays,
      lastBenchDay: slot.readyUntilDay,
    };
    lot.seedTrays += extraTrays;
    slot.forecast += gain;
    slot.free += gain;
    this.calendar.add({ ...stay, trays: extraTrays });
    this.undoSteps.push(() => {
      lot.seedTrays -= extraTrays;
      slot.forecast -= gain;
      slot.free -= gain;
      this.calendar.add({ ...stay, trays: -extraTrays });
    });
    return this.take(lineId, slot, Math.min(slot.free, wanted));
  }

  private heldTotal(lineId: string): number {
    let total = 0;
    for (const quantity of this.held.get(lineId)?.values() ?? []) {
      total += quantity;
    }
    return total;
  }

  private batchIdsOf(lineId: string): string[] {
    return [...(this.held.get(lineId)?.keys() ?? [])];
  }

  private allocationsOut(dates: ReadonlyMap<string, number>): Allocation[] {
    const allocations: Allocation[] = [];
    for (const line of this.lines) {
      const day = dates.get(line.id);
      for (const [batchId, quantity] of this.held.get(line.id) ?? []) {
        if (day !== undefined && quantity > 0) {
          allocations.push({ lineId: line.id, batchId, quantity, date: fromDayNumber(day) });
        }
      }
    }
    return allocations;
  }

  private plannedOut(): PlannedBatch[] {
    return this.lotsInOrder.map((lot) => ({
      ...lot.slot.batch,
      status: 'planned',
      trays: lot.seedTrays + lot.refillTrays,
      cellsSown: (lot.seedTrays + lot.refillTrays) * lot.parts.cells,
      refillTrays: lot.refillTrays,
      forecastSaleable: lot.slot.forecast,
    }));
  }
}

/** Matches order lines to batches and plans sowings; see the rules at the top of this file. */
export function matchOrders(state: MatchingState): MatchResult {
  return new MatchingEngine(state).run();
}

/**
 * Re-matching after a cancellation, a changed count or a new forecast is the same pure function over
 * the current state: confirmed lines keep their dates, shortfalls are cut by policy, freed seedlings
 * serve the waitlist in arrival order.
 */
export function rematch(state: MatchingState): MatchResult {
  return matchOrders(state);
}

/** Could an order placed now be confirmed for the query's date? Else the earliest date that works. */
export function availability(query: AvailabilityQuery, state: MatchingState): Availability {
  const engine = new MatchingEngine(state);
  engine.run();
  return engine.availability(query);
}
