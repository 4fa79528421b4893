import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { MqttClient } from 'mqtt';
import { waitFor } from '#testing';
import {
  connectDevice,
  startTelemetryApi,
  telemetryTopic,
  type IssuedDevice,
  type TelemetryApi,
} from './support/telemetry-harness.js';

interface DeadLetter {
  reason: string;
  topic: string;
  detail: string;
}
interface Series {
  device: string;
  step: string;
  points: { ts: string; value: number }[];
}

describe('telemetry on the embedded broker: registry, ACL, ingest, read side', () => {
  let api: TelemetryApi;
  let env1: IssuedDevice;
  let env2: IssuedDevice;
  let client: MqttClient;
  const now = Date.now();

  beforeAll(async () => {
    api = await startTelemetryApi();
    env1 = await api.register('gh1', 'env-1', 'env', 60);
    env2 = await api.register('gh1', 'env-2', 'env', 60);
    client = await connectDevice(api.mqttUrl, { username: env1.username, password: env1.password });
  });

  afterAll(async () => {
    await client?.endAsync();
    await api.close();
  });

  it('answers a device password once and lists devices without hashes', async () => {
    expect(env1.password).toMatch(/^[\w-]{24}$/);
    const list = await api.get<Record<string, unknown>[]>('/api/devices');
    expect(list.status).toBe(200);
    expect(list.body).toHaveLength(2);
    expect(JSON.stringify(list.body)).not.toContain('$7$');
    expect(JSON.stringify(list.body)).not.toContain(env1.password);
  });

  it('acknowledges a reading only once it is stored, and shows it in /latest and /readings', async () => {
    await client.publishAsync(
      telemetryTopic(env1),
      JSON.stringify({ ts: now - 1000, seq: 1, values: { air_temp_c: 18.6, air_rh_pct: 71.2 } }),
      { qos: 1 },
    );
    // No waiting: the PUBACK came after the commit.
    const series = await api.get<Series[]>(
      `/api/readings?zone=gh1&metric=air_temp_c&from=${new Date(now - 3_600_000).toISOString()}&to=${new Date(now + 60_000).toISOString()}`,
    );
    expect(series.status).toBe(200);
    expect(series.body).toEqual([
      {
        device: 'env-1',
        metric: 'air_temp_c',
        step: 'raw',
        points: [{ ts: new Date(now - 1000).toISOString(), value: 18.6 }],
      },
    ]);
    const latest = await api.get<{
      devices: { device: string; presence: string; values: { metric: string; value: number }[] }[];
    }>('/api/zones/gh1/latest');
    const device = latest.body.devices.find((d) => d.device === 'env-1');
    expect(device?.presence).toBe('online');
    expect(device?.values.map((v) => v.metric).sort()).toEqual([
      'air_rh_pct',
      'air_temp_c',
      'dew_point_c',
      'vpd_kpa',
    ]);
    const csv = await api.get<string>(
      `/api/readings?zone=gh1&metric=air_temp_c&format=csv&from=${new Date(now - 3_600_000).toISOString()}&to=${new Date(now + 60_000).toISOString()}`,
    );
    expect(csv.body).toContain('env-1,air_temp_c,raw,');
    // The fold (TelemetryJobs, once a second) adds it to the rollups.
    const stats = await waitFor(
      async () => {
        const view = await api.get<{ foldedSamples: number; lastFoldAt: string | null }>(
          '/api/telemetry/stats',
        );
        return view.body.foldedSamples >= 2 ? view.body : undefined;
      },
      { what: 'the fold of the reading into the rollups' },
    );
    expect(stats.lastFoldAt).not.toBeNull();
    const minutes = await api.get<Series[]>(
      `/api/readings?zone=gh1&metric=air_temp_c&step=1m&from=${new Date(now - 3_600_000).toISOString()}&to=${new Date(now + 60_000).toISOString()}`,
    );
    expect(minutes.body[0]?.points).toEqual([
      expect.objectContaining({
        ts: new Date(Math.floor((now - 1000) / 60_000) * 60_000).toISOString(),
        value: 18.6,
      }),
    ]);
  });

  it('(c) dead-letters every kind of bad input with its reason while valid traffic keeps flowing', async () => {
    const topic = telemetryTopic(env1);
    const bad: [string, string | Buffer][] = [
      ['invalid_json', '{"ts": 1, "values": {'],
      ['invalid_payload', JSON.stringify({ ts: now, values: { air_temp_c: { nested: 1 } } })],
      ['not_finite', `{"ts": ${now}, "values": {"air_temp_c": 1e999}}`],
      ['invalid_json', `{"ts": ${now}, "values": {"air_temp_c": NaN}}`],
      ['wrong_type', JSON.stringify({ ts: now, values: { air_temp_c: 'warm' } })],
      ['out_of_range', JSON.stringify({ ts: now, values: { air_rh_pct: 140 } })],
      ['unknown_metric', JSON.stringify({ ts: now, values: { soil_magic: 3 } })],
      ['payload_too_large', Buffer.alloc(300 * 1024, 0x20)],
      [
        'too_many_samples',
        JSON.stringify(Array.from({ length: 1001 }, (_, i) => ({ ts: now - i, values: {} }))),
      ],
      ['too_far_ahead', JSON.stringify({ ts: now + 3_600_000, values: { air_temp_c: 20 } })],
      ['too_old', JSON.stringify({ ts: now - 400 * 86_400_000, values: { air_temp_c: 20 } })],
      ['invalid_timestamp', JSON.stringify({ ts: 'yesterday', values: { air_temp_c: 20 } })],
    ];
    for (const [index, [, payload]] of bad.entries()) {
      await client.publishAsync(topic, payload, { qos: 1 });
      // Valid traffic interleaved with the bad: every good value must be stored.
      await client.publishAsync(
        topic,
        JSON.stringify({ ts: now - 100_000 + index * 1000, values: { co2_ppm: 400 + index } }),
        { qos: 1 },
      );
    }
    const gateway = await api.register('gh1', 'gw-1', 'gateway', 60);
    const gw = await connectDevice(api.mqttUrl, { username: gateway.username, password: gateway.password });
    await gw.publishAsync(
      'nursery/v1/xnz/gh1/new-sensor-7/tele',
      JSON.stringify({ ts: now, values: { air_temp_c: 20 } }),
      { qos: 1 },
    );
    await gw.endAsync();

    const letters = await api.get<DeadLetter[]>('/api/telemetry/dead-letters?limit=100');
    const reasons = letters.body.map((l) => l.reason).sort();
    expect(reasons).toEqual([...bad.map(([reason]) => reason), 'unknown_device'].sort());
    const co2 = await api.get<Series[]>(
      `/api/readings?zone=gh1&metric=co2_ppm&step=raw&from=${new Date(now - 200_000).toISOString()}&to=${new Date(now).toISOString()}`,
    );
    expect(co2.body[0]?.points).toHaveLength(bad.length);
    const pending = await api.get<{ device: string }[]>('/api/devices/pending');
    expect(pending.body.map((p) => p.device)).toEqual(['new-sensor-7']);
    const stats = await api.get<{ rejected: Record<string, number> }>('/api/telemetry/stats');
    expect(stats.body.rejected['unknown_device']).toBe(1);
    expect(stats.body.rejected['invalid_json']).toBe(2);
  });

  it('(d) refuses anonymous and wrong passwords, and a publish under another device topic', async () => {
    await expect(connectDevice(api.mqttUrl)).rejects.toThrow();
    await expect(
      connectDevice(api.mqttUrl, { username: env1.username, password: 'wrong' }),
    ).rejects.toThrow();
    const intruder = await connectDevice(api.mqttUrl, { username: env2.username, password: env2.password });
    const closed = new Promise<void>((resolve) => intruder.once('close', () => resolve()));
    intruder.publish(telemetryTopic(env1), JSON.stringify({ ts: now - 500, values: { air_temp_c: 99 } }), {
      qos: 1,
    });
    await closed;
    intruder.end(true);
    const spy = await connectDevice(api.mqttUrl, { username: env2.username, password: env2.password });
    await expect(spy.subscribeAsync(`${telemetryTopic(env1, 'cmd')}/#`, { qos: 1 })).rejects.toThrow(
      /Subscribe error/,
    );
    const own = await spy.subscribeAsync(`${telemetryTopic(env2, 'cmd')}/#`, { qos: 1 });
    expect(own[0]?.qos).toBe(1);
    await spy.endAsync();
    const temps = await api.get<Series[]>(
      `/api/readings?zone=gh1&metric=air_temp_c&step=raw&device=env-1&from=${new Date(now - 3_600_000).toISOString()}&to=${new Date(now + 60_000).toISOString()}`,
    );
    expect(temps.body[0]?.points.map((p) => p.value)).toEqual([18.6]);
  });

  it('(e) stores a 1,000-entry backlog sent twice once', async () => {
    const backlog = Array.from({ length: 1000 }, (_, i) => ({
      ts: now - 2 * 86_400_000 + i * 60_000,
      seq: i,
      values: { light_lux: i },
    }));
    await client.publishAsync(telemetryTopic(env1), JSON.stringify(backlog), { qos: 1 });
    await client.publishAsync(telemetryTopic(env1), JSON.stringify(backlog), { qos: 1 });
    const series = await api.get<Series[]>(
      `/api/readings?zone=gh1&metric=light_lux&step=raw&from=${new Date(now - 3 * 86_400_000).toISOString()}&to=${new Date(now).toISOString()}`,
    );
    expect(series.body[0]?.points).toHaveLength(1000);
    const stats = await api.get<{ duplicates: number }>('/api/telemetry/stats');
    expect(stats.body.duplicates).toBeGreaterThanOrEqual(1000);
  });

  it('rotates credentials and disables a device, each ending the live connection', async () => {
    const closedOf = (connection: MqttClient) =>
      new Promise<void>((resolve) => connection.once('close', () => resolve()));
    const before = await connectDevice(api.mqttUrl, { username: env2.username, password: env2.password });
    const beforeClosed = closedOf(before);
    const rotated = await api.post<IssuedDevice>(`/api/devices/${env2.id}/rotate-credentials`);
    expect(rotated.status).toBe(200);
    // The connection made with the old password ends too (a stolen password is cut off now).
    await beforeClosed;
    before.end(true);
    await expect(
      connectDevice(api.mqttUrl, { username: env2.username, password: env2.password }),
    ).rejects.toThrow();
    const fresh = await connectDevice(api.mqttUrl, {
      username: env2.username,
      password: rotated.body.password,
    });
    const freshClosed = closedOf(fresh);
    expect((await api.post(`/api/devices/${env2.id}/disable`)).status).toBe(200);
    await freshClosed;
    fresh.end(true);
    await expect(
      connectDevice(api.mqttUrl, { username: env2.username, password: rotated.body.password }),
    ).rejects.toThrow();
  });

  it('keeps a device online when a new connection with its client id replaces the old one', async () => {
    const env3 = await api.register('gh1', 'env-3', 'env', 60);
    const options = { username: env3.username, password: env3.password, clientId: 'env-3-replaced' };
    const presence = async () =>
      (
        await api.get<{ devices: { device: string; presence: string }[] }>('/api/zones/gh1/latest')
      ).body.devices.find((d) => d.device === 'env-3')?.presence;
    const first = await connectDevice(api.mqttUrl, options);
    await first.publishAsync(
      telemetryTopic(env3),
      JSON.stringify({ ts: Date.now(), values: { co2_ppm: 410 } }),
      {
        qos: 1,
      },
    );
    expect(await presence()).toBe('online');
    const closed = new Promise<void>((resolve) => first.once('close', () => resolve()));
    const second = await connectDevice(api.mqttUrl, options);
    first.end(true);
    await closed;
    // A replaced connection used to write 'offline' at once; give it time to go wrong.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(await presence()).toBe('online');
    await second.endAsync();
    await waitFor(async () => (await presence()) === 'offline', { what: 'env-3 offline', timeoutMs: 10_000 });
  });

  it('marks a device offline from its status (last will) and reports presence', async () => {
    const will = await connectDevice(api.mqttUrl, {
      username: env1.username,
      password: env1.password,
      will: {
        topic: telemetryTopic(env1, 'status'),
        payload: Buffer.from('{"online":false}'),
        qos: 1,
        retain: true,
      },
    });
    will.stream.destroy();
    await waitFor(
      async () => {
        const latest = await api.get<{ devices: { device: string; presence: string }[] }>(
          '/api/zones/gh1/latest',
        );
        return latest.body.devices.find((d) => d.device === 'env-1')?.presence === 'offline';
      },
      { what: 'env-1 offline', timeoutMs: 10_000 },
    );
  });

  it("records a device's own event (evt) in the audit trail as device.event", async () => {
    await client.publishAsync(
      telemetryTopic(env1, 'evt'),
      JSON.stringify({ ts: now, type: 'bench_overtemp_cut', detail: { benchTempC: 41.2 } }),
      { qos: 1 },
    );
    const entry = await waitFor(
      async () => {
        const audit = await api.get<
          { action: string; entityId: string | null; actorKind: string; details: Record<string, unknown> }[]
        >('/api/audit?action=device.event&limit=10');
        return audit.body.find((row) => row.details['type'] === 'bench_overtemp_cut');
      },
      { what: 'device.event audit entry', timeoutMs: 10_000 },
    );
    expect(entry).toMatchObject({
      entityId: env1.id,
      details: { zone: 'gh1', device: 'env-1', detail: { benchTempC: 41.2 } },
    });
  });

  it('exports two metrics of a range as CSV in nursery time, headers in the chosen language', async () => {
    // A reading at 23:10 UTC is 07:10 the next morning in the nursery.
    const ts = Date.UTC(2026, 11, 5, 23, 10);
    await client.publishAsync(
      telemetryTopic(env1),
      JSON.stringify({ ts, values: { air_temp_c: 11.5, air_rh_pct: 81 } }),
      { qos: 1 },
    );
    const range = `from=${new Date(ts - 60_000).toISOString()}&to=${new Date(ts + 60_000).toISOString()}`;
    const route = `/api/readings/export?zone=gh1&metrics=air_temp_c,air_rh_pct&${range}&step=raw`;
    const zh = await api.get<string>(`${route}&lang=zh`);
    expect(zh.status).toBe(200);
    const lines = zh.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe('时间（北京时间）,设备,指标,单位,数值,最小值,最大值,样本数');
    expect(lines.slice(1)).toEqual([
      '2026-12-06T07:10:00+08:00,env-1,气温,°C,11.5,,,',
      '2026-12-06T07:10:00+08:00,env-1,空气湿度,%,81,,,',
    ]);
    const en = await api.get<string>(`${route}&lang=en`);
    expect(en.body).toContain('2026-12-06T07:10:00+08:00,env-1,Air humidity,%,81');
    // Bad input is a 400 naming the field, not a 500.
    expect((await api.get(`/api/readings/export?zone=gh1&metrics=a,,b&${range}`)).status).toBe(400);
    expect((await api.get(`${route}&lang=fr`)).status).toBe(400);
  });
});
