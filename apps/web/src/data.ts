import { METRIC_BY_KEY } from '#contracts';
import { toMs } from './format.ts';

/**
 * Readers for REST answers whose exact shapes belong to other modules: they take what the
 * dashboard needs and ignore the rest, so a field added on the server breaks no screen.
 */
export type Row = Record<string, unknown>;

export interface Point {
  ts: number;
  value: number;
}

export interface LatestValue {
  value: number;
  ts: number;
  device: string;
}

const num = (v: unknown): number | null => {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return null;
};

/**
 * The heater and the bench-heat controller both report `sp_c` and `mode`: the bench's are kept
 * apart (`bench_sp_c`, `bench_mode`) so the bench's setpoint is never shown as the house's.
 */
export function latestKey(metric: string, device: string): string {
  return (metric === 'sp_c' || metric === 'mode') && device.startsWith('bench-heat')
    ? `bench_${metric}`
    : metric;
}

/** `GET /api/zones/:zone/latest` → metric → newest value. */
export function readLatest(body: unknown): Map<string, LatestValue> {
  const out = new Map<string, LatestValue>();
  const put = (metric: unknown, raw: unknown, ts: unknown, device: unknown) => {
    // REST answers decoded values (`"auto"`, `false`); the live pushes carry the stored number.
    const values = typeof metric === 'string' ? METRIC_BY_KEY.get(metric)?.values : undefined;
    const value = typeof raw === 'string' && values ? values.indexOf(raw) : num(raw);
    if (value === -1) return;
    const at = toMs(ts) ?? Date.now();
    if (typeof metric !== 'string' || value === null) return;
    const name = typeof device === 'string' ? device : '';
    const key = latestKey(metric, name);
    const held = out.get(key);
    if (!held || held.ts <= at) out.set(key, { value, ts: at, device: name });
  };
  // GET /api/zones/:zone/latest answers { devices: [{ device, presence, values: [{ metric, value, ts }] }] }.
  if (body && typeof body === 'object' && Array.isArray((body as Row).devices)) {
    for (const device of (body as Row).devices as Row[])
      for (const value of asRows(device.values)) put(value.metric, value.value, value.ts, device.device);
    return out;
  }
  const rows = Array.isArray(body)
    ? body
    : body && typeof body === 'object'
      ? ((body as Row).readings ?? (body as Row).latest ?? (body as Row).metrics ?? body)
      : [];
  if (Array.isArray(rows)) {
    for (const row of rows as Row[])
      put(row.metric, row.value, row.ts ?? row.time, row.device ?? row.deviceId);
  } else if (rows && typeof rows === 'object') {
    for (const [metric, entry] of Object.entries(rows as Row)) {
      if (entry && typeof entry === 'object') {
        const e = entry as Row;
        put(metric, e.value, e.ts ?? e.time, e.device);
      } else put(metric, entry, undefined, undefined);
    }
  }
  return out;
}

const asRows = (value: unknown): Row[] => (Array.isArray(value) ? (value as Row[]) : []);

/** Device → online, from the same answer (`presence`: online | offline | unknown). */
export function readPresence(body: unknown): Map<string, boolean> {
  const out = new Map<string, boolean>();
  if (!body || typeof body !== 'object') return out;
  for (const device of asRows((body as Row).devices)) {
    if (typeof device.device !== 'string' || device.presence === 'unknown') continue;
    out.set(device.device, device.presence === 'online');
  }
  return out;
}

/**
 * `GET /api/readings` → points of one metric, oldest first. The api answers one series per device
 * (`[{ device, metric, step, points: [{ ts, value }] }]`); devices of one house are averaged.
 */
export function readPoints(body: unknown): Point[] {
  if (Array.isArray(body) && body.some((series) => Array.isArray((series as Row | null)?.points))) {
    const sums = new Map<number, { sum: number; n: number }>();
    for (const series of body as Row[])
      for (const point of readPoints(series.points)) {
        const held = sums.get(point.ts) ?? { sum: 0, n: 0 };
        held.sum += point.value;
        held.n += 1;
        sums.set(point.ts, held);
      }
    return [...sums].map(([ts, { sum, n }]) => ({ ts, value: sum / n })).sort((a, b) => a.ts - b.ts);
  }
  let rows: unknown = body;
  if (body && typeof body === 'object' && !Array.isArray(body)) {
    const b = body as Row;
    rows =
      b.points ??
      b.readings ??
      b.items ??
      b.data ??
      (Array.isArray(b.series) ? (b.series[0] as Row | undefined)?.points : undefined) ??
      [];
  }
  if (!Array.isArray(rows)) return [];
  const points: Point[] = [];
  for (const row of rows) {
    if (Array.isArray(row)) {
      const ts = toMs(row[0]);
      const value = num(row[1]);
      if (ts !== null && value !== null) points.push({ ts, value });
      continue;
    }
    const r = row as Row;
    const ts = toMs(r.ts ?? r.t ?? r.bucket ?? r.time);
    const value = num(r.value ?? r.avg ?? r.mean ?? r.v);
    if (ts !== null && value !== null) points.push({ ts, value });
  }
  return points.sort((a, b) => a.ts - b.ts);
}

export const str = (v: unknown): string =>
  typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : '';
export const pick = (row: Row | undefined, ...keys: string[]): unknown => {
  if (!row) return undefined;
  for (const key of keys) if (row[key] !== undefined && row[key] !== null) return row[key];
  return undefined;
};
export { num };
