import { wallDelay, type Clock, type DeviceCredentials } from '#contracts';
import { SimulatedDevice, type LifecycleEvent } from './device.js';
import { benchIdOf } from './readings.js';
import {
  faultMatches,
  validateFault,
  type ActiveFault,
  type FaultSpec,
  type ScenarioEvent,
} from './faults.js';
import { benchTempC, relativeHumidityOf } from './physics/house.js';
import type { WeatherOverride } from './physics/weather.js';
import { World } from './world.js';

export interface SimulatorOptions {
  readonly brokerUrl: string;
  readonly devices: readonly DeviceCredentials[];
  readonly clock: Clock;
  readonly seed: number;
  /** Faults injected at start, or `at` simulated seconds after it. */
  readonly faults?: readonly { at: number | undefined; fault: FaultSpec }[];
  readonly scenario?: readonly ScenarioEvent[];
  readonly scale?: boolean;
  readonly emit?: (event: LifecycleEvent) => void;
  readonly fw?: string;
  /** Wall milliseconds between reconnect attempts after a lost connection. */
  readonly reconnectPeriodMs?: number;
  /** Simulated hours the physics runs before the devices start, so first readings are settled. */
  readonly spinUpHours?: number;
  /** Per-device events (connected, offline, command...) on top of the summary ones. */
  readonly verbose?: boolean;
  /** The boom's own 10:00 timer (`--local-irrigation`); off by default. */
  readonly localIrrigation?: boolean;
}

const DEVICE_EVENTS = new Set([
  'device-connected',
  'device-offline',
  'device-dropped',
  'device-error',
  'command',
  'command-unreadable',
  'backlog-sent',
  'malformed-sent',
  'publish-error',
]);

/**
 * The simulator: a world of houses and weather, one SimulatedDevice per credential, faults and a
 * scenario, all on one simulated clock. main.ts wires it to argv and stdout; the integration test
 * runs it in-process.
 */
export class Simulator {
  readonly world: World;
  readonly startMs: number;
  private readonly devices: SimulatedDevice[] = [];
  private readonly faults = new Map<string, ActiveFault>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly connected = new Set<string>();
  private announcedAll = false;
  private nextFaultId = 1;
  private tick: NodeJS.Timeout | undefined;

  constructor(private readonly options: SimulatorOptions) {
    this.startMs = options.clock.now();
    this.world = new World(options.seed, this.startMs, options.localIrrigation === true);
    const benchesByZone = new Map<string, string[]>();
    for (const device of options.devices) {
      const key = `${device.site}/${device.zone}`;
      const benches = benchesByZone.get(key) ?? [];
      if (device.kind === 'substrate' && !benches.includes(benchIdOf(device.device)))
        benches.push(benchIdOf(device.device));
      benchesByZone.set(key, benches);
    }
    for (const [key, benches] of benchesByZone) {
      const [site, zone] = key.split('/') as [string, string];
      this.world.addHouse(site, zone, benches.sort());
    }
    const spinUpMs = (options.spinUpHours ?? 6) * 3_600_000;
    this.world.spinUp(this.startMs - spinUpMs, this.startMs);
    const context = {
      brokerUrl: options.brokerUrl,
      clock: options.clock,
      world: this.world,
      seed: options.seed,
      fw: options.fw ?? '1.0.0-sim',
      reconnectPeriodMs: options.reconnectPeriodMs ?? 2000,
      scale: options.scale ?? false,
      faultsFor: (device: SimulatedDevice) => this.faultsFor(device),
      emit: (event: LifecycleEvent) => this.onDeviceEvent(event),
    };
    for (const credentials of options.devices) this.devices.push(new SimulatedDevice(credentials, context));
    this.world.onAdvance(() => {
      for (const device of this.devices) device.checkState(false);
    });
  }

  private emit(event: LifecycleEvent): void {
    this.options.emit?.(event);
  }

  private onDeviceEvent(event: LifecycleEvent): void {
    const username = event['device'] as string;
    if (event.event === 'device-connected') this.connected.add(username);
    if (event.event === 'device-offline' || event.event === 'device-dropped') this.connected.delete(username);
    if (this.options.verbose !== false && !(this.options.scale === true && DEVICE_EVENTS.has(event.event)))
      this.emit(event);
    if (
      event.event === 'device-connected' &&
      !this.announcedAll &&
      this.connected.size === this.devices.length
    ) {
      this.announcedAll = true;
      this.emit({ event: 'devices-connected', count: this.connected.size });
    }
  }

  get clock(): Clock {
    return this.options.clock;
  }

  start(): void {
    const { clock } = this.options;
    this.emit({
      event: 'started',
      devices: this.devices.length,
      houses: this.world.allHouses().length,
      simulatedNow: new Date(clock.now()).toISOString(),
      speed: clock.speed,
      seed: this.options.seed,
    });
    for (const { at, fault } of this.options.faults ?? []) {
      if (at === undefined || at <= 0) this.inject(fault);
      else this.later(at * 1000, () => this.inject(fault));
    }
    for (const event of this.options.scenario ?? []) {
      this.later(event.at * 1000, () => {
        const action = event.action;
        if (action.kind === 'inject') this.inject(action.fault);
        else if (action.kind === 'clear') this.clear(action.id);
        else this.setWeather(action.site, action.override);
      });
    }
    // Each device starts at a seeded offset within its interval, so they do not all fire at once.
    this.devices.forEach((device, index) => {
      const offsetS = device.credentials.intervalS * ((index * 0.618034) % 1);
      device.start(offsetS * 1000);
    });
    const tickMs = Math.min(10_000, Math.max(100, wallDelay(clock, 10_000)));
    this.tick = setInterval(() => this.world.advanceTo(clock.now()), tickMs);
  }

  /** Runs `action` after a simulated delay measured from the simulator's start instant. */
  private later(simulatedMsFromStart: number, action: () => void): void {
    const due = this.startMs + simulatedMsFromStart;
    const timer = setTimeout(
      () => {
        this.timers.delete(timer);
        action();
      },
      wallDelay(this.options.clock, due - this.options.clock.now()),
    );
    this.timers.add(timer);
  }

  async stop(graceful = true): Promise<void> {
    if (this.tick !== undefined) clearInterval(this.tick);
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    await Promise.all(this.devices.map((device) => device.stop(graceful)));
    this.emit({ event: 'stopped' });
  }

  faultsFor(device: SimulatedDevice): readonly ActiveFault[] {
    const result: ActiveFault[] = [];
    for (const fault of this.faults.values()) if (faultMatches(fault, device)) result.push(fault);
    return result;
  }

  listFaults(): readonly ActiveFault[] {
    return [...this.faults.values()];
  }

  inject(spec: FaultSpec): ActiveFault {
    const checked = validateFault(spec);
    const id = checked.id ?? `f${this.nextFaultId++}`;
    if (this.faults.has(id)) this.clear(id);
    const fault: ActiveFault = { ...checked, id, sinceMs: this.options.clock.now() };
    this.faults.set(id, fault);
    this.applyFaults();
    this.emit({ event: 'fault-injected', fault });
    if (fault.durationS !== undefined && fault.durationS > 0) {
      const timer = setTimeout(
        () => {
          this.timers.delete(timer);
          if (this.faults.get(id) === fault) this.clear(id);
        },
        wallDelay(this.options.clock, fault.durationS * 1000),
      );
      this.timers.add(timer);
    }
    return fault;
  }

  clear(id: string): boolean {
    const removed = this.faults.delete(id);
    if (removed) {
      this.applyFaults();
      this.emit({ event: 'fault-cleared', id });
    }
    return removed;
  }

  clearAll(): number {
    const ids = [...this.faults.keys()];
    for (const id of ids) this.clear(id);
    return ids.length;
  }

  /** Equipment faults live in the physical model; connection faults in the devices. */
  private applyFaults(): void {
    this.world.advanceTo(this.options.clock.now());
    for (const entry of this.world.allHouses()) {
      const target = { site: entry.site, zone: entry.zone };
      const active = [...this.faults.values()].filter((fault) => faultMatches(fault, target));
      const houseLevel = (type: ActiveFault['type']) =>
        active.some(
          (fault) =>
            fault.type === type &&
            (fault.device === undefined ||
              this.deviceKindIn(entry.site, entry.zone, fault.device) !== undefined),
        );
      entry.state.heater.failed = houseLevel('heater-failure');
      entry.state.benchHeat.runaway = houseLevel('bench-heat-runaway');
      entry.state.boom.valve = houseLevel('valve-stuck-open')
        ? 'stuck-open'
        : houseLevel('valve-stuck-closed')
          ? 'stuck-closed'
          : 'none';
      entry.state.powered = !active.some((fault) => fault.type === 'power-cut');
    }
    for (const device of this.devices) device.reconcile();
  }

  private deviceKindIn(site: string, zone: string, device: string): string | undefined {
    return this.devices.find(
      (candidate) => candidate.site === site && candidate.zone === zone && candidate.device === device,
    )?.kind;
  }

  setWeather(site: string, override: WeatherOverride): void {
    this.world.setWeatherOverride(site, override);
    this.emit({ event: 'weather-override', site, override });
  }

  findDevices(target: { site?: string; zone?: string; device?: string }): SimulatedDevice[] {
    return this.devices.filter((device) => faultMatches(target as FaultSpec, device));
  }

  listDevices(): Record<string, unknown>[] {
    return this.devices.map((device) => device.describe());
  }

  connectedCount(): number {
    return this.devices.filter((device) => device.connected).length;
  }

  /** The physical state of a house for the control channel and tests. */
  houseState(site: string, zone: string): Record<string, unknown> | undefined {
    this.world.advanceTo(this.options.clock.now());
    const entry = this.world.house(site, zone);
    if (entry === undefined) return undefined;
    const house = entry.state;
    const weather = this.world.weather(site);
    return {
      site,
      zone,
      kind: entry.params.kind,
      ts: house.timeMs,
      airTempC: house.airTempC,
      airRhPct: relativeHumidityOf(house),
      co2Ppm: house.co2Ppm,
      lightLux: house.lightLux,
      surfaceTempC: house.surfaceTempC,
      blanketClosed: house.blanketClosed,
      ventPct: house.ventPct,
      powered: house.powered,
      heater: { ...house.heater },
      benchHeat: { ...house.benchHeat, benchTempC: benchTempC(house) },
      boom: { ...house.boom },
      benches: house.benches.map((bench) => ({ ...bench })),
      outside: weather,
    };
  }
}
