// The arithmetic of the climate passport over stored readings: what a house "was" at each instant
// (sample-and-hold), how long that was inside a band, the degree-days above a base temperature,
// and how often an on/off output ran. Pure: the passport service reads the rows and calls these.

/** One stored reading: its time (ms since the epoch) and value. */
export interface Sample {
  readonly ts: number;
  readonly value: number;
}

/** One sensor's readings of one metric, oldest first, and how long each one may stand for. */
export interface HeldSeries {
  readonly samples: readonly Sample[];
  /**
   * How long a reading holds until the next one: 3 × the device's reporting interval. A gap
   * longer than that is no data, not the last value stretched over it.
   */
  readonly holdMs: number;
}

/** A stretch of time with one value: the mean of the sensors holding one (null: none did). */
export interface HeldSpan {
  readonly from: number;
  readonly until: number;
  readonly value: number | null;
}

/** How many times a device reports, and how long a reading may stand for it (the passport's rule). */
export const HOLD_INTERVALS = 3;

/**
 * The house's value over [from, until): each reading holds from its time until the next reading of
 * the same sensor or `holdMs` later, whichever comes first; where several sensors hold a value,
 * the value is their mean; where none does, null (无数据). Samples before `from` count as far as
 * they hold into the window, so the caller reads from `from - holdMs`.
 */
export function heldSpans(series: readonly HeldSeries[], from: number, until: number): HeldSpan[] {
  if (until <= from) return [];
  // Each sensor's holds as changes: at `at`, sensor `index` starts holding `value` (null: stops).
  const changes: { at: number; index: number; value: number | null }[] = [];
  series.forEach(({ samples, holdMs }, index) => {
    for (let i = 0; i < samples.length; i += 1) {
      const start = samples[i].ts;
      const end = Math.min(i + 1 < samples.length ? samples[i + 1].ts : Infinity, start + holdMs);
      if (end <= from || start >= until) continue;
      changes.push({ at: Math.max(start, from), index, value: samples[i].value });
      if (end < until && (i + 1 >= samples.length || samples[i + 1].ts > end))
        changes.push({ at: end, index, value: null });
    }
  });
  // Stops sort before starts at the same instant, so a reading that begins as another ends wins.
  changes.sort((a, b) => a.at - b.at || Number(a.value !== null) - Number(b.value !== null));
  const current: (number | null)[] = series.map(() => null);
  let sum = 0;
  let holding = 0;
  const spans: HeldSpan[] = [];
  let at = from;
  const close = (to: number) => {
    if (to <= at) return;
    const value = holding === 0 ? null : sum / holding;
    const last = spans[spans.length - 1];
    if (last !== undefined && last.until === at && last.value === value)
      spans[spans.length - 1] = { ...last, until: to };
    else spans.push({ from: at, until: to, value });
    at = to;
  };
  for (const change of changes) {
    close(change.at);
    const before = current[change.index];
    if (before !== null) {
      sum -= before;
      holding -= 1;
    }
    if (change.value !== null) {
      sum += change.value;
      holding += 1;
    }
    current[change.index] = change.value;
  }
  close(until);
  return spans;
}

/** A band the passport judges a figure against; null on a side means no limit there. */
export interface Band {
  readonly lo: number | null;
  readonly hi: number | null;
}

/** Time (ms) inside the band, below it, above it, and with no data. The four add up to the window. */
export interface RangeTime {
  inMs: number;
  belowMs: number;
  aboveMs: number;
  noDataMs: number;
}

/** How the spans split over the band: the limits themselves count as inside. */
export function timeInRange(spans: readonly HeldSpan[], band: Band): RangeTime {
  const result: RangeTime = { inMs: 0, belowMs: 0, aboveMs: 0, noDataMs: 0 };
  for (const span of spans) {
    const length = span.until - span.from;
    if (span.value === null) result.noDataMs += length;
    else if (band.lo !== null && span.value < band.lo) result.belowMs += length;
    else if (band.hi !== null && span.value > band.hi) result.aboveMs += length;
    else result.inMs += length;
  }
  return result;
}

const DAY_MS = 86_400_000;

/**
 * Degree-days (°C·d) above `baseC`: the warmth a crop grows by, summed over the time with data
 * (a gap adds nothing, so a passport with 无数据 time under-counts rather than guesses).
 */
export function degreeDays(spans: readonly HeldSpan[], baseC: number): number {
  let total = 0;
  for (const span of spans)
    if (span.value !== null && span.value > baseC)
      total += ((span.value - baseC) * (span.until - span.from)) / DAY_MS;
  return total;
}

/** How often an on/off output (irrigation_on) switched on in the window, and for how long it ran. */
export function switchRuns(
  samples: readonly Sample[],
  holdMs: number,
  from: number,
  until: number,
): { runs: number; onMs: number } {
  let runs = 0;
  let wasOn = false;
  for (let i = 0; i < samples.length; i += 1) {
    const on = samples[i].value >= 0.5;
    if (on && !wasOn && samples[i].ts >= from && samples[i].ts < until) runs += 1;
    // A gap longer than the hold ends a run: the next "on" after it is a new run.
    const next = i + 1 < samples.length ? samples[i + 1].ts : Infinity;
    wasOn = on && next - samples[i].ts <= holdMs;
  }
  const onMs = timeInRange(
    heldSpans([{ samples, holdMs }], from, until).filter((span) => span.value !== null),
    { lo: 0.5, hi: null },
  ).inMs;
  return { runs, onMs };
}
