/**
 * Tray occupancy per day: one shared germination room and one bench area per greenhouse zone
 * (docs/domain.md §3.2 constraints, §3.6 capacity). Day-indexed typed arrays keep a capacity check
 * at O(seedling age) instead of a scan over every batch.
 */
import type { NurseryCapacity } from './matching-types.js';

/** Where a batch sits over time: germination room from sowing, then its zone's benches until it leaves. */
export interface TrayStay {
  readonly zone: string;
  readonly sowDay: number;
  /** Days in the germination room (crop's `emerge_days` middle). */
  readonly germinationDays: number;
  /** Last day on the bench (ready-until day), inclusive. */
  readonly lastBenchDay: number;
  readonly trays: number;
}

export class CapacityCalendar {
  private readonly germinationRoom: Int32Array;
  private readonly benches = new Map<string, { readonly capacity: number; readonly used: Int32Array }>();
  private readonly germinationRoomCapacity: number;
  private readonly zoneNames: readonly string[];
  /**
   * `freeTrays` answers for the current occupancy. Searching the earliest date asks about the same
   * sowing days again and again (day d + 1 with lead k + 1 is day d with lead k), so this saves most scans.
   */
  private readonly freeCache = new Map<number, number>();

  /** Covers days `firstDay` .. `firstDay + length - 1`; stays outside the span are clipped. */
  constructor(
    readonly firstDay: number,
    readonly length: number,
    capacity: NurseryCapacity,
  ) {
    this.germinationRoom = new Int32Array(length);
    this.germinationRoomCapacity = capacity.germinationRoomTrays;
    for (const zone of capacity.zones) {
      this.benches.set(zone.zone, { capacity: zone.benchTrays, used: new Int32Array(length) });
    }
    this.zoneNames = [...this.benches.keys()];
  }

  get zones(): readonly string[] {
    return this.zoneNames;
  }

  /** Adds (or with negative trays removes) a stay. Unknown zones only count in the germination room. */
  add(stay: TrayStay): void {
    if (stay.trays === 0) {
      return;
    }
    this.freeCache.clear();
    const benchStart = stay.sowDay + stay.germinationDays;
    this.addRange(this.germinationRoom, stay.sowDay, benchStart - 1, stay.trays);
    const bench = this.benches.get(stay.zone);
    if (bench) {
      this.addRange(bench.used, benchStart, stay.lastBenchDay, stay.trays);
    }
  }

  /** Largest tray count a new stay could have without exceeding either capacity on any day. */
  freeTrays(stay: Omit<TrayStay, 'trays'>): number {
    const cacheKey =
      ((stay.sowDay - this.firstDay) * 1_024 + (stay.lastBenchDay - stay.sowDay)) * 64 * 64 +
      stay.germinationDays * 64 +
      this.zoneNames.indexOf(stay.zone);
    const cached = this.freeCache.get(cacheKey);
    if (cached !== undefined) {
      return cached;
    }
    const free = this.computeFreeTrays(stay);
    this.freeCache.set(cacheKey, free);
    return free;
  }

  private computeFreeTrays(stay: Omit<TrayStay, 'trays'>): number {
    const bench = this.benches.get(stay.zone);
    const benchStart = stay.sowDay + stay.germinationDays;
    if (!bench || !this.inside(stay.sowDay) || !this.inside(stay.lastBenchDay)) {
      return 0;
    }
    let free = this.germinationRoomCapacity - this.maxUsed(this.germinationRoom, stay.sowDay, benchStart - 1);
    free = Math.min(free, bench.capacity - this.maxUsed(bench.used, benchStart, stay.lastBenchDay));
    return Math.max(0, free);
  }

  /** Trays used on a day in a zone, or in the germination room with `place` 'germination_room'. */
  usedOn(place: string, day: number): number {
    const used = place === 'germination_room' ? this.germinationRoom : this.benches.get(place)?.used;
    return used && this.inside(day) ? (used[day - this.firstDay] ?? 0) : 0;
  }

  private inside(day: number): boolean {
    return day >= this.firstDay && day < this.firstDay + this.length;
  }

  private addRange(used: Int32Array, fromDay: number, toDay: number, trays: number): void {
    const from = Math.max(fromDay - this.firstDay, 0);
    const to = Math.min(toDay - this.firstDay, this.length - 1);
    for (let index = from; index <= to; index += 1) {
      used[index] = (used[index] ?? 0) + trays;
    }
  }

  private maxUsed(used: Int32Array, fromDay: number, toDay: number): number {
    let max = 0;
    const to = toDay - this.firstDay;
    for (let index = fromDay - this.firstDay; index <= to; index += 1) {
      const value = used[index] ?? 0;
      if (value > max) {
        max = value;
      }
    }
    return max;
  }
}

/** A week of a place's occupancy: its fullest day, against what the place holds. */
export interface CapacityWeek {
  /** Index of the week's first day in the series (0, 7, 14 …). */
  readonly firstIndex: number;
  /** Trays held on the week's fullest day. */
  readonly trays: number;
  /** Of those, the trays of planned sowings (batches not yet sown) on that day. */
  readonly plannedTrays: number;
  /** `trays` as a whole percent of `capacity`; null where the capacity is not set (0). */
  readonly percent: number | null;
}

/**
 * Day-by-day occupancy rolled up into weeks from the series' first day, each week as its fullest
 * day: a house is full in a week when it is full on any day of it (a bench cannot hold the same
 * tray twice, and the week's first day alone misses a batch that arrives mid-week). A last week
 * shorter than seven days stands for the days it has.
 */
export function capacityWeeks(
  used: readonly number[],
  planned: readonly number[],
  capacity: number,
): CapacityWeek[] {
  const weeks: CapacityWeek[] = [];
  for (let first = 0; first < used.length; first += 7) {
    let peak = first;
    for (let index = first + 1; index < Math.min(first + 7, used.length); index += 1) {
      if ((used[index] ?? 0) > (used[peak] ?? 0)) peak = index;
    }
    const trays = used[peak] ?? 0;
    weeks.push({
      firstIndex: first,
      trays,
      plannedTrays: planned[peak] ?? 0,
      percent: capacity > 0 ? Math.round((trays * 100) / capacity) : null,
    });
  }
  return weeks;
}
