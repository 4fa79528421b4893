import type { Sample } from './alarm-rules.js';

const WINDOW_MS = 3 * 60 * 60_000;

export interface TrackedDevice {
  site: string;
  zone: string;
  device: string;
  kind: string;
  intervalS: number;
  lastSeenAt: number | undefined;
  reportedOffline: boolean;
}

/**
 * The last three hours of readings per device and metric, in memory: enough for every window of
 * §2.5 except the daily over-age check. After a restart the windows refill; the alarm rows in
 * PostgreSQL hold the state, so a half-empty window holds (never re-raises) an open alarm.
 */
export class TelemetryWindow {
  private readonly series = new Map<string, Sample[]>();
  readonly devices = new Map<string, TrackedDevice>();

  private key(zone: string, device: string, metric: string): string {
    return `${zone}/${device}/${metric}`;
  }

  track(
    device: Omit<TrackedDevice, 'lastSeenAt' | 'reportedOffline'> & Partial<TrackedDevice>,
  ): TrackedDevice {
    const id = `${device.zone}/${device.device}`;
    const existing = this.devices.get(id);
    if (existing) {
      if (device.kind !== 'unknown') existing.kind = device.kind;
      if (device.intervalS) existing.intervalS = device.intervalS;
      return existing;
    }
    const tracked: TrackedDevice = { lastSeenAt: undefined, reportedOffline: false, ...device };
    this.devices.set(id, tracked);
    return tracked;
  }

  device(zone: string, device: string): TrackedDevice | undefined {
    return this.devices.get(`${zone}/${device}`);
  }

  add(
    site: string,
    zone: string,
    device: string,
    metric: string,
    ts: number,
    value: number,
    receivedAt: number,
  ): void {
    const tracked = this.track({ site, zone, device, kind: 'unknown', intervalS: 60 });
    tracked.lastSeenAt = Math.max(tracked.lastSeenAt ?? 0, receivedAt);
    tracked.reportedOffline = false;
    const key = this.key(zone, device, metric);
    const list = this.series.get(key) ?? [];
    if (list.length > 0 && list[list.length - 1].ts > ts) {
      const index = list.findIndex((s) => s.ts > ts);
      list.splice(index, 0, { ts, value });
    } else list.push({ ts, value });
    const cutoff = ts - WINDOW_MS;
    while (list.length > 0 && list[0].ts < cutoff) list.shift();
    this.series.set(key, list);
  }

  get(zone: string, device: string, metric: string): Sample[] | undefined {
    return this.series.get(this.key(zone, device, metric));
  }

  metricsOf(zone: string, device: string): string[] {
    const prefix = `${zone}/${device}/`;
    return [...this.series.keys()]
      .filter((key) => key.startsWith(prefix))
      .map((key) => key.slice(prefix.length));
  }

  zones(): string[] {
    return [...new Set([...this.devices.values()].map((d) => d.zone))];
  }

  devicesIn(zone: string): TrackedDevice[] {
    return [...this.devices.values()].filter((d) => d.zone === zone);
  }
}
