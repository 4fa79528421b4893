/**
 * The states of an order line. Matching moves lines between the first three; orders, deliveries and
 * lapses move them on. Both rooms need the names, so they live with matching, which orders depends on.
 */
export const LINE_STATUSES = [
  'waitlisted',
  'confirmed',
  'short',
  'in_production',
  'ready',
  'partly_delivered',
  'delivered',
  'cancelled',
  'lapsed',
] as const;
export type LineStatus = (typeof LINE_STATUSES)[number];

/** Stored line status: `in_production` and `ready` are derived on read from a confirmed line's batches. */
export type StoredLineStatus = Exclude<LineStatus, 'in_production' | 'ready'>;

export interface ShortAlternativeJson {
  partialQuantity: number;
  partialDate: string;
  nextDate: string | null;
}
