/**
 * Batches indexed by match key and sorted by ready date, so a line looks only at batches of its own
 * crop/cultivar/tray/graft/seed-owner whose ready window can cover its date (docs/domain.md §3.4).
 */
import type { CropKey } from './crops.js';
import type { MatchingBatch, SeedOwner } from './matching-types.js';

/** A batch as the engine tracks it: day numbers and the seedlings not yet reserved. */
export interface BatchSlot {
  readonly batch: MatchingBatch;
  readonly readyFromDay: number;
  readonly readyUntilDay: number;
  forecast: number;
  free: number;
}

export interface MatchKeyParts {
  readonly crop: CropKey;
  readonly cultivar: string | null;
  readonly cells: number;
  readonly grafted: boolean;
  readonly seedOwner: SeedOwner;
}

/** Key of batches a line naming a cultivar can use (a batch without cultivar only matches lines without). */
export function exactKey(parts: MatchKeyParts): string {
  return `${parts.crop}|${parts.cultivar ?? ''}|${parts.cells}|${parts.grafted ? 1 : 0}|${parts.seedOwner}`;
}

/** Key of batches a line WITHOUT a cultivar can use: every cultivar of the crop. */
export function anyCultivarKey(parts: MatchKeyParts): string {
  return `${parts.crop}|*|${parts.cells}|${parts.grafted ? 1 : 0}|${parts.seedOwner}`;
}

interface SortedList {
  readonly slots: BatchSlot[];
  /** Longest ready window in the list, to bound the backward scan. */
  maxSpan: number;
}

export class BatchIndex {
  private readonly lists = new Map<string, SortedList>();

  add(slot: BatchSlot): void {
    this.insert(exactKey(slot.batch), slot);
    this.insert(anyCultivarKey(slot.batch), slot);
  }

  /** Slots under `key` whose ready window covers `day` and that have free seedlings, first to over-age first. */
  covering(key: string, day: number): BatchSlot[] {
    const list = this.lists.get(key);
    if (!list) {
      return [];
    }
    const found: BatchSlot[] = [];
    for (let index = this.upperBound(list.slots, day) - 1; index >= 0; index -= 1) {
      const slot = list.slots[index];
      if (!slot || slot.readyFromDay < day - list.maxSpan) {
        break;
      }
      if (slot.readyUntilDay >= day && slot.free > 0) {
        found.push(slot);
      }
    }
    // First-expiring first: the batch nearest to over-aging (§2.5 老化苗) is sold before fresher ones.
    return found.sort(
      (left, right) => left.readyUntilDay - right.readyUntilDay || (left.batch.id < right.batch.id ? -1 : 1),
    );
  }

  /** Removes a slot (undo of a tentative planned sowing). */
  remove(slot: BatchSlot): void {
    for (const key of [exactKey(slot.batch), anyCultivarKey(slot.batch)]) {
      const slots = this.lists.get(key)?.slots;
      const position = slots?.indexOf(slot) ?? -1;
      if (slots && position >= 0) {
        slots.splice(position, 1);
      }
    }
  }

  private insert(key: string, slot: BatchSlot): void {
    let list = this.lists.get(key);
    if (!list) {
      list = { slots: [], maxSpan: 0 };
      this.lists.set(key, list);
    }
    list.slots.splice(this.upperBound(list.slots, slot.readyFromDay), 0, slot);
    list.maxSpan = Math.max(list.maxSpan, slot.readyUntilDay - slot.readyFromDay);
  }

  /** First index whose readyFromDay is after `day`. */
  private upperBound(slots: readonly BatchSlot[], day: number): number {
    let low = 0;
    let high = slots.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((slots[middle]?.readyFromDay ?? 0) <= day) {
        low = middle + 1;
      } else {
        high = middle;
      }
    }
    return low;
  }
}
