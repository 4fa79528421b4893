import {
  devicePrefix,
  deviceTopic,
  wallDelay,
  type AckPayload,
  type AckResult,
  type Clock,
  type DeviceCredentials,
  type MetricValue,
  type TelemetrySample,
} from '#contracts';
import { DeviceLink } from './device-link.js';
import { HandledCommands, applyCommand, checkCommand, readCommand } from './device-commands.js';
import type { ActiveFault } from './faults.js';
import { MALFORMED_KINDS } from './faults.js';
import { malformedMessage } from './malformed-messages.js';
import { BENCH_SAFETY_CUT_C } from './physics/house-controllers.js';
import { benchTempC } from './physics/house.js';
import { applySensorFaults } from './sensor-faults.js';
import { TelemetryBacklog } from './telemetry-backlog.js';
import { isActuator, metaMetrics, stateValues, telemetryValues } from './readings.js';
import type { HouseEntry, World } from './world.js';

/** Actuators repeat their retained state this often (simulated), docs/domain.md §4.2. */
export const STATE_HEARTBEAT_MS = 5 * 60_000;

export interface LifecycleEvent {
  readonly event: string;
  readonly [key: string]: unknown;
}

export interface DeviceContext {
  readonly brokerUrl: string;
  readonly clock: Clock;
  readonly world: World;
  readonly seed: number;
  readonly fw: string;
  readonly reconnectPeriodMs: number;
  readonly scale: boolean;
  faultsFor(device: SimulatedDevice): readonly ActiveFault[];
  emit(event: LifecycleEvent): void;
}

/**
 * One field device: its own MQTT connection (3.1.1, persistent session, clientId = username),
 * presence with a last will, `meta` at start, `tele` on its interval, retained `state` for
 * actuators, commands on `cmd/#` answered on `ack`. It buffers telemetry while it cannot send
 * and replays it as backlog arrays.
 */
export class SimulatedDevice {
  readonly site: string;
  readonly zone: string;
  readonly device: string;
  private readonly link: DeviceLink;
  private running = false;
  private paused = false;
  private seq = 0;
  private readonly backlog = new TelemetryBacklog();
  private teleTimer: NodeJS.Timeout | undefined;
  private nextTeleMs = 0;
  private lastStateJson: string | undefined;
  private lastStateMs = 0;
  private readonly handled = new HandledCommands();
  private readonly stuckValues = new Map<string, MetricValue>();
  private readonly oneShotsDone = new Set<string>();
  private overTemperature = false;
  private wasSilenced = false;
  private teleStarted = false;
  private startDelayMs = 0;
  private readonly prefix: string;

  constructor(
    readonly credentials: DeviceCredentials,
    private readonly context: DeviceContext,
  ) {
    this.site = credentials.site;
    this.zone = credentials.zone;
    this.device = credentials.device;
    this.prefix = devicePrefix(credentials);
    this.link = new DeviceLink(credentials, context.brokerUrl, context.reconnectPeriodMs);
  }

  get kind() {
    return this.credentials.kind;
  }

  get connected(): boolean {
    return this.link.connected;
  }

  get isPaused(): boolean {
    return this.paused;
  }

  /** Messages published (for the soak's counts). */
  get published(): number {
    return this.link.published;
  }

  get bufferedSamples(): number {
    return this.backlog.size;
  }

  private get house(): HouseEntry | undefined {
    return this.context.world.house(this.site, this.zone);
  }

  private faults(): readonly ActiveFault[] {
    return this.context.faultsFor(this);
  }

  private hasFault(type: ActiveFault['type']): boolean {
    return this.faults().some((fault) => fault.type === type);
  }

  private powered(): boolean {
    return this.house?.state.powered ?? !this.hasFault('power-cut');
  }

  /** Device time: the simulated clock plus any injected skew. */
  private deviceNow(): number {
    const skew = this.faults().find((fault) => fault.type === 'clock-skew');
    return this.context.clock.now() + (skew === undefined ? 0 : (skew.offsetS ?? 300) * 1000);
  }

  /** Connects; telemetry starts `startDelayMs` (simulated) after the first connection. */
  start(startDelayMs = 0): void {
    this.running = true;
    this.startDelayMs = startDelayMs;
    this.reconcile();
  }

  private startTelemetry(): void {
    if (this.teleStarted || !this.running) return;
    this.teleStarted = true;
    this.nextTeleMs = this.context.clock.now() + this.startDelayMs;
    this.scheduleTele();
  }

  /** Brings the connection in line with power, faults and pause. */
  reconcile(): void {
    const wanted = this.running && this.powered() && !this.hasFault('disconnect');
    if (wanted && !this.link.open) this.connect();
    if (!wanted && this.link.open) this.dropConnection();
    const silenced = this.hasFault('silence');
    if (this.wasSilenced && !silenced && this.connected) this.afterLinkRestored();
    this.wasSilenced = silenced;
  }

  private connect(): void {
    this.link.connect({
      connected: (sessionPresent) => {
        this.context.emit({ event: 'device-connected', device: this.username(), sessionPresent });
        this.publish('status', { online: true, ts: this.deviceNow(), fw: this.context.fw }, true);
        this.publish(
          'meta',
          {
            model: `yumiao-sim-${this.kind}`,
            fw: this.context.fw,
            metrics: metaMetrics(this.kind, this.credentials.intervalS, this.context.scale),
          },
          true,
        );
        if (isActuator(this.kind)) this.link.subscribe(`${this.prefix}/cmd/#`);
        if (!this.hasFault('silence')) this.afterLinkRestored();
        this.startTelemetry();
      },
      message: (topic, payload) => this.onMessage(topic, payload),
      offline: () => this.context.emit({ event: 'device-offline', device: this.username() }),
      error: (message) => this.context.emit({ event: 'device-error', device: this.username(), message }),
      publishError: (message) =>
        this.context.emit({ event: 'publish-error', device: this.username(), message }),
    });
  }

  /** Ends the socket without DISCONNECT, so the broker publishes the last will. */
  private dropConnection(): void {
    if (this.link.drop()) this.context.emit({ event: 'device-dropped', device: this.username() });
  }

  username(): string {
    return this.credentials.username;
  }

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
  }

  /** Stops the device; a graceful stop publishes `online: false` itself before disconnecting. */
  async stop(graceful = true): Promise<void> {
    this.running = false;
    if (this.teleTimer !== undefined) clearTimeout(this.teleTimer);
    await this.link.close(
      graceful,
      deviceTopic(this.credentials, 'status'),
      JSON.stringify({ online: false, ts: this.deviceNow(), reason: 'stopped' }),
    );
  }

  private scheduleTele(): void {
    if (!this.running) return;
    const interval = this.credentials.intervalS * 1000;
    const delay = wallDelay(this.context.clock, this.nextTeleMs - this.context.clock.now());
    this.teleTimer = setTimeout(() => {
      const now = this.context.clock.now();
      this.nextTeleMs += interval;
      // Behind by more than an interval (a paused process, a very high speed): skip, do not flood.
      if (this.nextTeleMs < now) this.nextTeleMs = now + interval;
      this.onTeleDue(now);
      this.scheduleTele();
    }, delay);
    this.teleTimer.unref?.();
  }

  private onTeleDue(now: number): void {
    if (this.paused || !this.powered()) return;
    this.context.world.advanceTo(now);
    const values = applySensorFaults(
      this.faults(),
      telemetryValues({
        kind: this.kind,
        device: this.device,
        house: this.house?.state,
        weather: this.context.world.weather(this.site, now),
        noiseKey: this.credentials.username,
        seq: this.seq,
        seed: this.context.seed,
        scale: this.context.scale,
      }),
      now,
      this.stuckValues,
      this.oneShotsDone,
    );
    if (Object.keys(values).length === 0) return;
    const sample: TelemetrySample = { ts: this.deviceNow(), seq: this.seq++, values };
    this.sendTele(sample);
    this.checkState(false);
    this.checkLocalEvents();
  }

  /** Device-side events on `evt`: the bench thermostat's safety cut-out (docs/domain.md §2.2). */
  private checkLocalEvents(): void {
    const house = this.house?.state;
    if (this.kind !== 'bench-heat' || house === undefined || !this.canSend()) return;
    const temperature = benchTempC(house);
    const over = temperature >= BENCH_SAFETY_CUT_C;
    if (over === this.overTemperature) return;
    this.overTemperature = over;
    this.publish(
      'evt',
      {
        ts: this.deviceNow(),
        type: over ? 'bench_overtemp_cut' : 'bench_overtemp_cleared',
        detail: {
          bench_temp_c: Math.round(temperature * 10) / 10,
          runaway_suspected: over && house.benchHeat.runaway,
        },
      },
      false,
    );
  }

  private canSend(): boolean {
    return this.connected && !this.hasFault('silence');
  }

  private sendTele(sample: TelemetrySample): void {
    if (!this.canSend()) {
      this.backlog.add(sample);
      return;
    }
    const burst = this.faults().find((fault) => fault.type === 'duplicate-burst');
    const copies = burst === undefined ? 1 : Math.max(1, burst.count ?? 5);
    const payload = JSON.stringify(sample);
    for (let copy = 0; copy < copies; copy++)
      this.publishRaw(deviceTopic(this.credentials, 'tele'), payload, false);
    this.sendMalformed();
  }

  /** Sends the backlog in arrays of at most 1,000, then the current state. */
  private afterLinkRestored(): void {
    this.flushBacklog();
    this.checkState(true);
  }

  private flushBacklog(): void {
    if (this.backlog.size === 0 || !this.canSend()) return;
    const { payloads, samples, dropped } = this.backlog.take(this.hasFault('out-of-order-backlog'));
    for (const payload of payloads) this.publishRaw(deviceTopic(this.credentials, 'tele'), payload, false);
    this.context.emit({
      event: 'backlog-sent',
      device: this.username(),
      samples,
      messages: payloads.length,
      dropped,
    });
  }

  /** Publishes `state` when it changed, or as the 5-minute heartbeat. */
  checkState(force: boolean): void {
    if (!isActuator(this.kind) || !this.canSend() || this.paused) return;
    const values = stateValues(this.kind, this.house?.state);
    if (values === undefined) return;
    const json = JSON.stringify(values);
    const now = this.context.clock.now();
    if (!force && json === this.lastStateJson && now - this.lastStateMs < STATE_HEARTBEAT_MS) return;
    this.lastStateJson = json;
    this.lastStateMs = now;
    this.publish('state', { ts: this.deviceNow(), values }, true);
  }

  private publish(
    channel: 'status' | 'meta' | 'state' | 'ack' | 'evt',
    body: unknown,
    retain: boolean,
  ): void {
    this.publishRaw(deviceTopic(this.credentials, channel), JSON.stringify(body), retain);
  }

  private publishRaw(topic: string, payload: string, retain: boolean): void {
    this.link.publish(topic, payload, retain);
  }

  private sendMalformed(): void {
    for (const fault of this.faults()) {
      if (fault.type !== 'malformed' || this.oneShotsDone.has(fault.id)) continue;
      this.oneShotsDone.add(fault.id);
      const kinds = fault.kinds ?? MALFORMED_KINDS;
      for (const kind of kinds) {
        const [topic, payload] = malformedMessage(kind, this.prefix, this.deviceNow());
        this.publishRaw(topic, payload, false);
      }
      this.context.emit({ event: 'malformed-sent', device: this.username(), kinds });
    }
  }

  private onMessage(topic: string, payload: Buffer): void {
    const name = topic.startsWith(`${this.prefix}/cmd/`) ? topic.slice(this.prefix.length + 5) : undefined;
    if (name === undefined) return;
    if (this.hasFault('silence')) return;
    const read = readCommand(payload);
    if (read === undefined) {
      this.context.emit({ event: 'command-unreadable', device: this.username(), topic });
      return;
    }
    const { id, command } = read;
    const previous = this.handled.get(id);
    if (previous !== undefined) {
      this.ack(id, 'duplicate', `already handled: ${previous}`);
      return;
    }
    const result = this.execute(name, command);
    this.handled.remember(id, result.result);
    this.ack(id, result.result, result.msg);
    if (result.result === 'ok') this.checkState(true);
    this.context.emit({ event: 'command', device: this.username(), name, id, result: result.result });
  }

  private execute(name: string, command: Record<string, unknown>): { result: AckResult; msg?: string } {
    const checked = checkCommand(name, command, this.kind, this.deviceNow());
    if (!checked.ok) return checked.answer;
    const entry = this.house;
    if (entry === undefined) return { result: 'failed', msg: 'no controlled equipment in this zone' };
    if (this.hasFault('command-fail')) return { result: 'failed', msg: 'controller fault (injected)' };
    this.context.world.advanceTo(this.context.clock.now());
    return applyCommand(entry, checked.name, checked.params);
  }

  private ack(id: string, result: AckResult, msg: string | undefined): void {
    const state = stateValues(this.kind, this.house?.state);
    const payload: AckPayload = {
      id,
      ts: this.deviceNow(),
      result,
      ...(msg === undefined ? {} : { msg }),
      ...(state === undefined ? {} : { state }),
    };
    this.publish('ack', payload, false);
  }

  describe(): Record<string, unknown> {
    return {
      site: this.site,
      zone: this.zone,
      device: this.device,
      kind: this.kind,
      username: this.username(),
      connected: this.connected,
      paused: this.paused,
      seq: this.seq,
      buffered: this.backlog.size,
      published: this.link.published,
      faults: this.faults().map((fault) => fault.id),
    };
  }
}
