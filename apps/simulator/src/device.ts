import mqtt, { type MqttClient } from 'mqtt';
import {
  COMMAND_DEVICE_KIND,
  COMMAND_NAMES,
  MAX_BACKLOG_SAMPLES,
  devicePrefix,
  deviceTopic,
  timestampToMs,
  validateCommandParams,
  wallDelay,
  type AckPayload,
  type AckResult,
  type Clock,
  type CommandName,
  type DeviceCredentials,
  type MetricValue,
  type TelemetrySample,
} from '#contracts';
import type { ActiveFault, MalformedKind } from './faults.js';
import { MALFORMED_KINDS } from './faults.js';
import { BENCH_SAFETY_CUT_C, startIrrigation } from './physics/house-controllers.js';
import { benchTempC } from './physics/house.js';
import { isActuator, metaMetrics, stateValues, telemetryValues } from './readings.js';
import type { HouseEntry, World } from './world.js';

/** Samples a device keeps while it cannot send (oldest dropped first): 10 backlog messages. */
export const MAX_BUFFERED_SAMPLES = 10_000;
/** Actuators repeat their retained state this often (simulated), docs/domain.md §4.2. */
export const STATE_HEARTBEAT_MS = 5 * 60_000;
const HANDLED_COMMANDS_KEPT = 1000;

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
  private client: MqttClient | undefined;
  private running = false;
  private paused = false;
  private seq = 0;
  private backlog: TelemetrySample[] = [];
  private droppedSamples = 0;
  private teleTimer: NodeJS.Timeout | undefined;
  private nextTeleMs = 0;
  private lastStateJson: string | undefined;
  private lastStateMs = 0;
  private readonly handled = new Map<string, AckResult>();
  private readonly stuckValues = new Map<string, MetricValue>();
  private readonly oneShotsDone = new Set<string>();
  private overTemperature = false;
  private wasSilenced = false;
  private teleStarted = false;
  private startDelayMs = 0;
  private readonly prefix: string;
  published = 0;

  constructor(
    readonly credentials: DeviceCredentials,
    private readonly context: DeviceContext,
  ) {
    this.site = credentials.site;
    this.zone = credentials.zone;
    this.device = credentials.device;
    this.prefix = devicePrefix(credentials);
  }

  get kind() {
    return this.credentials.kind;
  }

  get connected(): boolean {
    return this.client?.connected === true;
  }

  get isPaused(): boolean {
    return this.paused;
  }

  get bufferedSamples(): number {
    return this.backlog.length;
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
    if (wanted && this.client === undefined) this.connect();
    if (!wanted && this.client !== undefined) this.dropConnection();
    const silenced = this.hasFault('silence');
    if (this.wasSilenced && !silenced && this.connected) this.afterLinkRestored();
    this.wasSilenced = silenced;
  }

  private connect(): void {
    const { credentials, context } = this;
    const client = mqtt.connect(context.brokerUrl, {
      protocolVersion: 4,
      clean: false,
      clientId: credentials.username,
      username: credentials.username,
      password: credentials.password === '' ? undefined : credentials.password,
      reconnectPeriod: context.reconnectPeriodMs,
      // A field device keeps trying after a refusal (a restarting api answers "server unavailable"
      // for a moment); mqtt.js would otherwise give up for good on any refused CONNACK.
      reconnectOnConnackError: true,
      connectTimeout: 10_000,
      keepalive: 30,
      queueQoSZero: false,
      will: {
        topic: deviceTopic(credentials, 'status'),
        payload: Buffer.from('{"online":false}'),
        qos: 1,
        retain: true,
      },
    });
    this.client = client;
    client.on('connect', (connack) => {
      if (this.client !== client) return;
      this.context.emit({
        event: 'device-connected',
        device: this.username(),
        sessionPresent: connack.sessionPresent,
      });
      this.publish('status', { online: true, ts: this.deviceNow(), fw: context.fw }, true);
      this.publish(
        'meta',
        {
          model: `yumiao-sim-${this.kind}`,
          fw: context.fw,
          metrics: metaMetrics(this.kind, credentials.intervalS, context.scale),
        },
        true,
      );
      if (isActuator(this.kind)) client.subscribe(`${this.prefix}/cmd/#`, { qos: 1 });
      if (!this.hasFault('silence')) this.afterLinkRestored();
      this.startTelemetry();
    });
    client.on('message', (topic, payload) => this.onMessage(topic, payload));
    client.on('offline', () => {
      if (this.client === client) this.context.emit({ event: 'device-offline', device: this.username() });
    });
    client.on('error', (error) => {
      if (this.client === client)
        this.context.emit({ event: 'device-error', device: this.username(), message: error.message });
    });
  }

  /** Ends the socket without DISCONNECT, so the broker publishes the last will. */
  private dropConnection(): void {
    const client = this.client;
    this.client = undefined;
    if (client === undefined) return;
    client.end(true);
    this.context.emit({ event: 'device-dropped', device: this.username() });
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
    const client = this.client;
    this.client = undefined;
    if (client === undefined) return;
    if (graceful && client.connected) {
      await client
        .publishAsync(
          deviceTopic(this.credentials, 'status'),
          JSON.stringify({ online: false, ts: this.deviceNow(), reason: 'stopped' }),
          { qos: 1, retain: true },
        )
        .catch(() => undefined);
      await client.endAsync(false).catch(() => undefined);
    } else {
      client.end(true);
    }
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
    const values = this.applySensorFaults(
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

  private applySensorFaults(values: Record<string, MetricValue>, now: number): Record<string, MetricValue> {
    for (const fault of this.faults()) {
      if (fault.type !== 'stuck' && fault.type !== 'drift' && fault.type !== 'spike') continue;
      const keys = Object.keys(values).filter(
        (key) => (fault.metric === undefined || fault.metric === key) && typeof values[key] === 'number',
      );
      for (const key of keys) {
        const value = values[key] as number;
        if (fault.type === 'stuck') {
          const stuckKey = `${fault.id}/${key}`;
          if (!this.stuckValues.has(stuckKey)) this.stuckValues.set(stuckKey, value);
          values[key] = this.stuckValues.get(stuckKey)!;
        } else if (fault.type === 'drift') {
          const hours = (now - fault.sinceMs) / 3_600_000;
          values[key] = Math.round((value + (fault.ratePerHour ?? 1) * hours) * 100) / 100;
        } else if (!this.oneShotsDone.has(`${fault.id}/${key}`)) {
          this.oneShotsDone.add(`${fault.id}/${key}`);
          values[key] = Math.round((value + (fault.magnitude ?? 25)) * 100) / 100;
        }
      }
    }
    return values;
  }

  private canSend(): boolean {
    return this.connected && !this.hasFault('silence');
  }

  private sendTele(sample: TelemetrySample): void {
    if (!this.canSend()) {
      this.backlog.push(sample);
      if (this.backlog.length > MAX_BUFFERED_SAMPLES) {
        this.backlog.splice(0, this.backlog.length - MAX_BUFFERED_SAMPLES);
        this.droppedSamples += 1;
      }
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
    if (this.backlog.length === 0 || !this.canSend()) return;
    let samples = this.backlog;
    this.backlog = [];
    if (this.hasFault('out-of-order-backlog')) samples = [...samples].reverse();
    const messages = Math.ceil(samples.length / MAX_BACKLOG_SAMPLES);
    for (let index = 0; index < messages; index++) {
      this.publishRaw(
        deviceTopic(this.credentials, 'tele'),
        JSON.stringify(samples.slice(index * MAX_BACKLOG_SAMPLES, (index + 1) * MAX_BACKLOG_SAMPLES)),
        false,
      );
    }
    this.context.emit({
      event: 'backlog-sent',
      device: this.username(),
      samples: samples.length,
      messages,
      dropped: this.droppedSamples,
    });
    this.droppedSamples = 0;
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
    const client = this.client;
    if (client === undefined || !client.connected) return;
    this.published += 1;
    client.publish(topic, payload, { qos: 1, retain }, (error) => {
      if (error !== undefined && error !== null && this.client === client) {
        this.context.emit({ event: 'publish-error', device: this.username(), message: error.message });
      }
    });
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
    let command: Record<string, unknown>;
    try {
      const parsed: unknown = JSON.parse(payload.toString('utf8'));
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
        throw new Error('not an object');
      command = parsed as Record<string, unknown>;
    } catch {
      this.context.emit({ event: 'command-unreadable', device: this.username(), topic });
      return;
    }
    const id =
      typeof command['id'] === 'string' && command['id'].length > 0 ? command['id'].slice(0, 64) : undefined;
    if (id === undefined) {
      this.context.emit({ event: 'command-unreadable', device: this.username(), topic });
      return;
    }
    const previous = this.handled.get(id);
    if (previous !== undefined) {
      this.ack(id, 'duplicate', `already handled: ${previous}`);
      return;
    }
    const result = this.execute(name, command);
    this.remember(id, result.result);
    this.ack(id, result.result, result.msg);
    if (result.result === 'ok') this.checkState(true);
    this.context.emit({ event: 'command', device: this.username(), name, id, result: result.result });
  }

  private remember(id: string, result: AckResult): void {
    this.handled.set(id, result);
    if (this.handled.size > HANDLED_COMMANDS_KEPT) {
      const oldest = this.handled.keys().next().value;
      if (oldest !== undefined) this.handled.delete(oldest);
    }
  }

  private execute(name: string, command: Record<string, unknown>): { result: AckResult; msg?: string } {
    if (!(COMMAND_NAMES as readonly string[]).includes(name))
      return { result: 'rejected', msg: `unknown command ${name}` };
    const commandName = name as CommandName;
    if (COMMAND_DEVICE_KIND[commandName] !== this.kind)
      return { result: 'rejected', msg: `${name} is not for a ${this.kind} device` };
    const expires = command['expires'];
    const expiresMs =
      typeof expires === 'number' || typeof expires === 'string' ? timestampToMs(expires) : undefined;
    if (expiresMs === undefined) return { result: 'rejected', msg: 'expires missing or not a timestamp' };
    if (expiresMs < this.deviceNow())
      return { result: 'expired', msg: `expired at ${new Date(expiresMs).toISOString()}` };
    const checked = validateCommandParams(commandName, command['params']);
    if (!checked.ok) return { result: 'rejected', msg: checked.detail };
    const entry = this.house;
    if (entry === undefined) return { result: 'failed', msg: 'no controlled equipment in this zone' };
    if (this.hasFault('command-fail')) return { result: 'failed', msg: 'controller fault (injected)' };
    this.context.world.advanceTo(this.context.clock.now());
    const house = entry.state;
    switch (commandName) {
      case 'setpoint': {
        const params = checked.params as { sp_c: number };
        house.heater.spC = params.sp_c;
        house.heater.mode = 'auto';
        return { result: 'ok' };
      }
      case 'irrigate': {
        const params = checked.params as { seconds?: number; passes?: number; benches?: readonly string[] };
        const benches = params.benches?.map((bench) => normaliseBench(bench));
        const unknown = benches?.filter((bench) => !house.benches.some((group) => group.id === bench));
        if (unknown !== undefined && unknown.length > 0)
          return { result: 'rejected', msg: `unknown benches ${unknown.join(', ')}` };
        if (!house.powered) return { result: 'failed', msg: 'no mains power' };
        startIrrigation(house, entry.params, { ...params, benches });
        return { result: 'ok' };
      }
      case 'bench-heat': {
        const params = checked.params as { on: boolean; sp_c?: number };
        house.benchHeat.enabled = params.on;
        if (params.sp_c !== undefined) house.benchHeat.spC = params.sp_c;
        if (!params.on) house.benchHeat.on = false;
        return { result: 'ok' };
      }
      case 'siren':
        // The simulated nursery has no siren; a siren device, if one is configured, just obeys.
        return { result: 'ok' };
    }
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
      buffered: this.backlog.length,
      published: this.published,
      faults: this.faults().map((fault) => fault.id),
    };
  }
}

/** Bench ids in commands: `b2`, `2` or the probe's name `substrate-2`. */
export function normaliseBench(bench: string): string {
  const match = /(\d+)$/.exec(bench);
  return match === null ? bench : `b${match[1]}`;
}

/** One malformed message of each kind the ingest must dead-letter (issue 3). */
export function malformedMessage(
  kind: MalformedKind,
  prefix: string,
  ts: number,
): [topic: string, payload: string] {
  const tele = `${prefix}/tele`;
  switch (kind) {
    case 'invalid-json':
      return [tele, `{"ts":${ts},"values":{"air_temp_c":`];
    case 'wrong-types':
      return [tele, JSON.stringify({ ts, values: { air_temp_c: '18.5', air_rh_pct: true } })];
    case 'nan-text':
      return [tele, `{"ts":${ts},"values":{"air_temp_c":NaN,"air_rh_pct":Infinity}}`];
    case 'out-of-range':
      return [tele, JSON.stringify({ ts, values: { air_temp_c: 500, air_rh_pct: 140 } })];
    case 'unknown-metric':
      return [tele, JSON.stringify({ ts, values: { soil_magic_x: 1 } })];
    case 'too-large':
      return [tele, JSON.stringify({ ts, values: { air_temp_c: 18 }, padding: 'x'.repeat(300 * 1024) })];
    case 'bad-topic':
      return [`${prefix}/tele/extra/level`, JSON.stringify({ ts, values: { air_temp_c: 18 } })];
    case 'array-too-long':
      return [
        tele,
        JSON.stringify(
          Array.from({ length: MAX_BACKLOG_SAMPLES + 1 }, (_, index) => ({
            ts: ts - (MAX_BACKLOG_SAMPLES + 1 - index) * 1000,
            values: { air_temp_c: 18 },
          })),
        ),
      ];
  }
}
