import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, LiveChange, ServerToClientEvents } from '#contracts';
import { requireProgram, waitFor } from '#testing';
import type { Alarm } from '../apps/api/src/alarms/alarm.entity.js';
import { startSimulatorStack, type SimulatorStack } from './support/simulator-stack.js';
import {
  startWebhookReceiver,
  type ReceivedWebhook,
  type WebhookReceiver,
} from './support/webhook-receiver.js';

/** 20:00 in Shanxi on a January night; ten simulated minutes per wall second. */
const NIGHT = '2027-01-15T12:00:00.000Z';
const SPEED = 600;
const MINUTE = 60_000;

/** The generic JSON webhook's body (apps/api/src/alarms/webhook-format.ts). */
interface AlarmHook {
  event: string;
  alarm?: { id: string; rule: string; severity: string; zone: string };
}

const hookOf = (received: ReceivedWebhook) => received.body as unknown as AlarmHook;

describe('alarms from the real simulator: heater failure and sensor dropout on a winter night', () => {
  let stack: SimulatorStack;
  let receiver: WebhookReceiver;
  let batchId: string;
  let socket: Socket<ServerToClientEvents, ClientToServerEvents> | undefined;
  const live: LiveChange[] = [];

  const alarms = async (query: string) => {
    const response = await stack.api<Alarm[]>('GET', `/api/alarms?${query}`);
    expect(response.status).toBe(200);
    return response.body;
  };
  const ok = async <T>(method: string, route: string, body?: unknown): Promise<T> => {
    const response = await stack.api<T>(method, route, body);
    if (response.status >= 300)
      throw new Error(`${method} ${route}: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  };

  beforeAll(async () => {
    expect(requireProgram('mosquitto').available).toBe(true);
    receiver = await startWebhookReceiver();
    stack = await startSimulatorStack({ start: NIGHT, speed: SPEED, seed: 1 });
    await ok('PUT', '/api/alarms/roster', {
      entries: [
        {
          name: '李师傅',
          phone: '13800000001',
          shift: 'always',
          webhookUrl: `${receiver.url}/a`,
          webhookFormat: 'json',
        },
        // Next in line at night: escalations go to the yard manager.
        {
          name: '张场长',
          phone: '13800000002',
          shift: 'night',
          webhookUrl: `${receiver.url}/b`,
          webhookFormat: 'json',
        },
      ],
    });
    // The dashboard's view: a staff socket in gh2's room.
    socket = io(stack.url, { path: '/socket.io', transports: ['websocket'], auth: { token: stack.token } });
    await new Promise<void>((resolve, reject) => {
      socket!.once('connect', resolve);
      socket!.once('connect_error', reject);
    });
    socket.on('alarm.changed', (change) => void live.push(change));
    const joined = await new Promise<Parameters<Parameters<ClientToServerEvents['zones.subscribe']>[1]>[0]>(
      (resolve) => socket!.emit('zones.subscribe', ['gh2'], resolve),
    );
    expect(joined).toMatchObject({ ok: true });
    // A batch in gh2 with an order of 东庄村 allocated to it (eggplant: no other house grows it).
    const batch = await ok<{ id: string; readyFrom: string }>('POST', '/api/batches', {
      crop: 'eggplant',
      zone: 'gh2',
      trays: 20,
      sowDate: '2027-01-05',
    });
    batchId = batch.id;
    // Up and moved out of the germination room into gh2, where the heater will fail.
    await ok('POST', `/api/batches/${batch.id}/moves`, { zone: 'gh2' });
    await ok('POST', `/api/batches/${batch.id}/counts`, { saleable: 1000 });
    const buyer = await ok<{ id: string }>('POST', '/api/buyers', {
      name: '刘书记',
      village: '东庄村',
      kind: 'party_secretary',
    });
    await ok('POST', '/api/orders', {
      buyerId: buyer.id,
      lines: [{ crop: 'eggplant', quantity: 500, wantedDate: batch.readyFrom }],
    });
    // A hard frost outside, so a house without heat cools fast.
    expect((await stack.sim('PUT', '/weather', { airTempC: -15, globalWm2: 0 })).status).toBe(200);
  }, 60_000);

  afterAll(async () => {
    socket?.disconnect();
    await stack?.close();
    await receiver?.close();
  }, 30_000);

  it('raises a critical heater failure with its impact, notifies and escalates, stops re-notifying on ack, clears on repair', async () => {
    expect(
      (await stack.sim('POST', '/faults', { type: 'heater-failure', zone: 'gh2', id: 'burner' })).status,
    ).toBe(200);
    const injectedAt = stack.clock.now();
    const raised = await waitFor(async () => (await alarms('zone=gh2&rule=heater-failure&state=active'))[0], {
      what: 'an active heater-failure alarm in gh2',
      timeoutMs: 30_000,
      intervalMs: 200,
    });
    expect(raised).toMatchObject({ rule: 'heater-failure', severity: 'critical', zone: 'gh2' });
    // Raised by the fault, not before it. Not "30 min after it": the rule counts 30 min of the heater
    // on, and on this frosty night the heater was often on already when the burner failed, so the
    // alarm came as soon as the air fell 2 °C under the setpoint (ci2: 24 s short of 29 min).
    expect(Date.parse(String(raised.raisedAt))).toBeGreaterThanOrEqual(injectedAt);
    expect(raised.impact?.batches.map((b) => b.id)).toContain(batchId);
    expect(raised.impact?.villages).toContain('东庄村');
    const house = (
      await stack.sim<{ airTempC: number; heater: { spC: number; on: boolean; failed: boolean } }>(
        'GET',
        '/houses/xnz/gh2',
      )
    ).body;
    expect(house.heater).toMatchObject({ on: true, failed: true });
    expect(house.airTempC).toBeLessThan(house.heater.spC - 2);

    const ofAlarm = (event: string, path = '/a') =>
      receiver.received.filter(
        (r) => hookOf(r).alarm?.id === raised.id && hookOf(r).event === event && r.path === path,
      );
    await waitFor(() => ofAlarm('alarm.raised').length === 1, {
      what: 'the raised webhook',
      timeoutMs: 15_000,
    });
    expect(hookOf(ofAlarm('alarm.raised')[0]).alarm).toMatchObject({
      rule: 'heater-failure',
      severity: 'critical',
    });
    expect(ofAlarm('alarm.raised', '/b')).toEqual([]);
    await waitFor(() => live.find((c) => c.id === raised.id && c.zone === 'gh2'), {
      what: 'the alarm over Socket.IO',
      timeoutMs: 15_000,
    });
    await waitFor(() => ofAlarm('alarm.renotify').length > 0, {
      what: 'a re-notification while unacknowledged (every 10 simulated min)',
      timeoutMs: 20_000,
    });
    // Unacknowledged for 30 simulated minutes: the next person on the night roster is told.
    await waitFor(() => ofAlarm('alarm.escalated', '/b').length > 0, {
      what: 'the escalation to the next person on the roster',
      timeoutMs: 20_000,
    });

    const ack = await stack.api<Alarm>('POST', `/api/alarms/${raised.id}/ack`, {
      comment: '锅炉熄火，去点火',
    });
    expect(ack.status).toBe(201);
    expect(ack.body).toMatchObject({ state: 'acknowledged' });
    const reminders = () =>
      receiver.received.filter(
        (r) =>
          hookOf(r).alarm?.id === raised.id &&
          hookOf(r).event !== 'alarm.raised' &&
          hookOf(r).event !== 'alarm.acknowledged',
      ).length;
    await new Promise((resolve) => setTimeout(resolve, 200));
    const afterAck = reminders();
    const ackedAt = stack.clock.now();
    // Forty simulated minutes, four re-notification periods, with the fault still on.
    await waitFor(() => stack.clock.now() > ackedAt + 40 * MINUTE, {
      what: 'forty simulated minutes',
      timeoutMs: 20_000,
    });
    expect((await stack.api<Alarm>('GET', `/api/alarms/${raised.id}`)).body.state).toBe('acknowledged');
    expect(reminders()).toBe(afterAck);

    expect((await stack.sim('DELETE', '/faults/burner')).status).toBe(200);
    const cleared = await waitFor(
      async () => {
        const alarm = (await stack.api<Alarm>('GET', `/api/alarms/${raised.id}`)).body;
        return alarm.state === 'cleared' ? alarm : undefined;
      },
      { what: 'the heater failure to clear after the repair', timeoutMs: 30_000, intervalMs: 200 },
    );
    expect(cleared).toMatchObject({ clearedBy: 'rule' });
    // Cleared by hysteresis: the house is back within 1 °C of its setpoint.
    const warm = (await stack.sim<{ airTempC: number; heater: { spC: number } }>('GET', '/houses/xnz/gh2'))
      .body;
    expect(warm.airTempC).toBeGreaterThan(warm.heater.spC - 1.5);
  }, 90_000);

  it('raises sensor-offline for a dropped air sensor and silences its threshold alarms', async () => {
    // The simulator's thermostat holds 15 °C, under the 17 °C night limit of gh1's tomatoes: warm the
    // house to 20 °C first so no low-temperature alarm stands before the sensor misbehaves.
    await ok('POST', '/api/zones/gh1/commands', { name: 'setpoint', params: { sp_c: 20 }, expiresInS: 3600 });
    await waitFor(
      async () =>
        (await alarms('zone=gh1&rule=low-temperature&state=pending,active,acknowledged')).length === 0,
      {
        what: 'gh1 warm, with no low-temperature alarm',
        timeoutMs: 30_000,
        intervalMs: 200,
      },
    );
    // A long on-delay keeps the alarm pending while the sensor reads ever colder.
    await ok('PUT', '/api/alarms/settings/gh1', {
      rules: { 'low-temperature': { onDelayMs: 4 * 60 * MINUTE } },
    });
    expect(
      (
        await stack.sim('POST', '/faults', {
          type: 'drift',
          zone: 'gh1',
          device: 'env-1',
          metric: 'air_temp_c',
          ratePerHour: -20,
          id: 'drift',
        })
      ).status,
    ).toBe(200);
    const pending = await waitFor(
      async () => (await alarms('zone=gh1&rule=low-temperature&state=pending'))[0],
      {
        what: 'a pending low-temperature alarm from the drifting env-1 of gh1',
        timeoutMs: 30_000,
        intervalMs: 100,
      },
    );
    expect(
      (
        await stack.sim('POST', '/faults', {
          type: 'disconnect',
          zone: 'gh1',
          device: 'env-1',
          id: 'unplugged',
        })
      ).status,
    ).toBe(200);
    const offline = await waitFor(
      async () =>
        (await alarms('zone=gh1&rule=sensor-offline&state=active')).find((a) => a.subject === 'env-1'),
      { what: 'sensor-offline for env-1 of gh1', timeoutMs: 20_000, intervalMs: 100 },
    );
    // The only air sensor of a heated house, at night.
    expect(offline.severity).toBe('critical');
    const threshold = async () => [
      ...(await alarms('zone=gh1&rule=low-temperature&state=pending,active,acknowledged')),
      ...(await alarms('zone=gh1&rule=frost&state=pending,active,acknowledged')),
    ];
    await waitFor(async () => (await threshold()).length === 0, {
      what: "env-1's pending threshold alarm to be dropped",
      timeoutMs: 20_000,
      intervalMs: 100,
    });
    // They stay quiet while it is away, past the on-delay the pending alarm had left.
    const quietFrom = stack.clock.now();
    await waitFor(() => stack.clock.now() > quietFrom + 30 * MINUTE, {
      what: 'thirty simulated minutes',
      timeoutMs: 10_000,
    });
    expect(await threshold()).toEqual([]);
    // A pending alarm whose evidence is gone is dropped, not raised.
    const dropped = await stack.api<Alarm | undefined>('GET', `/api/alarms/${pending.id}`);
    expect(dropped.status === 404 || !['pending', 'active'].includes(String(dropped.body?.state))).toBe(true);

    expect((await stack.sim('DELETE', '/faults')).status).toBe(200);
    await waitFor(
      async () => (await stack.api<Alarm>('GET', `/api/alarms/${offline.id}`)).body.state === 'cleared',
      { what: 'sensor-offline to clear on the next message', timeoutMs: 20_000, intervalMs: 200 },
    );
  }, 90_000);
});
