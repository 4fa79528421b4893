import type { OrderLineRequest } from '#contracts';
import { parseHouseholds } from './households.ts';

/** One line of the order form as typed. */
export interface LineDraft {
  key: number;
  crop: string;
  /** The variety (品种) asked for, by its name; '' = any variety of the crop. */
  cultivar: string;
  /** Cells per tray; '' = the crop's default. */
  cells: string;
  quantity: string;
  date: string;
  grafted: boolean;
  ownSeed: boolean;
  /** Households pasted one a line ("name number"); '' = not a village order. */
  households: string;
  /** The buyer chose to wait for their own date when it cannot be met now. */
  wait: boolean;
}

let nextKey = 1;

export function newLine(crop: string, date: string, cultivar = ''): LineDraft {
  return {
    key: nextKey++,
    crop,
    cultivar,
    cells: '',
    quantity: '',
    date,
    grafted: false,
    ownSeed: false,
    households: '',
    wait: false,
  };
}

export type Problem = 'quantityRange' | 'datePast' | 'householdLines' | 'householdsOver';

/** What is wrong with a line before anything is sent (the api refuses the same). */
export function lineProblems(
  draft: LineDraft,
  limits: { min: number; max: number; today: string },
): Problem[] {
  const problems: Problem[] = [];
  const quantity = quantityOf(draft);
  if (quantity === null || quantity < limits.min || quantity > limits.max) problems.push('quantityRange');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(draft.date) || draft.date < limits.today) problems.push('datePast');
  const parsed = parseHouseholds(draft.households);
  if (parsed.errors.length > 0) problems.push('householdLines');
  if (quantity !== null && parsed.total > quantity) problems.push('householdsOver');
  return problems;
}

/** The typed quantity, or the households' total when the quantity is left empty. */
export function quantityOf(draft: LineDraft): number | null {
  const text = draft.quantity.trim();
  if (text === '') {
    const total = parseHouseholds(draft.households).total;
    return total > 0 ? total : null;
  }
  return /^\d+$/.test(text) ? Number(text) : null;
}

export function toRequest(draft: LineDraft): OrderLineRequest {
  const line: OrderLineRequest = {
    crop: draft.crop,
    quantity: quantityOf(draft) ?? 0,
    wantedDate: draft.date,
  };
  if (draft.cultivar) line.cultivar = draft.cultivar;
  if (draft.cells) line.cells = Number(draft.cells);
  if (draft.grafted) line.grafted = true;
  if (draft.ownSeed) line.ownSeed = true;
  const households = parseHouseholds(draft.households).households;
  if (households.length > 0) line.households = households;
  return line;
}
