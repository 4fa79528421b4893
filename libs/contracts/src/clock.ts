/**
 * One definition of "now" shared by every process (api, simulator, tests). In simulated mode
 * time = start + (wall time - anchor) x speed, so separate processes and restarts agree on the
 * simulated instant without talking to each other.
 */
export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
  /** How many simulated milliseconds pass per wall millisecond (1 in real time). */
  readonly speed: number;
}

export interface SimulatedTime {
  readonly start: number;
  readonly anchor: number;
  readonly speed: number;
}

export const realClock: Clock = { now: () => Date.now(), speed: 1 };

export function simulatedNow(time: SimulatedTime, wallNow: number): number {
  return Math.round(time.start + (wallNow - time.anchor) * time.speed);
}

export function createClock(time: SimulatedTime | undefined, wall: () => number = Date.now): Clock {
  if (time === undefined) return { now: wall, speed: 1 };
  return { now: () => simulatedNow(time, wall()), speed: time.speed };
}

/** Wall milliseconds to wait for a simulated duration to pass. */
export function wallDelay(clock: Clock, simulatedMs: number): number {
  return Math.max(0, Math.round(simulatedMs / clock.speed));
}

/**
 * An instant as epoch milliseconds, from what the wire and the database hand over: a number, a
 * Date, or an ISO 8601 string. Anything else (or an unparsable string) is undefined.
 */
export function toMillis(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (value instanceof Date) {
    const ms = value.getTime();
    return Number.isNaN(ms) ? undefined : ms;
  }
  if (typeof value === 'string') {
    const ms = Date.parse(value);
    return Number.isNaN(ms) ? undefined : ms;
  }
  return undefined;
}

/**
 * Day and night by the nursery's clock when no light sensor decides: night from 18:00 to 06:00
 * (the alarm rules' fixed schedule, the interlocks' winter nights, the house cards' period).
 */
export function isNightHour(hour: number): boolean {
  return hour >= 18 || hour < 6;
}
