import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import mqtt, { type MqttClient } from 'mqtt';
import pg from 'pg';
import { uniqueId, waitFor } from '#testing';
import type { Command } from '../apps/api/src/control/command.entity.js';
import { DevicesService } from '../apps/api/src/devices/devices.service.js';
import { TEST_ADMIN, startTestApi, type TestApi } from './support/api-harness.js';
import { alarmNight, type AlarmNight } from './support/alarm-night.js';

const MINUTE = 60_000;
/** 10:00 in Shanxi on a January morning: irrigation is allowed. */
const MORNING = Date.UTC(2026, 0, 15, 2, 0);

// Many ticks against a shared PostgreSQL take longer than jest's default 5 s.
jest.setTimeout(60_000);

/**
 * A controller that acknowledges every command `ok`, with the state `stateOf` answers for its
 * parameters (none: it never reports the state the command asked for).
 */
async function fakeController(
  url: string,
  now: () => number,
  zone: string,
  device: string,
  stateOf: (params: Record<string, unknown>) => Record<string, unknown> | undefined,
): Promise<MqttClient> {
  const client = await mqtt.connectAsync(url, { protocolVersion: 4, clientId: uniqueId('fake') });
  const base = `nursery/v1/xnz/${zone}/${device}`;
  client.on('message', (_topic, payload) => {
    const command = JSON.parse(payload.toString()) as { id: string; params: Record<string, unknown> };
    const state = stateOf(command.params);
    // A command (a resend, a schedule's slot) may arrive while afterAll ends this client: its ack
    // then cannot go out, as with a device switched off, and the api's expiry covers it.
    client
      .publishAsync(
        `${base}/ack`,
        JSON.stringify({ id: command.id, ts: now(), result: 'ok', ...(state ? { state } : {}) }),
        { qos: 1 },
      )
      .catch((error: unknown) => {
        if (!client.disconnecting) throw error;
      });
  });
  await client.subscribeAsync(`${base}/cmd/#`, { qos: 1 });
  return client;
}

describe('control on a hand-driven clock: override lease, state time-out, moisture irrigation', () => {
  let api: TestApi;
  let token: string;
  let now = MORNING;
  let night: AlarmNight;
  const devices: MqttClient[] = [];
  const clock = { now: () => now, move: (ms: number) => void (now += ms) };
  // Houses of this run only: on a shared Mosquitto another suite's api commands xnz/gh1/heater-1.
  const [leased, silent, dry, slotted] = ['lease', 'ack', 'dry', 'slot'].map((name) => uniqueId(name));

  const ok = async <T>(method: string, route: string, body?: unknown): Promise<T> => {
    const response = await api.request<T>(method, route, { token, body });
    if (response.status >= 300)
      throw new Error(`${method} ${route}: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  };
  const commandsOf = async (zone: string, by: 'user' | 'schedule') =>
    (await ok<Command[]>('GET', `/api/commands?zone=${zone}`)).filter((c) => c.issuedByKind === by);
  const settled = (id: string, status: Command['status']) =>
    waitFor(
      async () => {
        const command = await ok<Command>('GET', `/api/commands/${id}`);
        return command.status === status ? command : undefined;
      },
      { what: `command ${id} ${status}` },
    );

  beforeAll(async () => {
    api = await startTestApi({ clock: { now: () => now, speed: 1 } });
    token = await api.login(TEST_ADMIN.phone, TEST_ADMIN.password);
    const sql = new pg.Client(api.database.url);
    await sql.connect();
    try {
      for (const zone of [leased, silent, dry, slotted]) {
        await sql.query(
          `INSERT INTO zones (site, code, kind, name, has_heating, has_boom_irrigation)
           VALUES ('xnz', $1, 'greenhouse', $1, true, true)`,
          [zone],
        );
      }
      for (const [zone, device, kind] of [
        [leased, 'heater-1', 'heater'],
        [silent, 'heater-1', 'heater'],
        [dry, 'boom-1', 'boom'],
        [dry, 'bench-1', 'substrate'],
        [slotted, 'boom-1', 'boom'],
      ]) {
        await sql.query(
          `INSERT INTO devices (site, zone_id, zone_code, device, kind, metrics, interval_s, enabled, username, password_hash, presence)
           SELECT 'xnz', id, code, $2, $3, '[]', 60, true, $4, 'x', 'unknown' FROM zones WHERE code = $1`,
          [zone, device, kind, `xnz-${zone}-${device}`],
        );
      }
    } finally {
      await sql.end();
    }
    await api.app.get(DevicesService).reloadDirectory();
    night = alarmNight(api.app, clock);
    const url = api.broker.url;
    devices.push(await fakeController(url, clock.now, leased, 'heater-1', (params) => params));
    devices.push(await fakeController(url, clock.now, silent, 'heater-1', () => undefined));
    devices.push(await fakeController(url, clock.now, dry, 'boom-1', () => ({ irrigation_on: true })));
    devices.push(await fakeController(url, clock.now, slotted, 'boom-1', () => ({ irrigation_on: true })));
  });

  afterAll(async () => {
    for (const device of devices) await device.endAsync();
    await api?.close();
  });

  it('holds a manual setpoint for its holdMinutes against the schedule, which takes over when it ends', async () => {
    const schedule = await ok<{ id: string }>('POST', `/api/zones/${leased}/schedules`, {
      name: '昼夜温度',
      kind: 'setpoint',
      slots: [
        { at: '10:30', params: { sp_c: 18 } },
        { at: '16:30', params: { sp_c: 15 } },
      ],
    });
    const lease = await ok<Command>('POST', `/api/zones/${leased}/commands`, {
      name: 'setpoint',
      params: { sp_c: 16 },
      holdMinutes: 60,
    });
    expect(lease.holdUntil).toBe(new Date(MORNING + 60 * MINUTE).toISOString());
    await settled(lease.id, 'done');

    // 10:31: the 10:30 slot is due, and skipped for the lease.
    await night.advance(31 * MINUTE);
    expect(await commandsOf(leased, 'schedule')).toEqual([]);
    const audit = await ok<{ action: string; entityId: string; details: Record<string, unknown> }[]>(
      'GET',
      '/api/audit?entityType=schedule',
    );
    expect(
      audit.filter((entry) => entry.entityId === schedule.id && entry.action !== 'schedule.created'),
    ).toEqual([
      expect.objectContaining({
        action: 'schedule.skipped',
        details: expect.objectContaining({
          command: lease.id,
          slotAt: new Date(MORNING + 30 * MINUTE).toISOString(),
        }),
      }),
    ]);

    // 10:59: still held.
    await night.advance(28 * MINUTE);
    expect(await commandsOf(leased, 'schedule')).toEqual([]);
    // 11:01: the lease ended at 11:00; the schedule's current period (18 °C since 10:30) takes over.
    await night.advance(2 * MINUTE);
    const taken = await waitFor(async () => (await commandsOf(leased, 'schedule'))[0], {
      what: 'the schedule to take the setpoint back',
    });
    expect(taken).toMatchObject({
      name: 'setpoint',
      params: { sp_c: 18 },
      issuedByName: '昼夜温度',
      holdUntil: null,
    });
  });

  it('ends an acknowledged command timed_out when its state is not reported within two minutes', async () => {
    const issued = await ok<Command>('POST', `/api/zones/${silent}/commands`, {
      name: 'setpoint',
      params: { sp_c: 16 },
    });
    await waitFor(async () => (await ok<Command>('GET', `/api/commands/${issued.id}`)).ackResult === 'ok', {
      what: 'the acknowledgement',
    });
    await night.advance(119_000);
    expect(await ok<Command>('GET', `/api/commands/${issued.id}`)).toMatchObject({
      status: 'sent',
      ackResult: 'ok',
    });
    await night.advance(2_000);
    const timedOut = await settled(issued.id, 'timed_out');
    expect(timedOut.finishedAt).toBe(new Date(now).toISOString());
    const audit = await ok<{ action: string; entityId: string }[]>('GET', '/api/audit?entityType=command');
    expect(audit.filter((entry) => entry.entityId === issued.id).map((entry) => entry.action)).toContain(
      'command.timed_out',
    );
  });

  it('irrigates when the substrate is drier than its limit: on a fresh reading, at most every 30 min', async () => {
    await ok('POST', `/api/zones/${dry}/schedules`, {
      name: '缺水浇水',
      kind: 'moisture-irrigation',
      moistureBelowPct: 40,
      slots: [{ at: '00:00', params: { seconds: 60 } }],
    });
    const reading = (vwc: number) => night.telemetry(dry, 'bench-1', { substrate_vwc_pct: vwc });
    const irrigations = () => commandsOf(dry, 'schedule');

    reading(45);
    await night.advance(MINUTE);
    expect(await irrigations()).toEqual([]);

    reading(35);
    await night.advance(MINUTE);
    const [first] = await irrigations();
    expect(first).toMatchObject({ name: 'irrigate', params: { seconds: 60 }, issuedByName: '缺水浇水' });
    await settled(first.id, 'done');

    // Still dry ten minutes later: not again within 30 min.
    await night.advance(9 * MINUTE);
    reading(34);
    await night.advance(MINUTE);
    expect(await irrigations()).toHaveLength(1);

    // Thirty-one minutes after the first, still dry: again.
    await night.advance(20 * MINUTE);
    reading(33);
    await night.advance(MINUTE);
    expect((await irrigations()).map((command) => command.params)).toEqual([
      { seconds: 60 },
      { seconds: 60 },
    ]);

    // A reading older than 15 min decides nothing: no third irrigation after another 31 min.
    await night.advance(31 * MINUTE);
    expect(await irrigations()).toHaveLength(2);
  });

  it('fires a slot once when a run died between writing its command and marking the slot fired', async () => {
    // A slot five minutes from now, in the nursery's time (UTC+8).
    const at = new Date(now + 5 * MINUTE + 8 * 60 * MINUTE).toISOString().slice(11, 16);
    const schedule = await ok<{ id: string }>('POST', `/api/zones/${slotted}/schedules`, {
      name: '定时浇水',
      kind: 'irrigation',
      slots: [{ at, params: { seconds: 45 } }],
    });
    await night.advance(6 * MINUTE);
    const [fired] = await commandsOf(slotted, 'schedule');
    expect(fired).toMatchObject({ name: 'irrigate', params: { seconds: 45 } });

    // The crash: the command is written, the slot not yet marked fired (as before the claim).
    const sql = new pg.Client(api.database.url);
    await sql.connect();
    try {
      await sql.query('UPDATE control_schedules SET last_fired_at = created_at WHERE id = $1', [schedule.id]);
      await night.advance(MINUTE);
      // The next tick finds the slot's command by its id: no second irrigation, nothing missed.
      expect((await commandsOf(slotted, 'schedule')).map((command) => command.id)).toEqual([fired.id]);
      const outcomes = await sql.query<{ action: string }>(
        `SELECT action FROM audit_log WHERE entity_id = $1 AND action <> 'schedule.created'`,
        [schedule.id],
      );
      expect(outcomes.rows).toEqual([]);
      const marked = await sql.query<{ fired: Date }>(
        'SELECT last_fired_at AS fired FROM control_schedules WHERE id = $1',
        [schedule.id],
      );
      expect(marked.rows[0]?.fired.toISOString().slice(11, 16)).toBe(
        new Date(Date.parse(`2000-01-01T${at}:00+08:00`)).toISOString().slice(11, 16),
      );
    } finally {
      await sql.end();
    }
  });
});
