import { isNightHour } from '#contracts';

/** Local calendar parts of an instant in the nursery's time zone (Asia/Shanghai by default). */
export interface LocalParts {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

export function localParts(ts: number, timeZone: string): LocalParts {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, formatter);
  }
  const parts = Object.fromEntries(formatter.formatToParts(new Date(ts)).map((p) => [p.type, p.value]));
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
  };
}

/** Offset of the zone from UTC at `ts`, in ms. */
function offsetMs(ts: number, timeZone: string): number {
  const p = localParts(ts, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute);
  return asUtc - Math.floor(ts / 60_000) * 60_000;
}

/** The instant of local HH:MM on the local day of `ts`. */
export function localTimeOn(ts: number, hhmm: string, timeZone: string): number {
  const [hours, minutes] = hhmm.split(':').map(Number) as [number, number];
  const p = localParts(ts, timeZone);
  const guess = Date.UTC(p.year, p.month - 1, p.day, hours, minutes);
  return guess - offsetMs(guess, timeZone);
}

/**
 * Every occurrence of the daily local times in (after, until], oldest first. Used by the tick to
 * find what is due since a schedule last fired.
 */
export function occurrencesBetween(
  times: readonly string[],
  after: number,
  until: number,
  timeZone: string,
): number[] {
  const result: number[] = [];
  const DAY = 86_400_000;
  for (let day = after - DAY; day <= until + DAY; day += DAY) {
    for (const time of times) {
      const at = localTimeOn(day, time, timeZone);
      if (at > after && at <= until) result.push(at);
    }
  }
  return [...new Set(result)].sort((a, b) => a - b);
}

/** §2.5 footer: night by a fixed schedule (18:00–06:00) when no light sensor decides. */
export function isNight(ts: number, timeZone: string): boolean {
  return isNightHour(localParts(ts, timeZone).hour);
}

export function isWinter(ts: number, timeZone: string): boolean {
  const { month } = localParts(ts, timeZone);
  return month >= 11 || month <= 3;
}

/** 16:00–10:00 in October–April: when a failed heater is critical (§2.5 heater failure). */
export function heatingCriticalWindow(ts: number, timeZone: string): boolean {
  const { month, hour } = localParts(ts, timeZone);
  return (month >= 10 || month <= 4) && (hour >= 16 || hour < 10);
}
