// The in-memory window the alarm rules read: the devices heard of, by zone, each with a RingSeries
// per metric, and which zones changed since the last evaluation.
import { RingSeries } from './ring-series.js';
import type { Sample } from './series-view.js';

export interface TrackedDevice {
  site: string;
  zone: string;
  device: string;
  kind: string;
  intervalS: number;
  lastSeenAt: number | undefined;
  reportedOffline: boolean;
  /** Per metric. */
  readonly series: Map<string, RingSeries>;
}

/**
 * `intervalS` only from the device registry: a device heard of first through a reading or a presence
 * event starts at DEFAULT_INTERVAL_S, and those never overwrite a registered interval.
 */
type DeviceFacts = Omit<TrackedDevice, 'lastSeenAt' | 'reportedOffline' | 'series' | 'intervalS'> &
  Partial<Pick<TrackedDevice, 'lastSeenAt' | 'reportedOffline' | 'intervalS'>>;

/** The reporting interval of a device the registry has not described (yet). */
const DEFAULT_INTERVAL_S = 60;

/**
 * The last three hours of readings per device and metric, in memory, indexed by zone, device and
 * metric: enough for every window of §2.5 except the daily over-age check and the 7-day chilling
 * hours (read from the hourly rollup). After a restart the windows refill; the alarm rows in
 * PostgreSQL hold the state, so a half-empty window holds (never re-raises) an open alarm.
 */
export class TelemetryWindow {
  private readonly zoneIndex = new Map<string, Map<string, TrackedDevice>>();
  private readonly zoneLists = new Map<string, TrackedDevice[]>();
  private dirty = new Set<string>();
  readonly devices = new Map<string, TrackedDevice>();

  track(device: DeviceFacts): TrackedDevice {
    let zone = this.zoneIndex.get(device.zone);
    const existing = zone?.get(device.device);
    if (existing) {
      if (device.kind !== 'unknown') existing.kind = device.kind;
      if (device.intervalS) existing.intervalS = device.intervalS;
      return existing;
    }
    const tracked: TrackedDevice = {
      lastSeenAt: undefined,
      reportedOffline: false,
      ...device,
      intervalS: device.intervalS ?? DEFAULT_INTERVAL_S,
      series: new Map(),
    };
    if (!zone) {
      zone = new Map();
      this.zoneIndex.set(device.zone, zone);
      this.zoneLists.set(device.zone, []);
    }
    zone.set(device.device, tracked);
    this.zoneLists.get(device.zone)!.push(tracked);
    this.devices.set(`${device.zone}/${device.device}`, tracked);
    this.dirty.add(device.zone);
    return tracked;
  }

  device(zone: string, device: string): TrackedDevice | undefined {
    return this.zoneIndex.get(zone)?.get(device);
  }

  /** The hot path (every accepted reading): no allocation once the device and metric are known. */
  add(
    site: string,
    zone: string,
    device: string,
    metric: string,
    ts: number,
    value: number,
    receivedAt: number,
  ): void {
    const tracked =
      this.zoneIndex.get(zone)?.get(device) ?? this.track({ site, zone, device, kind: 'unknown' });
    if (tracked.lastSeenAt === undefined || receivedAt > tracked.lastSeenAt) tracked.lastSeenAt = receivedAt;
    tracked.reportedOffline = false;
    let series = tracked.series.get(metric);
    if (!series) {
      series = new RingSeries();
      tracked.series.set(metric, series);
    }
    series.add(ts, value);
  }

  /** Marks a zone as having news for the next evaluation. */
  touch(zone: string): void {
    this.dirty.add(zone);
  }

  /** The zones that received data (or presence) since the last call. */
  takeDirty(): Set<string> {
    const dirty = this.dirty;
    this.dirty = new Set();
    return dirty;
  }

  /** The series the rules read (no copy). */
  series(zone: string, device: string, metric: string): RingSeries | undefined {
    return this.zoneIndex.get(zone)?.get(device)?.series.get(metric);
  }

  /** A copy of the samples held one by one, oldest first (for callers outside the rules). */
  get(zone: string, device: string, metric: string): Sample[] | undefined {
    return this.series(zone, device, metric)?.samples();
  }

  metricsOf(zone: string, device: string): string[] {
    return [...(this.device(zone, device)?.series.keys() ?? [])];
  }

  zones(): string[] {
    return [...this.zoneIndex.keys()];
  }

  devicesIn(zone: string): readonly TrackedDevice[] {
    return this.zoneLists.get(zone) ?? [];
  }
}
