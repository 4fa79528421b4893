/** One reading of one metric: device time (epoch ms) and value (booleans as 1/0). */
export interface Sample {
  readonly ts: number;
  readonly value: number;
}

/**
 * What the rules ask of a series of one device's metric, oldest to newest. The telemetry window
 * answers from bounded ring buffers and running aggregates (telemetry-window.ts); the table tests
 * hand in plain arrays (`ArraySeries`), which answer the same questions by scanning.
 */
export interface SeriesView {
  /** How many samples the series holds. */
  readonly size: number;
  /** The sample `back` places before the newest (0 = newest); undefined past the start. */
  sampleBack(back: number): Sample | undefined;
  /** Device time of the oldest sample held; NaN when empty. */
  earliestTs(): number;
  /** How many samples have ts ≥ `from`, counted up to `atLeast` (enough to answer "at least n?"). */
  countSince(from: number, atLeast: number): number;
  /** Device time of the newest sample whose value differs from the newest value; -Infinity if none. */
  lastDifferentTs(): number;
  /** Start of the newest run of non-zero values; undefined when the newest value is 0 or none. */
  onSince(): number | undefined;
  /** Least-squares slope, units per hour, of the samples with ts ≥ `from` (0 under two samples). */
  slopePerHourSince(from: number): number;
  /** The oldest sample with ts ≥ `from`. */
  firstAtOrAfter(from: number): Sample | undefined;
  /** The newest sample with ts ≤ `to`. */
  lastAtOrBefore(to: number): Sample | undefined;
  /** The highest value with `from` ≤ ts ≤ `to`; undefined when there is none. */
  maxBetween(from: number, to: number): number | undefined;
  /**
   * The newest completed on → off run (value 1 then 0) of a boolean series whose switching on is
   * still in the window. A run that began at or before the window's earliest sample is not
   * answered: its start is unknown, and a rule reading it from the clipped start (mid-run) would
   * judge half of it (irrigation ineffective raised three hours after a good watering).
   */
  lastRun(): { start: number; end: number } | undefined;
}

/** A series as the rules take it: a view, or a plain array of samples (tests, small callers). */
export type SeriesInput = SeriesView | readonly Sample[];

const HOUR = 3_600_000;

/** Least-squares slope in units per hour. */
export function slopePerHour(samples: readonly Sample[]): number {
  if (samples.length < 2) return 0;
  const n = samples.length;
  const t0 = samples[0].ts;
  let sx = 0;
  let sy = 0;
  let sxx = 0;
  let sxy = 0;
  for (const s of samples) {
    const x = (s.ts - t0) / HOUR;
    sx += x;
    sy += s.value;
    sxx += x * x;
    sxy += x * s.value;
  }
  const denominator = n * sxx - sx * sx;
  return denominator === 0 ? 0 : (n * sxy - sx * sy) / denominator;
}

/** The irrigation runs (on → off) of a boolean series. */
export function irrigationEvents(series: readonly Sample[]): { start: number; end: number }[] {
  const events: { start: number; end: number }[] = [];
  let start: number | undefined;
  for (const s of series) {
    if (s.value === 1 && start === undefined) start = s.ts;
    if (s.value === 0 && start !== undefined) {
      events.push({ start, end: s.ts });
      start = undefined;
    }
  }
  return events;
}

/** A plain, sorted array of samples seen as a series: every question answered by a scan. */
export class ArraySeries implements SeriesView {
  constructor(private readonly samples: readonly Sample[]) {}

  get size(): number {
    return this.samples.length;
  }

  sampleBack(back: number): Sample | undefined {
    return this.samples[this.samples.length - 1 - back];
  }

  earliestTs(): number {
    return this.samples.length > 0 ? this.samples[0].ts : Number.NaN;
  }

  countSince(from: number): number {
    return this.samples.filter((s) => s.ts >= from).length;
  }

  lastDifferentTs(): number {
    const latest = this.samples.at(-1);
    for (let index = this.samples.length - 2; index >= 0; index--)
      if (this.samples[index].value !== latest!.value) return this.samples[index].ts;
    return Number.NEGATIVE_INFINITY;
  }

  onSince(): number | undefined {
    const series = this.samples;
    if (series.length === 0 || series[series.length - 1].value === 0) return undefined;
    let start = series[series.length - 1].ts;
    for (let index = series.length - 1; index >= 0; index--) {
      if (series[index].value === 0) break;
      start = series[index].ts;
    }
    return start;
  }

  slopePerHourSince(from: number): number {
    return slopePerHour(this.samples.filter((s) => s.ts >= from));
  }

  firstAtOrAfter(from: number): Sample | undefined {
    return this.samples.find((s) => s.ts >= from);
  }

  lastAtOrBefore(to: number): Sample | undefined {
    return this.samples.findLast((s) => s.ts <= to);
  }

  maxBetween(from: number, to: number): number | undefined {
    const values = this.samples.filter((s) => s.ts >= from && s.ts <= to).map((s) => s.value);
    return values.length > 0 ? Math.max(...values) : undefined;
  }

  lastRun(): { start: number; end: number } | undefined {
    const run = irrigationEvents(this.samples).at(-1);
    return run === undefined || run.start <= this.samples[0].ts ? undefined : run;
  }
}

export function viewOf(series: SeriesInput | undefined): SeriesView | undefined {
  if (series === undefined) return undefined;
  return Array.isArray(series) ? new ArraySeries(series as readonly Sample[]) : (series as SeriesView);
}
