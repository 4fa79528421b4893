// One series' last three hours in bounded memory: a ring of the newest samples, minute buckets for
// older ones of fast series, and the running facts the alarm rules ask for on every evaluation.
import type { Sample, SeriesView } from './series-view.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const WINDOW_MS = 3 * HOUR;
/** Newest samples kept one by one per series: at a report a minute, the whole 3-hour window. */
const RAW_CAPACITY = 512;
const RAW_INITIAL = 16;
/** Older samples of fast series, folded into minute buckets: 3 h and a few spare. */
const BUCKET_CAPACITY = 184;

// Fields of one minute bucket in `RingSeries.buckets` (x in hours from the bucket's start).
const KEY = 0;
const COUNT = 1;
const FIRST_TS = 2;
const FIRST_V = 3;
const LAST_TS = 4;
const LAST_V = 5;
const MIN = 6;
const MAX = 7;
const SX = 8;
const SY = 9;
const SXX = 10;
const SXY = 11;
const STRIDE = 12;

/**
 * One device's metric over the last three hours, bounded whatever the report rate: the newest 512
 * samples one by one in a ring (at a report a minute that is the whole window, so the rules see
 * exactly what an array of every sample would show them), older ones of faster series folded into
 * minute buckets (count, first, last, min, max and the least-squares sums), and the running facts
 * the rules ask for on every evaluation (the newest differing value for the flatline check, the
 * start of the current on-run, the last completed on → off run) kept up to date as samples arrive.
 * Answers that reach into the buckets are exact to the minute (window edges fall on buckets).
 */
export class RingSeries implements SeriesView {
  private ts = new Float64Array(RAW_INITIAL);
  private values = new Float64Array(RAW_INITIAL);
  private head = 0;
  private count = 0;
  private buckets: Float64Array | undefined;
  private bucketHead = 0;
  private bucketCount = 0;
  private bucketSamples = 0;
  private different = Number.NEGATIVE_INFINITY;
  private runStart = Number.NaN;
  private openRun = Number.NaN;
  private lastRunStart = Number.NaN;
  private lastRunEnd = Number.NaN;

  get size(): number {
    return this.count + this.bucketSamples;
  }

  private slot(index: number): number {
    return (this.head + index) & (this.ts.length - 1);
  }

  private tsAt(index: number): number {
    return this.ts[this.slot(index)];
  }

  private valueAt(index: number): number {
    return this.values[this.slot(index)];
  }

  add(ts: number, value: number): void {
    if (this.count > 0 && ts < this.tsAt(this.count - 1)) {
      this.insertLate(ts, value);
    } else {
      const previousTs = this.count > 0 ? this.tsAt(this.count - 1) : Number.NaN;
      const previousValue = this.count > 0 ? this.valueAt(this.count - 1) : Number.NaN;
      const empty = this.count === 0;
      this.push(ts, value);
      if (!empty && value !== previousValue) this.different = previousTs;
      if (value === 0) this.runStart = Number.NaN;
      else if (empty || previousValue === 0) this.runStart = ts;
      this.runStep(ts, value);
    }
    this.trim(ts - WINDOW_MS);
  }

  private runStep(ts: number, value: number): void {
    if (value === 1 && Number.isNaN(this.openRun)) this.openRun = ts;
    if (value === 0 && !Number.isNaN(this.openRun)) {
      this.lastRunStart = this.openRun;
      this.lastRunEnd = ts;
      this.openRun = Number.NaN;
    }
  }

  private push(ts: number, value: number): void {
    if (this.count === this.ts.length) {
      if (this.ts.length < RAW_CAPACITY) this.grow();
      else {
        this.fold(this.tsAt(0), this.valueAt(0));
        this.head = this.slot(1);
        this.count--;
      }
    }
    const at = this.slot(this.count);
    this.ts[at] = ts;
    this.values[at] = value;
    this.count++;
  }

  private grow(): void {
    const ts = new Float64Array(this.ts.length * 2);
    const values = new Float64Array(this.ts.length * 2);
    for (let index = 0; index < this.count; index++) {
      ts[index] = this.tsAt(index);
      values[index] = this.valueAt(index);
    }
    this.ts = ts;
    this.values = values;
    this.head = 0;
  }

  /** Adds a sample pushed out of the ring to its minute bucket (samples leave in time order). */
  private fold(ts: number, value: number): void {
    const buckets = (this.buckets ??= new Float64Array(BUCKET_CAPACITY * STRIDE));
    const key = Math.floor(ts / MINUTE);
    let at = this.bucketCount > 0 ? this.bucketSlot(this.bucketCount - 1) : -1;
    if (at < 0 || buckets[at + KEY] !== key) {
      if (this.bucketCount === BUCKET_CAPACITY) this.dropBucket();
      at = this.bucketSlot(this.bucketCount);
      this.bucketCount++;
      buckets.fill(0, at, at + STRIDE);
      buckets[at + KEY] = key;
      buckets[at + FIRST_TS] = ts;
      buckets[at + FIRST_V] = value;
      buckets[at + MIN] = value;
      buckets[at + MAX] = value;
    }
    const x = (ts - key * MINUTE) / HOUR;
    buckets[at + COUNT]++;
    buckets[at + LAST_TS] = ts;
    buckets[at + LAST_V] = value;
    if (value < buckets[at + MIN]) buckets[at + MIN] = value;
    if (value > buckets[at + MAX]) buckets[at + MAX] = value;
    buckets[at + SX] += x;
    buckets[at + SY] += value;
    buckets[at + SXX] += x * x;
    buckets[at + SXY] += x * value;
    this.bucketSamples++;
  }

  private bucketSlot(index: number): number {
    return ((this.bucketHead + index) % BUCKET_CAPACITY) * STRIDE;
  }

  private dropBucket(): void {
    this.bucketSamples -= this.buckets![this.bucketSlot(0) + COUNT];
    this.bucketHead = (this.bucketHead + 1) % BUCKET_CAPACITY;
    this.bucketCount--;
  }

  private trim(cutoff: number): void {
    while (this.bucketCount > 0 && this.buckets![this.bucketSlot(0) + LAST_TS] < cutoff) this.dropBucket();
    while (this.count > 0 && this.tsAt(0) < cutoff) {
      this.head = this.slot(1);
      this.count--;
    }
  }

  /**
   * A sample older than the newest (a late or replayed message): into its place in the ring, and
   * the running facts recomputed from the ring (rare, so a scan is fine).
   */
  private insertLate(ts: number, value: number): void {
    // Older than every sample a fast series still holds one by one: its minute buckets are closed,
    // so it is left out (a replay that far back changes no decision of the rules).
    if (ts < this.tsAt(0) && this.bucketCount > 0) return;
    this.push(ts, value);
    let index = this.count - 1;
    while (index > 0 && this.tsAt(index - 1) > ts) {
      const to = this.slot(index);
      const from = this.slot(index - 1);
      this.ts[to] = this.ts[from];
      this.values[to] = this.values[from];
      index--;
    }
    this.ts[this.slot(index)] = ts;
    this.values[this.slot(index)] = value;
    const latest = this.valueAt(this.count - 1);
    this.different = Number.NEGATIVE_INFINITY;
    for (let i = this.count - 2; i >= 0; i--)
      if (this.valueAt(i) !== latest) {
        this.different = this.tsAt(i);
        break;
      }
    this.runStart = Number.NaN;
    for (let i = this.count - 1; i >= 0 && this.valueAt(i) !== 0; i--) this.runStart = this.tsAt(i);
    this.openRun = Number.NaN;
    this.lastRunStart = Number.NaN;
    this.lastRunEnd = Number.NaN;
    for (let i = 0; i < this.count; i++) this.runStep(this.tsAt(i), this.valueAt(i));
  }

  sampleBack(back: number): Sample | undefined {
    if (back >= this.count) return undefined;
    const index = this.count - 1 - back;
    return { ts: this.tsAt(index), value: this.valueAt(index) };
  }

  /** A copy of the samples held one by one, oldest first. */
  samples(): Sample[] {
    const result: Sample[] = [];
    for (let index = 0; index < this.count; index++)
      result.push({ ts: this.tsAt(index), value: this.valueAt(index) });
    return result;
  }

  earliestTs(): number {
    if (this.bucketCount > 0) return this.buckets![this.bucketSlot(0) + FIRST_TS];
    return this.count > 0 ? this.tsAt(0) : Number.NaN;
  }

  /** Index of the first sample in the ring with ts ≥ `from` (`count` when none). */
  private firstIndexFrom(from: number): number {
    let lo = 0;
    let hi = this.count;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.tsAt(mid) < from) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  countSince(from: number, atLeast: number): number {
    let counted = 0;
    for (let index = this.count - 1; index >= 0 && counted < atLeast; index--) {
      if (this.tsAt(index) < from) return counted;
      counted++;
    }
    for (let b = this.bucketCount - 1; b >= 0 && counted < atLeast; b--) {
      const at = this.bucketSlot(b);
      if (this.buckets![at + FIRST_TS] < from) break;
      counted += this.buckets![at + COUNT];
    }
    return counted;
  }

  lastDifferentTs(): number {
    return this.count > 0 ? this.different : Number.NEGATIVE_INFINITY;
  }

  onSince(): number | undefined {
    if (this.count === 0 || Number.isNaN(this.runStart)) return undefined;
    return Math.max(this.runStart, this.earliestTs());
  }

  slopePerHourSince(from: number): number {
    const first = this.firstIndexFrom(from);
    let n = 0;
    let sx = 0;
    let sy = 0;
    let sxx = 0;
    let sxy = 0;
    let t0 = first < this.count ? this.tsAt(first) : Number.NaN;
    if (this.bucketCount > 0 && first === 0) {
      // The window reaches into the buckets: whole buckets from `from` on, x from the first one.
      for (let b = 0; b < this.bucketCount; b++) {
        const at = this.bucketSlot(b);
        const buckets = this.buckets!;
        if (buckets[at + FIRST_TS] < from) continue;
        if (n === 0) t0 = buckets[at + FIRST_TS];
        const c = buckets[at + COUNT];
        const d = (buckets[at + KEY] * MINUTE - t0) / HOUR;
        sx += buckets[at + SX] + c * d;
        sy += buckets[at + SY];
        sxx += buckets[at + SXX] + 2 * d * buckets[at + SX] + c * d * d;
        sxy += buckets[at + SXY] + d * buckets[at + SY];
        n += c;
      }
    }
    for (let index = first; index < this.count; index++) {
      const x = (this.tsAt(index) - t0) / HOUR;
      const value = this.valueAt(index);
      sx += x;
      sy += value;
      sxx += x * x;
      sxy += x * value;
      n++;
    }
    if (n < 2) return 0;
    const denominator = n * sxx - sx * sx;
    return denominator === 0 ? 0 : (n * sxy - sx * sy) / denominator;
  }

  firstAtOrAfter(from: number): Sample | undefined {
    if (this.bucketCount > 0 && (this.count === 0 || this.tsAt(0) >= from)) {
      for (let b = 0; b < this.bucketCount; b++) {
        const at = this.bucketSlot(b);
        if (this.buckets![at + FIRST_TS] >= from)
          return { ts: this.buckets![at + FIRST_TS], value: this.buckets![at + FIRST_V] };
      }
    }
    const index = this.firstIndexFrom(from);
    return index < this.count ? { ts: this.tsAt(index), value: this.valueAt(index) } : undefined;
  }

  lastAtOrBefore(to: number): Sample | undefined {
    let lo = 0;
    let hi = this.count;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.tsAt(mid) <= to) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) return { ts: this.tsAt(lo - 1), value: this.valueAt(lo - 1) };
    for (let b = this.bucketCount - 1; b >= 0; b--) {
      const slot = this.bucketSlot(b);
      if (this.buckets![slot + LAST_TS] <= to)
        return { ts: this.buckets![slot + LAST_TS], value: this.buckets![slot + LAST_V] };
      if (this.buckets![slot + FIRST_TS] <= to)
        return { ts: this.buckets![slot + FIRST_TS], value: this.buckets![slot + FIRST_V] };
    }
    return undefined;
  }

  maxBetween(from: number, to: number): number | undefined {
    let max: number | undefined;
    for (let b = 0; b < this.bucketCount; b++) {
      const at = this.bucketSlot(b);
      const buckets = this.buckets!;
      if (buckets[at + LAST_TS] >= from && buckets[at + FIRST_TS] <= to)
        max = max === undefined ? buckets[at + MAX] : Math.max(max, buckets[at + MAX]);
    }
    for (let index = this.firstIndexFrom(from); index < this.count && this.tsAt(index) <= to; index++)
      max = max === undefined ? this.valueAt(index) : Math.max(max, this.valueAt(index));
    return max;
  }

  lastRun(): { start: number; end: number } | undefined {
    if (Number.isNaN(this.lastRunEnd) || this.count === 0) return undefined;
    const earliest = this.earliestTs();
    // The run's switching on has left the window (series-view.ts says why it is not answered).
    if (this.lastRunStart <= earliest) return undefined;
    return { start: this.lastRunStart, end: this.lastRunEnd };
  }
}
