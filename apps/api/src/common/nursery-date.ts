import type { IsoDate } from '#agronomy';

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The calendar date at the nursery (its time zone, not the server's) for an instant in ms. */
export function nurseryDate(ms: number, timeZone: string): IsoDate {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter.format(ms);
}
