// What the technician's page holds for each house: its latest values, device presence and the
// charted metrics' last 24 hours, merged as readings arrive.
import type { ZoneResponse } from '#contracts';
import type { LatestValue, Point } from '../../data.ts';

/** What a card needs of a house (GET /api/zones). */
export type House = Pick<
  ZoneResponse,
  'code' | 'name' | 'nameEn' | 'hasHeating' | 'hasBoomIrrigation' | 'hasBenchHeat' | 'benches'
>;

export const CHART_METRICS = [
  { metric: 'air_temp_c', color: '#d84315', scale: 'y' },
  { metric: 'bench_temp_c', color: '#8e24aa', scale: 'y' },
  { metric: 'air_rh_pct', color: '#1e88e5', scale: 'pct' },
  { metric: 'substrate_vwc_pct', color: '#2e7d32', scale: 'pct' },
] as const;
export const DAY_MS = 86_400_000;

export interface ZoneState {
  latest: Map<string, LatestValue>;
  /** Device name → online, for the devices that have said anything. */
  presence: Map<string, boolean>;
  history: Map<string, Point[]>;
  lastSeen: number;
}

export function mergePoints(into: Point[], more: Point[]): Point[] {
  if (more.length === 0) return into;
  const last = into[into.length - 1]?.ts ?? -Infinity;
  if (more.every((p) => p.ts > last)) into.push(...more);
  else {
    const byTs = new Map(into.map((p) => [p.ts, p]));
    for (const p of more) byTs.set(p.ts, p);
    into = [...byTs.values()].sort((a, b) => a.ts - b.ts);
  }
  const cutoff = Date.now() - DAY_MS;
  const first = into.findIndex((p) => p.ts >= cutoff);
  return first > 0 ? into.slice(first) : into;
}
