/**
 * The order–batch matching engine (docs/domain.md §3.4): a pure function of a `MatchingState`.
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
import { type CropProfile, SEASONS, germinationRoomDays } from './crops.js';
import { plannedFractions } from './loss-history.js';
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
  /** Key of the lots this need would sow (its own cultivar, or none). */
  readonly lotKey: string;
  readonly family: string;
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

interface EarliestAnswer {
  readonly key: string;
  readonly quantity: number;
  readonly fromDay: number;
  readonly day: number | null;
}

/** At most this many answers are kept per family; older ones are dropped. */
const ANSWERS_PER_FAMILY = 64;

function familyOf(parts: MatchKeyParts): string {
  return `${parts.crop}|${parts.cells}|${parts.grafted ? 1 : 0}|${parts.seedOwner}`;
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
  /** Lots planned in this run: lot key → (sow day, house) → lot. */
  private readonly lots = new Map<string, Map<number, PlannedLot>>();
  private readonly candidateCache = new Map<string, readonly SowCandidate[]>();
  /** Ready windows of lots created or extended by the open change, to expire earliest-date answers. */
  private touchedWindows: { family: string; fromDay: number; untilDay: number }[] = [];
  private readonly lotsInOrder: PlannedLot[] = [];
  private readonly lotCounters = new Map<string, number>();
  private readonly todayDay: number;
  private readonly lastPlannableDay: number;
  private readonly lines: readonly MatchingOrderLine[];
  /** Undo steps of the open tentative change; a dry run or a failed line rolls them back. */
  private undoSteps: (() => void)[] = [];
  /**
   * Earliest-date answers per family (crop, tray, graft, seed owner: what shares stock and planned lots).
   * Within a run, commits only use up stock and shared bench and germination-room space, so an answer
   * stays a valid lower bound for the same key, a larger quantity and a later start. Two things break
   * that and expire answers: a planned lot of the same family created or enlarged inside the searched
   * days (spare seedlings, room to extend without refill trays), and a released reservation.
   */
  private readonly earliestAnswers = new Map<string, EarliestAnswer[]>();

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
    const firstHopeful = this.lowerBound(need, line.quantity, fromDay) ?? Infinity;
    for (let day = firstHopeful; day <= untilDay; day += 1) {
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
      lotKey: exactKey(parts),
      family: familyOf(parts),
    };
  }

  /** Serves `quantity` for `day` and keeps it, or changes nothing. */
  private attempt(need: Need, quantity: number, day: number): boolean {
    this.undoSteps = [];
    this.touchedWindows = [];
    const served = this.tryServe(need, quantity, day);
    if (served) {
      this.undoSteps = [];
      this.expireAnswers();
    } else {
      this.rollback();
    }
    return served;
  }

  /**
   * New or larger planned lots may leave spare seedlings, and a lot can be extended without new refill
   * trays: answers of that family whose searched days overlap a touched ready window no longer hold.
   */
  private expireAnswers(): void {
    for (const window of this.touchedWindows) {
      const answers = this.earliestAnswers.get(window.family);
      if (answers) {
        this.earliestAnswers.set(
          window.family,
          answers.filter(
            (answer) => window.untilDay < answer.fromDay || window.fromDay >= (answer.day ?? Infinity),
          ),
        );
      }
    }
    this.touchedWindows = [];
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

  /**
   * What earlier answers prove about `quantity` from `fromDay`: the first day worth trying, or null when
   * no day within the horizon can work (earliest dates grow with the quantity and the start day).
   */
  private lowerBound(need: Need, quantity: number, fromDay: number): number | null {
    let start = fromDay;
    for (const answer of this.earliestAnswers.get(need.family) ?? []) {
      if (answer.key === need.key && answer.quantity <= quantity && answer.fromDay <= fromDay) {
        if (answer.day === null) {
          return null;
        }
        start = Math.max(start, answer.day);
      }
    }
    return start;
  }

  /** Earliest day from `fromDay` within the horizon on which `quantity` could be served, or null. */
  private earliestDay(need: Need, quantity: number, fromDay: number): number | null {
    const start = this.lowerBound(need, quantity, fromDay);
    let found: number | null = null;
    for (let day = start ?? Infinity; day <= this.lastPlannableDay; day += 1) {
      if (this.dryRun(need, quantity, day)) {
        found = day;
        break;
      }
    }
    const family = need.family;
    const answers = this.earliestAnswers.get(family) ?? [];
    answers.push({ key: need.key, quantity, fromDay, day: found });
    if (answers.length > ANSWERS_PER_FAMILY) {
      answers.shift();
    }
    this.earliestAnswers.set(family, answers);
    return found;
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
    if (perLine && perLine.size > 0) {
      this.earliestAnswers.clear();
    }
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
  private sowCandidates(need: Need, day: number): readonly SowCandidate[] {
    const cacheKey = `${need.parts.crop}|${need.parts.grafted ? 1 : 0}|${day}`;
    const cached = this.candidateCache.get(cacheKey);
    if (cached) {
      return cached;
    }
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
    candidates.sort((left, right) => right.sowDay - left.sowDay);
    this.candidateCache.set(cacheKey, candidates);
    return candidates;
  }

  /** Plans new sowings for `remaining` seedlings on `day`; returns what could not be planned. */
  private planSowings(need: Need, remaining: number, day: number): number {
    if (day > this.lastPlannableDay || (need.parts.grafted && need.crop.graftExtraDays === null)) {
      return remaining;
    }
    const germinationDays = germinationRoomDays(need.crop);
    const zones = this.calendar.zones;
    for (const candidate of this.sowCandidates(need, day)) {
      const lastBenchDay = candidate.readyFromDay + this.state.settings.holdDays;
      for (let zoneIndex = 0; zoneIndex < zones.length; zoneIndex += 1) {
        const zone = zones[zoneIndex] ?? '';
        const freeTrays = this.calendar.freeTrays({
          zone,
          sowDay: candidate.sowDay,
          germinationDays,
          lastBenchDay,
        });
        if (freeTrays <= 0) {
          continue;
        }
        const place = candidate.sowDay * 64 + zoneIndex;
        const lot = this.lots.get(need.lotKey)?.get(place);
        remaining -= lot
          ? this.extendLot(need, lot, remaining, freeTrays)
          : this.newLot(need, place, zone, candidate, germinationDays, remaining, freeTrays);
        if (remaining === 0) {
          return 0;
        }
      }
    }
    return remaining;
  }

  private newLot(
    need: Need,
    place: number,
    zone: string,
    candidate: SowCandidate,
    germinationDays: number,
    wanted: number,
    freeTrays: number,
  ): number {
    const { refillTrays, holdDays } = this.state.settings;
    // The catalogue's fractions, or the crop's own finished batches' loss once they are enough.
    const { emergePct, saleablePct } = plannedFractions(
      need.crop,
      seasonOfDay(candidate.sowDay),
      this.state.planningLoss,
    );
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
    const lotsOfKey = this.lots.get(need.lotKey) ?? new Map<number, PlannedLot>();
    this.lots.set(need.lotKey, lotsOfKey);
    lotsOfKey.set(place, lot);
    this.lotsInOrder.push(lot);
    this.slots.set(lot.id, slot);
    this.touchedWindows.push({
      family: need.family,
      fromDay: slot.readyFromDay,
      untilDay: slot.readyUntilDay,
    });
    this.undoSteps.push(() => {
      this.calendar.add({ ...stay, trays: -(seedTrays + refillTrays) });
      this.index.remove(slot);
      lotsOfKey.delete(place);
      this.lotsInOrder.pop();
      this.slots.delete(lot.id);
      this.lotCounters.set(need.lineId, count - 1);
    });
    return this.take(need.lineId, slot, Math.min(forecast, wanted));
  }

  private extendLot(need: Need, lot: PlannedLot, wanted: number, freeTrays: number): number {
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
    this.touchedWindows.push({
      family: need.family,
      fromDay: slot.readyFromDay,
      untilDay: slot.readyUntilDay,
    });
    return this.take(need.lineId, slot, Math.min(slot.free, wanted));
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
      emergePct: lot.emergePct,
      saleablePct: lot.saleablePct,
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

/** Several availability questions over one matching run (the buyer's catalogue asks one per crop). */
export function availabilityMany(
  queries: readonly AvailabilityQuery[],
  state: MatchingState,
): Availability[] {
  const engine = new MatchingEngine(state);
  engine.run();
  return queries.map((query) => engine.availability(query));
}

/**
 * What placing `lines` now would do, nothing reserved: the lines join the state after every line
 * already placed (they would arrive last) and the whole state is matched, so the answer is the
 * placement's own, lines of one order competing for the same stock as they would.
 */
export function dryRunOrder(
  lines: readonly Omit<MatchingOrderLine, 'placedAt' | 'status' | 'confirmedDate'>[],
  state: MatchingState,
): LineOutcome[] {
  // A placed order's lines are stored waitlisted, then matched (orders.service place()).
  const added = lines.map((line): MatchingOrderLine => ({
    ...line,
    placedAt: '9999-12-31T00:00:00.000Z',
    status: 'waitlisted',
    confirmedDate: null,
  }));
  const result = matchOrders({ ...state, lines: [...state.lines, ...added] });
  const outcomes = new Map(result.outcomes.map((outcome) => [outcome.lineId, outcome]));
  return added.map(
    (line): LineOutcome =>
      outcomes.get(line.id) ?? { lineId: line.id, outcome: 'waitlisted', earliestDate: null, allocated: 0 },
  );
}
