import { METRIC_BY_KEY, type SeriesResponse, type ZoneLatestResponse } from '#contracts';

/** Readers that turn the api's typed answers into what the charts and cards draw. */
export interface Point {
  ts: number;
  value: number;
}

export interface LatestValue {
  value: number;
  ts: number;
  device: string;
  /** The reporting device's interval (s), when the answer said; live pushes keep the last one. */
  intervalS?: number;
}

/**
 * The heater and the bench-heat controller both report `sp_c` and `mode`: the bench's are kept
 * apart (`bench_sp_c`, `bench_mode`) so the bench's setpoint is never shown as the house's.
 */
export function latestKey(metric: string, device: string): string {
  return (metric === 'sp_c' || metric === 'mode') && device.startsWith('bench-heat')
    ? `bench_${metric}`
    : metric;
}

/**
 * `GET /api/zones/:zone/latest` → metric → newest value. The api answers decoded values (`"auto"`,
 * `false`); the live pushes carry the stored number, so both become numbers here.
 */
export function readLatest(body: ZoneLatestResponse): Map<string, LatestValue> {
  const out = new Map<string, LatestValue>();
  for (const { device, values, intervalS } of body.devices)
    for (const { metric, value: raw, ts } of values) {
      const labels = METRIC_BY_KEY.get(metric)?.values;
      const value = typeof raw === 'string' ? (labels?.indexOf(raw) ?? -1) : Number(raw);
      if (value === -1 || !Number.isFinite(value)) continue;
      const at = Date.parse(ts);
      const key = latestKey(metric, device);
      const held = out.get(key);
      if (!held || held.ts <= at) out.set(key, { value, ts: at, device, intervalS });
    }
  return out;
}

/** Device → online, from the same answer; a device that never spoke (`unknown`) is left out. */
export function readPresence(body: ZoneLatestResponse): Map<string, boolean> {
  const out = new Map<string, boolean>();
  for (const { device, presence } of body.devices)
    if (presence !== 'unknown') out.set(device, presence === 'online');
  return out;
}

/** `GET /api/readings` (one series per device) → points of the house, devices averaged, oldest first. */
export function readPoints(series: SeriesResponse[]): Point[] {
  const sums = new Map<number, { sum: number; n: number }>();
  for (const { points } of series)
    for (const point of points) {
      if (point.value === null) continue;
      const ts = Date.parse(point.ts);
      const held = sums.get(ts) ?? { sum: 0, n: 0 };
      held.sum += point.value;
      held.n += 1;
      sums.set(ts, held);
    }
  return [...sums].map(([ts, { sum, n }]) => ({ ts, value: sum / n })).sort((a, b) => a.ts - b.ts);
}

/** A cell of a table or CSV: numbers and booleans as written, absent as empty. */
export const str = (v: unknown): string =>
  typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : '';

/**
 * Whether a value is too old to be taken as the present: older than two of its device's reporting
 * intervals (one late report is normal on a village link), and never younger than two minutes.
 */
export function isStale(value: Pick<LatestValue, 'ts' | 'intervalS'>, now: number): boolean {
  return now - value.ts > Math.max(120_000, 2 * (value.intervalS ?? 60) * 1000);
}
