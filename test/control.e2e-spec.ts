import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import mqtt, { type MqttClient } from 'mqtt';
import pg from 'pg';
import type { INestApplication } from '@nestjs/common';
import { createClock, type Clock } from '#contracts';
import { waitFor } from '#testing';
import { createApp } from '../apps/api/src/app.factory.js';
import { AlarmEngine } from '../apps/api/src/alarms/alarm-engine.service.js';
import type { Command } from '../apps/api/src/control/command.entity.js';
import { DevicesService } from '../apps/api/src/devices/devices.service.js';
import { TEST_ADMIN, startTestApi, type TestApi } from './support/api-harness.js';

const MINUTE = 60_000;
/** 10:00 in Shanxi on a January morning (irrigation allowed), sixty simulated seconds a second. */
const MORNING = Date.UTC(2026, 0, 15, 2, 0);
const SPEED = 60;

async function sql(url: string, text: string, params: unknown[] = []): Promise<Record<string, unknown>[]> {
  const client = new pg.Client(url);
  await client.connect();
  try {
    return (await client.query(text, params)).rows as Record<string, unknown>[];
  } finally {
    await client.end();
  }
}

/** Zones and registered devices, straight into the tables (registration is not under test here). */
async function seed(url: string, devices: [zone: string, device: string, kind: string][]): Promise<void> {
  for (const code of new Set(devices.map(([zone]) => zone))) {
    await sql(
      url,
      `INSERT INTO zones (site, code, kind, name, has_heating, has_boom_irrigation, has_bench_heat)
       VALUES ('xnz', $1, 'greenhouse', $1, true, true, true) ON CONFLICT DO NOTHING`,
      [code],
    );
  }
  for (const [zone, device, kind] of devices) {
    await sql(
      url,
      `INSERT INTO devices (site, zone_id, zone_code, device, kind, metrics, interval_s, enabled, username, password_hash, presence)
       SELECT 'xnz', id, code, $2, $3, '[]', 60, true, $4, 'x', 'unknown' FROM zones WHERE code = $1`,
      [zone, device, kind, `xnz-${zone}-${device}`],
    );
  }
}

/** A boom controller that acknowledges irrigation, reports it running, and whose bench gets wetter. */
async function fakeBoom(url: string, clock: Clock, zone: string, device: string): Promise<MqttClient> {
  const client = await mqtt.connectAsync(url, { protocolVersion: 4, clientId: `fake-${zone}-${device}` });
  const base = `nursery/v1/xnz/${zone}`;
  let vwc = 38;
  client.on('message', (topic, payload) => {
    const command = JSON.parse(payload.toString()) as { id: string };
    const ts = clock.now();
    void client.publishAsync(`${base}/${device}/ack`, JSON.stringify({ id: command.id, ts, result: 'ok' }), {
      qos: 1,
    });
    void client.publishAsync(
      `${base}/${device}/state`,
      JSON.stringify({ ts, values: { irrigation_on: true } }),
      {
        qos: 1,
        retain: true,
      },
    );
    vwc += 8;
    void client.publishAsync(
      `${base}/bench-1/tele`,
      JSON.stringify({ ts: ts + 1000, values: { substrate_vwc_pct: vwc } }),
      { qos: 1 },
    );
  });
  await client.subscribeAsync(`${base}/${device}/cmd/#`, { qos: 1 });
  await client.publishAsync(
    `${base}/bench-1/tele`,
    JSON.stringify({ ts: clock.now(), values: { substrate_vwc_pct: vwc } }),
    {
      qos: 1,
    },
  );
  return client;
}

describe('control: commands, interlocks, expiry and schedules', () => {
  let api: TestApi;
  let app: INestApplication;
  let token: string;
  let clock: Clock;
  const devices: MqttClient[] = [];

  async function request<T>(method: string, route: string, body?: unknown) {
    const response = await fetch(`${await app.getUrl()}${route}`.replace('[::1]', '127.0.0.1'), {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
  }

  /** Every app this suite started: afterAll closes them all, even one a timed-out test left. */
  const started: INestApplication[] = [];

  async function restart(): Promise<void> {
    await app.close();
    app = await createApp(api.config, {
      databaseUrl: api.database.url,
      broker: { kind: 'external', url: api.broker.url, username: undefined, password: undefined },
      clock,
    });
    started.push(app);
    await app.listen(0, '127.0.0.1');
  }

  beforeAll(async () => {
    clock = createClock({ start: MORNING, anchor: Date.now(), speed: SPEED });
    api = await startTestApi({ clock });
    app = api.app;
    token = await api.login(TEST_ADMIN.phone, TEST_ADMIN.password);
    await seed(api.database.url, [
      ['gh1', 'boom-1', 'boom'],
      ['gh1', 'heater-1', 'heater'],
      ['gh1', 'bench-1', 'substrate'],
      ['gh2', 'boom-2', 'boom'],
      ['gh2', 'bench-1', 'substrate'],
    ]);
    await app.get(DevicesService).reloadDirectory();
    devices.push(await fakeBoom(api.broker.url, clock, 'gh1', 'boom-1'));
    devices.push(await fakeBoom(api.broker.url, clock, 'gh2', 'boom-2'));
  });

  afterAll(async () => {
    for (const device of devices) await device.endAsync();
    // Closing a closed app is harmless; an app left running would tick into the next suite.
    for (const running of [app, ...started]) await running?.close().catch(() => undefined);
    await api?.releaseServices();
  }, 120_000);

  it('routes an irrigation to the boom, which acknowledges it, and the bench gets wetter', async () => {
    const issued = await request<Command>('POST', '/api/zones/gh1/commands', {
      name: 'irrigate',
      params: { seconds: 120 },
    });
    expect(issued.status).toBe(201);
    expect(issued.body).toMatchObject({ device: 'boom-1', status: 'sent', issuedByName: expect.any(String) });
    const done = await waitFor(
      async () => {
        const command = (await request<Command>('GET', `/api/commands/${issued.body.id}`)).body;
        return command.status === 'done' ? command : undefined;
      },
      { what: 'the irrigation to be done', timeoutMs: 10_000 },
    );
    expect(done).toMatchObject({ ackResult: 'ok' });
    const engine = app.get(AlarmEngine);
    const moisture = await waitFor(
      () => {
        const series = engine.window.get('gh1', 'bench-1', 'substrate_vwc_pct');
        return series && series.length >= 2 ? series : undefined;
      },
      { what: 'moisture readings after irrigation' },
    );
    expect(moisture.at(-1)!.value).toBeGreaterThan(moisture[0].value);
    const listed = await request<Command[]>('GET', '/api/commands?zone=gh1');
    expect(listed.body.map((c) => c.id)).toContain(issued.body.id);
  });

  it('refuses an irrigation longer than the interlock allows, with a code and a reason', async () => {
    const refused = await request<{ code: string; message: string }>('POST', '/api/zones/gh1/commands', {
      name: 'irrigate',
      params: { seconds: 1800 },
    });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('IRRIGATION_TOO_LONG');
    expect(refused.body.message).toMatch(/1800 s is longer than the 900 s/);
    const band = await request<{ code: string }>('POST', '/api/zones/gh1/commands', {
      name: 'setpoint',
      params: { sp_c: 40 },
    });
    expect([band.status, band.body.code]).toEqual([409, 'SETPOINT_OUT_OF_BAND']);
  });

  it('resends a command to a disconnected device and ends it expired', async () => {
    const issued = await request<Command>('POST', '/api/zones/gh1/commands', {
      name: 'setpoint',
      params: { sp_c: 15 },
      expiresInS: 120,
    });
    expect(issued.status).toBe(201);
    const expired = await waitFor(
      async () => {
        const command = (await request<Command>('GET', `/api/commands/${issued.body.id}`)).body;
        return command.status === 'expired' ? command : undefined;
      },
      { what: 'the setpoint to expire', timeoutMs: 15_000 },
    );
    expect(expired.sendCount).toBeGreaterThanOrEqual(2);
    const audit = await request<{ action: string; entityId: string }[]>(
      'GET',
      '/api/audit?entityType=command',
    );
    expect(audit.body.filter((e) => e.entityId === issued.body.id).map((e) => e.action)).toEqual(
      expect.arrayContaining(['command.issued', 'command.expired']),
    );
  });

  it('sends the current setpoint of a schedule again when the api starts', async () => {
    const local = (ms: number) => {
      const d = new Date(clock.now() + ms + 8 * 3_600_000);
      return `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
    };
    // The current period began an hour ago; the next starts in six hours.
    const created = await request<{ id: string }>('POST', '/api/zones/gh1/schedules', {
      name: '昼夜温度',
      kind: 'setpoint',
      slots: [
        { at: local(-60 * MINUTE), params: { sp_c: 18 } },
        { at: local(6 * 60 * MINUTE), params: { sp_c: 15 } },
      ],
    });
    expect(created.status).toBe(201);
    const fromSchedule = async () =>
      (await request<Command[]>('GET', '/api/commands?zone=gh1')).body.filter(
        (c) => c.issuedByKind === 'schedule' && c.name === 'setpoint',
      );
    expect(await fromSchedule()).toHaveLength(0);
    await restart();
    const sent = await waitFor(async () => ((await fromSchedule()).length > 0 ? fromSchedule() : undefined), {
      what: 'the current setpoint re-sent at start',
      timeoutMs: 10_000,
    });
    expect(sent[0]).toMatchObject({ params: { sp_c: 18 }, issuedByName: '昼夜温度' });
    await request('DELETE', `/api/zones/gh1/schedules/${created.body.id}`);
  }, 60_000);

  it('fires a scheduled irrigation exactly once at its time across an api restart', async () => {
    // A slot a few simulated minutes ahead, in the nursery's time zone (UTC+8).
    const slotAt = Math.ceil((clock.now() + 3 * MINUTE) / MINUTE) * MINUTE;
    const local = new Date(slotAt + 8 * 3_600_000);
    const at = `${String(local.getUTCHours()).padStart(2, '0')}:${String(local.getUTCMinutes()).padStart(2, '0')}`;
    const created = await request<{ id: string }>('POST', '/api/zones/gh2/schedules', {
      name: '上午浇水',
      kind: 'irrigation',
      slots: [{ at, params: { seconds: 120 } }],
    });
    expect(created.status).toBe(201);
    await app.close();
    await waitFor(() => clock.now() > slotAt + MINUTE, {
      what: 'the slot to pass while the api is down',
      timeoutMs: 20_000,
    });
    await restart();
    const fromSchedule = async () =>
      (await request<Command[]>('GET', '/api/commands?zone=gh2')).body.filter(
        (c) => c.issuedByKind === 'schedule',
      );
    const fired = await waitFor(
      async () => ((await fromSchedule()).length > 0 ? fromSchedule() : undefined),
      {
        what: 'the scheduled irrigation',
        timeoutMs: 10_000,
      },
    );
    expect(fired).toHaveLength(1);
    expect(fired[0]).toMatchObject({ name: 'irrigate', issuedByName: '上午浇水' });
    await restart();
    const later = clock.now() + 3 * MINUTE;
    await waitFor(() => clock.now() > later, { what: 'three more simulated minutes', timeoutMs: 10_000 });
    expect(await fromSchedule()).toHaveLength(1);
    const schedules = await request<{ lastFiredAt: string }[]>('GET', '/api/zones/gh2/schedules');
    expect(Date.parse(schedules.body[0].lastFiredAt)).toBe(slotAt);
  }, 150_000);
});
