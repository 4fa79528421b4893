import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { MqttClient } from 'mqtt';
import { commandTopic, createClock, deviceTopic, type AckPayload, type DeviceCredentials } from '#contracts';
import { mqttClient, uniqueId, useTestBroker, waitFor, type TestBroker } from '#testing';
import { startControlServer } from './control-server.js';
import type { LifecycleEvent } from './device.js';
import { Simulator } from './simulator.js';

/**
 * The simulator against a real broker: TEST_MQTT_URL when set (the machine's Mosquitto,
 * mqtt://127.0.0.1:1883), else the in-process aedes of #testing. At speed 600 a 10 s interval is
 * 17 ms of wall time and a simulated hour six seconds.
 */
const SPEED = 600;
const JANUARY_EVENING = Date.parse('2027-01-15T12:00:00Z'); // 20:00 in Shanxi

interface Received {
  readonly topic: string;
  readonly text: string;
  readonly retain: boolean;
}

describe('simulator on a real broker', () => {
  let broker: TestBroker;
  let observer: MqttClient;
  let simulator: Simulator;
  let control: Awaited<ReturnType<typeof startControlServer>>;
  const messages: Received[] = [];
  const events: LifecycleEvent[] = [];
  const site = uniqueId('sim')
    .replace(/[^a-z0-9-]/g, '')
    .toLowerCase();
  const device = (
    zone: string,
    name: string,
    kind: DeviceCredentials['kind'],
    intervalS: number,
  ): DeviceCredentials => ({
    site,
    zone,
    device: name,
    kind,
    username: `${site}-${zone}-${name}`,
    password: '',
    intervalS,
  });
  const devices = [
    device('gh1', 'env-1', 'env', 10),
    device('gh1', 'substrate-1', 'substrate', 30),
    device('gh1', 'heater-1', 'heater', 60),
    device('gh1', 'boom-1', 'boom', 60),
    device('gh1', 'bench-heat-1', 'bench-heat', 60),
    device('outdoor', 'weather-1', 'weather', 60),
  ];
  const heater = devices[2];
  const control$ = async (method: string, path: string, body?: unknown): Promise<unknown> => {
    const response = await fetch(`http://127.0.0.1:${control.port}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    expect(response.status).toBe(200);
    return response.json();
  };
  const on = (topic: string) => messages.filter((message) => message.topic === topic);
  const acks = () => on(deviceTopic(heater, 'ack')).map((message) => JSON.parse(message.text) as AckPayload);

  beforeAll(async () => {
    broker = await useTestBroker();
    observer = await mqttClient(broker.url);
    observer.on('message', (topic, payload, packet) =>
      messages.push({ topic, text: payload.toString('utf8'), retain: packet.retain }),
    );
    await observer.subscribeAsync(`nursery/v1/${site}/#`, { qos: 1 });
    const clock = createClock({ start: JANUARY_EVENING, anchor: Date.now(), speed: SPEED });
    simulator = new Simulator({
      brokerUrl: broker.url,
      devices,
      clock,
      seed: 42,
      emit: (event) => events.push(event),
      reconnectPeriodMs: 200,
    });
    control = await startControlServer(simulator, 0);
    simulator.start();
    await waitFor(() => events.some((event) => event.event === 'devices-connected'), {
      timeoutMs: 10_000,
      what: 'all devices connected',
    });
  }, 20_000);

  afterAll(async () => {
    await simulator?.stop(true);
    control?.server.closeAllConnections();
    control?.server.close();
    // Leave nothing retained on a shared broker.
    for (const credentials of devices) {
      for (const channel of ['status', 'state', 'meta'] as const) {
        await observer.publishAsync(deviceTopic(credentials, channel), '', { qos: 1, retain: true });
      }
    }
    // Nor persistent sessions: a clean connection under each device's client id ends its session.
    for (const credentials of devices) {
      const cleaner = await mqttClient(broker.url, { clientId: credentials.username, clean: true });
      await cleaner.endAsync();
    }
    await observer?.endAsync();
    await broker?.close();
  });

  it('publishes status, meta, telemetry of every device and retained actuator state', async () => {
    for (const credentials of devices) {
      await waitFor(() => on(deviceTopic(credentials, 'tele')).length >= 1, {
        timeoutMs: 10_000,
        what: `tele of ${credentials.device}`,
      });
      const status = JSON.parse(on(deviceTopic(credentials, 'status'))[0].text) as {
        online: boolean;
        fw: string;
      };
      expect(status).toMatchObject({ online: true, fw: expect.any(String) });
      expect(on(deviceTopic(credentials, 'meta')).length).toBeGreaterThanOrEqual(1);
    }
    const envTele = on(deviceTopic(devices[0], 'tele')).map(
      (message) => JSON.parse(message.text) as { ts: number; seq: number; values: Record<string, number> },
    );
    expect(envTele[0].values).toEqual({
      air_temp_c: expect.any(Number),
      air_rh_pct: expect.any(Number),
      co2_ppm: expect.any(Number),
      light_lux: expect.any(Number),
    });
    // Stamped with simulated time: a January evening, not today.
    expect(Math.abs(envTele[0].ts - JANUARY_EVENING)).toBeLessThan(3_600_000);
    expect(envTele.every((sample, index) => index === 0 || sample.seq > envTele[index - 1].seq)).toBe(true);
    await waitFor(() => on(deviceTopic(heater, 'state')).length >= 1, { what: 'heater state' });
    expect(JSON.parse(on(deviceTopic(heater, 'state'))[0].text)).toMatchObject({
      values: { sp_c: 15, mode: 'auto', heater_on: expect.any(Boolean) },
    });
    // A late subscriber gets the state and the presence as retained messages.
    const late = await mqttClient(broker.url);
    const retained: Received[] = [];
    late.on('message', (topic, payload, packet) =>
      retained.push({ topic, text: payload.toString('utf8'), retain: packet.retain }),
    );
    await late.subscribeAsync([deviceTopic(heater, 'state'), deviceTopic(heater, 'status')], { qos: 1 });
    await waitFor(() => retained.length >= 2, { what: 'retained state and status' });
    // The first message on each topic is the retained one (live updates may follow at speed 600).
    for (const topic of [deviceTopic(heater, 'state'), deviceTopic(heater, 'status')]) {
      expect(retained.find((message) => message.topic === topic)?.retain).toBe(true);
    }
    await late.endAsync();
  });

  it('acknowledges a setpoint, reports the new state and the house follows it', async () => {
    const id = uniqueId('cmd');
    const now = simulator.clock.now();
    await observer.publishAsync(
      commandTopic(heater, 'setpoint'),
      JSON.stringify({ id, ts: now, expires: now + 600_000, params: { sp_c: 20 } }),
      { qos: 1 },
    );
    const ack = await waitFor(() => acks().find((candidate) => candidate.id === id), { what: 'ack' });
    expect(ack.result).toBe('ok');
    await waitFor(
      () =>
        on(deviceTopic(heater, 'state')).some(
          (message) => (JSON.parse(message.text) as { values: { sp_c: number } }).values.sp_c === 20,
        ),
      { what: 'state with sp_c 20' },
    );
    // About an hour of simulated heating.
    await waitFor(
      async () => {
        const house = (await control$('GET', `/houses/${site}/gh1`)) as { airTempC: number };
        return house.airTempC > 19;
      },
      { timeoutMs: 15_000, intervalMs: 250, what: 'gh1 air above 19 °C' },
    );
  }, 30_000);

  it('answers duplicate, expired and rejected commands', async () => {
    const now = simulator.clock.now();
    const id = uniqueId('cmd');
    const command = JSON.stringify({ id, ts: now, expires: now + 600_000, params: { sp_c: 16 } });
    await observer.publishAsync(commandTopic(heater, 'setpoint'), command, { qos: 1 });
    await observer.publishAsync(commandTopic(heater, 'setpoint'), command, { qos: 1 });
    const expiredId = uniqueId('cmd');
    await observer.publishAsync(
      commandTopic(heater, 'setpoint'),
      JSON.stringify({ id: expiredId, ts: now - 900_000, expires: now - 300_000, params: { sp_c: 30 } }),
      { qos: 1 },
    );
    const badId = uniqueId('cmd');
    await observer.publishAsync(
      commandTopic(heater, 'setpoint'),
      JSON.stringify({ id: badId, ts: now, expires: now + 600_000, params: { sp_c: 99 } }),
      { qos: 1 },
    );
    const wrongId = uniqueId('cmd');
    await observer.publishAsync(
      commandTopic(heater, 'irrigate'),
      JSON.stringify({ id: wrongId, ts: now, expires: now + 600_000, params: { passes: 1 } }),
      { qos: 1 },
    );
    await waitFor(
      () => acks().filter((ack) => [id, expiredId, badId, wrongId].includes(ack.id)).length >= 5,
      { what: 'five acks' },
    );
    const results = acks()
      .filter((ack) => ack.id === id)
      .map((ack) => ack.result);
    expect(results).toEqual(['ok', 'duplicate']);
    expect(acks().find((ack) => ack.id === expiredId)?.result).toBe('expired');
    expect(acks().find((ack) => ack.id === badId)?.result).toBe('rejected');
    expect(acks().find((ack) => ack.id === wrongId)?.result).toBe('rejected');
    expect(simulator.houseState(site, 'gh1')).toMatchObject({ heater: { spC: 16 } });
  });

  /** One pass of the boom over bench b1, answered with the boom's acknowledgement. */
  const irrigateFirstBench = async (): Promise<AckPayload> => {
    const boom = devices[3];
    const now = simulator.clock.now();
    const id = uniqueId('cmd');
    await observer.publishAsync(
      commandTopic(boom, 'irrigate'),
      JSON.stringify({ id, ts: now, expires: now + 600_000, params: { passes: 1, benches: ['b1'] } }),
      { qos: 1 },
    );
    return waitFor(
      () =>
        on(deviceTopic(boom, 'ack'))
          .map((message) => JSON.parse(message.text) as AckPayload)
          .find((candidate) => candidate.id === id),
      { what: 'boom ack' },
    );
  };

  it('irrigates on command: state shows the boom running and the substrate gets wetter', async () => {
    const boom = devices[3];
    const before = (simulator.houseState(site, 'gh1') as { benches: { vwcPct: number }[] }).benches[0].vwcPct;
    await irrigateFirstBench();
    await waitFor(
      () =>
        on(deviceTopic(boom, 'state')).some(
          (message) =>
            (JSON.parse(message.text) as { values: { irrigation_on: boolean } }).values.irrigation_on,
        ),
      { what: 'irrigation_on' },
    );
    // One pass adds up to 15 points, scaled by the room left below saturation (85 %): a bench that
    // starts near 66 % gains about 5, less the plants' use, so ask for a clear 2 points, not 5.
    await waitFor(
      () =>
        (simulator.houseState(site, 'gh1') as { benches: { vwcPct: number }[] }).benches[0].vwcPct >
        before + 2,
      { timeoutMs: 10_000, what: 'wetter substrate' },
    );
  });

  it('a disconnect fault fires the last will; clearing it brings the device back with its backlog', async () => {
    const env = devices[0];
    const statusTopic = deviceTopic(env, 'status');
    const seen = on(statusTopic).length;
    const fault = (await control$('POST', '/faults', {
      type: 'disconnect',
      site,
      zone: 'gh1',
      device: 'env-1',
    })) as { id: string };
    await waitFor(
      () =>
        on(statusTopic)
          .slice(seen)
          .some((message) => JSON.parse(message.text).online === false),
      { timeoutMs: 10_000, what: 'last will' },
    );
    // Let about 10 readings pile up (100 simulated seconds = 170 ms wall), then reconnect.
    await new Promise((resolve) => setTimeout(resolve, 400));
    await control$('DELETE', `/faults/${fault.id}`);
    await waitFor(
      () =>
        on(statusTopic)
          .slice(seen)
          .some((message) => JSON.parse(message.text).online === true),
      { what: 'online again' },
    );
    const backlog = await waitFor(
      () =>
        on(deviceTopic(env, 'tele'))
          .map((message) => JSON.parse(message.text) as unknown)
          .find((payload) => Array.isArray(payload)),
      { what: 'backlog array' },
    );
    expect((backlog as unknown[]).length).toBeGreaterThanOrEqual(3);
  }, 20_000);

  interface Tele {
    readonly ts: number;
    readonly seq: number;
    readonly values: Record<string, number>;
  }
  /** One reading, or undefined for a backlog array and for what the malformed fault sent earlier. */
  const readingOf = (text: string): Tele | undefined => {
    try {
      const payload = JSON.parse(text) as Tele | Tele[];
      return !Array.isArray(payload) && typeof payload.seq === 'number' ? payload : undefined;
    } catch {
      return undefined;
    }
  };
  const teleSince = (credentials: DeviceCredentials, sinceMs: number): Tele[] =>
    on(deviceTopic(credentials, 'tele'))
      .map((message) => readingOf(message.text))
      .filter((payload): payload is Tele => payload !== undefined && payload.ts >= sinceMs);
  const vwcOfBench = () =>
    (simulator.houseState(site, 'gh1') as { benches: { vwcPct: number }[] }).benches[0].vwcPct;
  const boomOf = () => simulator.houseState(site, 'gh1') as { boom: { remainingS: number } };
  /** Silences substrate-1 for about ten readings and answers the backlog it sends when it may again. */
  const backlogAfterSilence = async (): Promise<Tele[]> => {
    const teleTopic = deviceTopic(devices[1], 'tele');
    const fault = simulator.inject({ type: 'silence', site, zone: 'gh1', device: 'substrate-1' });
    // A reading published just before the fault may still be on its way through the broker.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const seen = on(teleTopic).length;
    // 30 s interval: 10 readings take 300 simulated seconds, half a second of wall time.
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(on(teleTopic).length).toBe(seen);
    simulator.clear(fault.id);
    return waitFor(
      () =>
        on(teleTopic)
          .slice(seen)
          .map((message) => JSON.parse(message.text) as unknown)
          .find((payload): payload is Tele[] => Array.isArray(payload)),
      { what: 'backlog' },
    );
  };

  it('silence buffers telemetry and sends it as one backlog array when it ends', async () => {
    const samples = await backlogAfterSilence();
    expect(samples.length).toBeGreaterThanOrEqual(5);
    expect(samples.every((sample, index) => index === 0 || sample.ts > samples[index - 1].ts)).toBe(true);
  });

  it('malformed faults send one message of every kind, and valid telemetry keeps flowing', async () => {
    const env = devices[0];
    const prefix = `nursery/v1/${site}/gh1/env-1`;
    const seen = messages.length;
    simulator.inject({ type: 'malformed', site, zone: 'gh1', device: 'env-1' });
    await waitFor(() => events.some((event) => event.event === 'malformed-sent'), { what: 'malformed sent' });
    // Every kind arrives, in whatever order the broker delivers them on a loaded machine.
    const parsed = (text: string): unknown => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        return undefined;
      }
    };
    await waitFor(
      () => {
        const fresh = messages.slice(seen);
        return (
          fresh.some((message) => message.topic === `${prefix}/tele/extra/level`) &&
          fresh.some((message) => message.text.includes('NaN')) &&
          fresh.some((message) => message.text.length > 256 * 1024) &&
          fresh.some((message) => {
            if (message.topic !== deviceTopic(env, 'tele')) return false;
            const payload = parsed(message.text);
            return Array.isArray(payload) && payload.length === 1001;
          })
        );
      },
      { what: 'a message of every malformed kind', timeoutMs: 15_000 },
    );
    await waitFor(
      () =>
        messages
          .slice(seen)
          .some(
            (message) =>
              message.topic === deviceTopic(env, 'tele') &&
              /"values":\{"air_temp_c":-?\d/.test(message.text) &&
              !message.text.startsWith('['),
          ),
      { what: 'valid tele' },
    );
  });

  it('a power cut takes the whole site offline (every will fires) and the site comes back', async () => {
    const seen = messages.length;
    const cut = simulator.inject({ type: 'power-cut', site });
    for (const credentials of devices) {
      await waitFor(
        () =>
          messages
            .slice(seen)
            .some(
              (message) =>
                message.topic === deviceTopic(credentials, 'status') &&
                JSON.parse(message.text).online === false,
            ),
        {
          timeoutMs: 10_000,
          what: `will of ${credentials.device}`,
        },
      );
    }
    expect(simulator.houseState(site, 'gh1')).toMatchObject({ powered: false, heater: { on: false } });
    simulator.clear(cut.id);
    for (const credentials of devices) {
      await waitFor(
        () =>
          messages
            .slice(seen)
            .some(
              (message) =>
                message.topic === deviceTopic(credentials, 'status') &&
                JSON.parse(message.text).online === true,
            ),
        {
          timeoutMs: 10_000,
          what: `${credentials.device} back online`,
        },
      );
    }
  }, 30_000);

  it('a scenario-style heater failure keeps the relay reported on while the house cools', async () => {
    await control$('PUT', '/weather', { airTempC: -15, globalWm2: 0 });
    await control$('POST', '/faults', { type: 'heater-failure', site, zone: 'gh1', id: 'hf-test' });
    const before = (simulator.houseState(site, 'gh1') as { airTempC: number }).airTempC;
    await waitFor(() => (simulator.houseState(site, 'gh1') as { airTempC: number }).airTempC < before - 2, {
      timeoutMs: 15_000,
      intervalMs: 200,
      what: 'cooling house',
    });
    const state = on(deviceTopic(heater, 'state')).map(
      (message) => JSON.parse(message.text) as { values: { heater_on: boolean } },
    );
    expect(state.at(-1)?.values.heater_on).toBe(true);
    await control$('DELETE', '/faults/hf-test');
    await control$('PUT', '/weather', {});
  }, 20_000);

  // Eight more of the fifteen faults (faults.ts), each on its own and cleared at the end.
  it('spike: one reading of the metric jumps by the magnitude, the next ones are back', async () => {
    const env = devices[0];
    const fault = simulator.inject({
      type: 'spike',
      site,
      zone: 'gh1',
      device: 'env-1',
      metric: 'air_temp_c',
      magnitude: 25,
    });
    const samples = await waitFor(
      () => (teleSince(env, fault.sinceMs).length >= 3 ? teleSince(env, fault.sinceMs) : undefined),
      {
        what: 'three readings after the spike',
      },
    );
    const before = teleSince(env, 0)
      .filter((sample) => sample.ts < fault.sinceMs)
      .at(-1)!;
    simulator.clear(fault.id);
    const [spiked, next, third] = samples.map(
      (sample) => sample.values['air_temp_c'] - before.values['air_temp_c'],
    );
    expect(spiked).toBeGreaterThan(20);
    expect(Math.abs(next)).toBeLessThan(5);
    expect(Math.abs(third)).toBeLessThan(5);
    // Only the metric named.
    expect(Math.abs(samples[0].values['air_rh_pct'] - before.values['air_rh_pct'])).toBeLessThan(10);
  });

  it('stuck: every metric of the device repeats its first value while the fault lasts', async () => {
    const env = devices[0];
    const fault = simulator.inject({ type: 'stuck', site, zone: 'gh1', device: 'env-1' });
    const samples = await waitFor(
      () => (teleSince(env, fault.sinceMs).length >= 5 ? teleSince(env, fault.sinceMs) : undefined),
      {
        what: 'five readings while stuck',
      },
    );
    simulator.clear(fault.id);
    expect(new Set(samples.map((sample) => JSON.stringify(sample.values))).size).toBe(1);
    expect(new Set(samples.map((sample) => sample.seq)).size).toBe(samples.length);
  });

  it('duplicate-burst: each reading is published count times, the same message each time', async () => {
    const env = devices[0];
    const fault = simulator.inject({ type: 'duplicate-burst', site, zone: 'gh1', device: 'env-1', count: 3 });
    const copies = () => {
      const bySeq = new Map<number, string[]>();
      for (const message of on(deviceTopic(env, 'tele'))) {
        const sample = readingOf(message.text);
        if (sample === undefined || sample.ts < fault.sinceMs) continue;
        bySeq.set(sample.seq, [...(bySeq.get(sample.seq) ?? []), message.text]);
      }
      return [...bySeq.values()];
    };
    await waitFor(() => copies().length >= 3, { what: 'three bursts' });
    simulator.clear(fault.id);
    // The last burst may still be on its way.
    for (const burst of copies().slice(0, 2)) {
      expect(burst).toHaveLength(3);
      expect(new Set(burst).size).toBe(1);
    }
  });

  it('clock-skew: the device stamps its readings offsetS ahead of the simulated clock', async () => {
    const env = devices[0];
    const topic = deviceTopic(env, 'tele');
    const leads: number[] = [];
    const listener = (received: string, payload: Buffer) => {
      if (received !== topic) return;
      const sample = readingOf(payload.toString('utf8'));
      if (sample) leads.push(sample.ts - simulator.clock.now());
    };
    observer.on('message', listener);
    await waitFor(() => leads.length >= 2, { what: 'readings without skew' });
    expect(Math.max(...leads)).toBeLessThanOrEqual(0);
    const fault = simulator.inject({ type: 'clock-skew', site, zone: 'gh1', device: 'env-1', offsetS: 3600 });
    const seen = leads.length;
    await waitFor(() => leads.length >= seen + 3, { what: 'skewed readings' });
    simulator.clear(fault.id);
    observer.off('message', listener);
    // An hour ahead, less the time the message took (30 simulated seconds per 50 ms at 600x).
    expect(Math.max(...leads.slice(seen))).toBeGreaterThan(3_000_000);
  });

  it('out-of-order-backlog: the backlog after a silence comes newest first', async () => {
    const shuffled = simulator.inject({
      type: 'out-of-order-backlog',
      site,
      zone: 'gh1',
      device: 'substrate-1',
    });
    const backlog = await backlogAfterSilence();
    simulator.clear(shuffled.id);
    expect(backlog.length).toBeGreaterThanOrEqual(5);
    expect(backlog.every((sample, index) => index === 0 || sample.ts < backlog[index - 1].ts)).toBe(true);
    expect(backlog.every((sample, index) => index === 0 || sample.seq < backlog[index - 1].seq)).toBe(true);
  });

  it('command-fail: the controller answers failed and leaves the setpoint as it was', async () => {
    const fault = simulator.inject({ type: 'command-fail', site, zone: 'gh1', device: 'heater-1' });
    const before = (simulator.houseState(site, 'gh1') as { heater: { spC: number } }).heater.spC;
    const id = uniqueId('cmd');
    const now = simulator.clock.now();
    await observer.publishAsync(
      commandTopic(heater, 'setpoint'),
      JSON.stringify({ id, ts: now, expires: now + 600_000, params: { sp_c: before + 2 } }),
      { qos: 1 },
    );
    const ack = await waitFor(() => acks().find((candidate) => candidate.id === id), { what: 'ack' });
    simulator.clear(fault.id);
    expect(ack).toMatchObject({ result: 'failed', msg: 'controller fault (injected)' });
    expect(simulator.houseState(site, 'gh1')).toMatchObject({ heater: { spC: before } });
  });

  it('valve-stuck-closed: an acknowledged irrigation runs its time and the substrate stays dry', async () => {
    const fault = simulator.inject({ type: 'valve-stuck-closed', site, zone: 'gh1' });
    const before = vwcOfBench();
    expect((await irrigateFirstBench()).result).toBe('ok');
    // The pass (240 simulated seconds) runs out, and the water it would have given had time to soak.
    const ranAt = simulator.clock.now();
    await waitFor(() => boomOf().boom.remainingS === 0 && simulator.clock.now() > ranAt + 600_000, {
      what: 'the pass to run out',
      timeoutMs: 10_000,
    });
    expect(vwcOfBench()).toBeLessThanOrEqual(before);
    simulator.clear(fault.id);
  });

  it('valve-stuck-open: the boom waters with no command and reports irrigation on', async () => {
    const boom = devices[3];
    await waitFor(() => boomOf().boom.remainingS === 0, { what: 'no irrigation running', timeoutMs: 10_000 });
    const fault = simulator.inject({ type: 'valve-stuck-open', site, zone: 'gh1' });
    const before = vwcOfBench();
    await waitFor(() => vwcOfBench() > before + 3, {
      what: 'wetter substrate without a command',
      timeoutMs: 10_000,
    });
    await waitFor(
      () =>
        on(deviceTopic(boom, 'state'))
          .map((message) => JSON.parse(message.text) as { ts: number; values: { irrigation_on: boolean } })
          .some((state) => state.ts >= fault.sinceMs && state.values.irrigation_on),
      { what: 'irrigation_on in the state' },
    );
    expect(boomOf().boom.remainingS).toBe(0);
    simulator.clear(fault.id);
  });
});
