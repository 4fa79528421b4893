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

/** Called for each stretch of one value, oldest first, adjacent stretches of equal value merged. */
export type SpanVisitor = (from: number, until: number, value: number | null) => void;

/**
 * The house's value over [from, until): each reading holds from its time until the next reading of
 * the same sensor or `holdMs` later, whichever comes first; where several sensors hold a value,
 * the value is their mean; where none does, null (无数据). Samples before `from` count as far as
 * they hold into the window, so the caller reads from `from - holdMs`.
 *
 * A merge of the sensors' sorted readings, one step per change, allocating nothing per reading:
 * a 60-day stage of 10-second readings is half a million readings a sensor, and the mini-PC shares
 * its memory with the database. The mean is summed afresh from the few sensors at each change, so
 * a reading of exactly 39.0 stays 39.0 and never drifts over a limit of 39.
 */
export function visitHeld(
  series: readonly HeldSeries[],
  from: number,
  until: number,
  visit: SpanVisitor,
): void {
  if (until <= from) return;
  const k = series.length;
  // Per sensor: the index of its next reading, and the value it holds now (null: none).
  const next = new Array<number>(k).fill(0);
  const held = new Array<number | null>(k).fill(null);
  const heldUntil = new Array<number>(k).fill(-Infinity);
  // Skip to the last reading at or before `from` (it may hold into the window).
  for (let s = 0; s < k; s += 1) {
    const samples = series[s].samples;
    let i = 0;
    while (i + 1 < samples.length && samples[i + 1].ts <= from) i += 1;
    if (samples.length > 0 && samples[i].ts <= from) {
      const end = Math.min(
        i + 1 < samples.length ? samples[i + 1].ts : Infinity,
        samples[i].ts + series[s].holdMs,
      );
      if (end > from) {
        held[s] = samples[i].value;
        heldUntil[s] = end;
      }
      i += 1;
    }
    next[s] = i;
  }
  let at = from;
  let spanFrom = from;
  let spanValue: number | null | undefined;
  const mean = (): number | null => {
    let sum = 0;
    let holding = 0;
    for (let s = 0; s < k; s += 1)
      if (held[s] !== null) {
        sum += held[s] as number;
        holding += 1;
      }
    return holding === 0 ? null : sum / holding;
  };
  let value = mean();
  while (at < until) {
    // The next instant anything changes: a sensor's next reading, or a hold running out.
    let change = until;
    for (let s = 0; s < k; s += 1) {
      const samples = series[s].samples;
      if (next[s] < samples.length) change = Math.min(change, samples[next[s]].ts);
      if (held[s] !== null) change = Math.min(change, heldUntil[s]);
    }
    if (spanValue === undefined) spanValue = value;
    else if (spanValue !== value) {
      visit(spanFrom, at, spanValue);
      spanFrom = at;
      spanValue = value;
    }
    at = Math.max(change, at);
    if (at >= until) break;
    for (let s = 0; s < k; s += 1) {
      const samples = series[s].samples;
      if (held[s] !== null && heldUntil[s] <= at) held[s] = null;
      while (next[s] < samples.length && samples[next[s]].ts <= at) {
        const i = next[s];
        held[s] = samples[i].value;
        heldUntil[s] = Math.min(
          i + 1 < samples.length ? samples[i + 1].ts : Infinity,
          samples[i].ts + series[s].holdMs,
        );
        next[s] += 1;
      }
      if (held[s] !== null && heldUntil[s] <= at) held[s] = null;
    }
    value = mean();
  }
  if (spanValue !== undefined) visit(spanFrom, until, spanValue);
}

/** The stretches of `visitHeld` as a list (the tests and small windows). */
export function heldSpans(series: readonly HeldSeries[], from: number, until: number): HeldSpan[] {
  const spans: HeldSpan[] = [];
  visitHeld(series, from, until, (spanFrom, spanUntil, value) =>
    spans.push({ from: spanFrom, until: spanUntil, value }),
  );
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
  for (const span of spans) addToRange(result, band, span.until - span.from, span.value);
  return result;
}

/** Adds one stretch to a range count (the visitor form of `timeInRange`). */
export function addToRange(result: RangeTime, band: Band, lengthMs: number, value: number | null): void {
  if (value === null) result.noDataMs += lengthMs;
  else if (band.lo !== null && value < band.lo) result.belowMs += lengthMs;
  else if (band.hi !== null && value > band.hi) result.aboveMs += lengthMs;
  else result.inMs += lengthMs;
}

const DAY_MS = 86_400_000;

/**
 * Degree-days (°C·d) above `baseC`: the warmth a crop grows by, summed over the time with data
 * (a gap adds nothing, so a passport with 无数据 time under-counts rather than guesses).
 */
export function degreeDays(spans: readonly HeldSpan[], baseC: number): number {
  let total = 0;
  for (const span of spans) total += degreeDaysOf(span.until - span.from, span.value, baseC);
  return total;
}

/** One stretch's degree-days (the visitor form of `degreeDays`). */
export function degreeDaysOf(lengthMs: number, value: number | null, baseC: number): number {
  return value !== null && value > baseC ? ((value - baseC) * lengthMs) / DAY_MS : 0;
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
  const on: RangeTime = { inMs: 0, belowMs: 0, aboveMs: 0, noDataMs: 0 };
  visitHeld([{ samples, holdMs }], from, until, (spanFrom, spanUntil, value) =>
    addToRange(on, { lo: 0.5, hi: null }, spanUntil - spanFrom, value),
  );
  return { runs, onMs: on.inMs };
}
