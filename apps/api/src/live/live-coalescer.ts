import type { LiveReading } from '#contracts';

export interface CoalescerTimers {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

type Flush = (site: string, zone: string, readings: LiveReading[]) => void;

interface ZoneState {
  site: string;
  lastFlush: number;
  pending: Map<string, LiveReading>;
  timer: unknown;
}

/**
 * At most one push per zone per interval. The first change after a quiet interval goes out at once
 * (the dashboard's latency is what technicians feel); later ones within the interval are merged,
 * newest value per device metric, and go out when the interval ends.
 */
export class LiveCoalescer {
  private readonly zones = new Map<string, ZoneState>();

  constructor(
    private readonly intervalMs: number,
    private readonly flush: Flush,
    private readonly timers: CoalescerTimers,
  ) {}

  push(site: string, zone: string, readings: readonly LiveReading[]): void {
    let state = this.zones.get(zone);
    if (state === undefined) {
      state = { site, lastFlush: -Infinity, pending: new Map(), timer: undefined };
      this.zones.set(zone, state);
    }
    state.site = site;
    for (const reading of readings) {
      const key = `${reading.device}\u0000${reading.metric}`;
      const held = state.pending.get(key);
      if (held === undefined || held.ts <= reading.ts) state.pending.set(key, reading);
    }
    if (state.timer !== undefined) return;
    const wait = state.lastFlush + this.intervalMs - this.timers.now();
    if (wait <= 0) this.emit(zone, state);
    else state.timer = this.timers.setTimeout(() => this.emit(zone, state), wait);
  }

  close(): void {
    for (const state of this.zones.values()) {
      if (state.timer !== undefined) this.timers.clearTimeout(state.timer);
      state.timer = undefined;
    }
    this.zones.clear();
  }

  private emit(zone: string, state: ZoneState): void {
    state.timer = undefined;
    if (state.pending.size === 0) return;
    const readings = [...state.pending.values()];
    state.pending = new Map();
    state.lastFlush = this.timers.now();
    this.flush(state.site, zone, readings);
  }
}
