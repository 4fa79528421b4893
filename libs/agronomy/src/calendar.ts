/**
 * Calendar dates as 'YYYY-MM-DD' strings. Arithmetic runs on whole days since 1970-01-01 in UTC, so a
 * server in UTC+8 and a test runner in UTC agree: a sowing date is a date, never an instant.
 */
import type { Season } from './crops.js';

/** A calendar date 'YYYY-MM-DD' (no time, no zone). */
export type IsoDate = string;

const MILLISECONDS_PER_DAY = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whole days since 1970-01-01 for a calendar date; throws on anything that is not a real date. */
export function toDayNumber(date: IsoDate): number {
  const match = ISO_DATE.exec(date);
  if (!match) {
    throw new Error(`Not a calendar date (YYYY-MM-DD): "${date}"`);
  }
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const milliseconds = Date.UTC(year, month - 1, day);
  const check = new Date(milliseconds);
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) {
    throw new Error(`Not a calendar date (YYYY-MM-DD): "${date}"`);
  }
  return milliseconds / MILLISECONDS_PER_DAY;
}

export function fromDayNumber(dayNumber: number): IsoDate {
  return new Date(dayNumber * MILLISECONDS_PER_DAY).toISOString().slice(0, 10);
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return fromDayNumber(toDayNumber(date) + days);
}

/** Days from `from` to `to` (positive when `to` is later). */
export function diffDays(from: IsoDate, to: IsoDate): number {
  return toDayNumber(to) - toDayNumber(from);
}

/** -1, 0 or 1, for sorting. */
export function compareDates(left: IsoDate, right: IsoDate): number {
  return Math.sign(toDayNumber(left) - toDayNumber(right));
}

/**
 * Month 1–12 of a day number, by integer arithmetic (H. Hinnant's civil-from-days): the matching engine
 * asks for seasons millions of times, and a Date object per call dominated its profile.
 */
export function monthOfDay(dayNumber: number): number {
  const shifted = dayNumber + 719_468;
  const era = Math.floor(shifted / 146_097);
  const dayOfEra = shifted - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1_460) +
      Math.floor(dayOfEra / 36_524) -
      Math.floor(dayOfEra / 146_096)) /
      365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const monthFromMarch = Math.floor((5 * dayOfYear + 2) / 153);
  return monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9;
}

/**
 * Season by SOWING month. The order issue overrides §1.4 here: winter = Nov–Jan, spring = Feb–Apr,
 * summer = May–Oct (§1.4 stops summer at Aug; Sep–Oct sowings are treated as summer/autumn ones).
 */
export function seasonOfMonth(month: number): Season {
  if (month === 11 || month === 12 || month === 1) {
    return 'winter';
  }
  return month >= 2 && month <= 4 ? 'spring' : 'summer';
}

export function seasonOfDay(dayNumber: number): Season {
  return seasonOfMonth(monthOfDay(dayNumber));
}

export function seasonOf(date: IsoDate): Season {
  return seasonOfDay(toDayNumber(date));
}
