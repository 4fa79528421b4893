/**
 * Shortfall policy (docs/domain.md §3.4, "expert to decide"): when a batch's forecast drops below what
 * is reserved on it, decide which lines lose seedlings.
 */
import type { ShortfallPolicy } from './matching-types.js';

export interface Reservation {
  readonly lineId: string;
  /** Position in arrival order (lower = placed earlier). */
  readonly arrivalRank: number;
  readonly quantity: number;
}

/**
 * New reserved quantities (same order as given) whose sum is at most `forecast`.
 * fifo: the latest-placed lines lose first, so an earlier line never loses while a later one keeps any.
 * pro_rata: everyone keeps floor(quantity × forecast / reserved); seedlings left by rounding go one each
 * to the earliest-placed lines, so an earlier line is never worse off than a later identical one.
 */
export function applyShortfall(
  reservations: readonly Reservation[],
  forecast: number,
  policy: ShortfallPolicy,
): number[] {
  const reserved = reservations.reduce((sum, reservation) => sum + reservation.quantity, 0);
  const kept = reservations.map((reservation) => reservation.quantity);
  if (reserved <= forecast) {
    return kept;
  }
  const available = Math.max(0, forecast);
  const byArrival = reservations
    .map((_, index) => index)
    .sort((left, right) => {
      return (reservations[left]?.arrivalRank ?? 0) - (reservations[right]?.arrivalRank ?? 0);
    });
  if (policy === 'fifo') {
    let excess = reserved - available;
    for (let position = byArrival.length - 1; position >= 0 && excess > 0; position -= 1) {
      const index = byArrival[position] ?? 0;
      const cut = Math.min(kept[index] ?? 0, excess);
      kept[index] = (kept[index] ?? 0) - cut;
      excess -= cut;
    }
    return kept;
  }
  let left = available;
  for (let index = 0; index < kept.length; index += 1) {
    kept[index] = Math.floor(((reservations[index]?.quantity ?? 0) * available) / reserved);
    left -= kept[index] ?? 0;
  }
  for (const index of byArrival) {
    if (left <= 0) {
      break;
    }
    if ((kept[index] ?? 0) < (reservations[index]?.quantity ?? 0)) {
      kept[index] = (kept[index] ?? 0) + 1;
      left -= 1;
    }
  }
  return kept;
}
