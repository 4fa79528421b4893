import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { requireProgram, waitFor } from '#testing';
import type { Command } from '../apps/api/src/control/command.entity.js';
import type { DeviceLatest } from '../apps/api/src/telemetry/readings.service.js';
import { settledCommand, startSimulatorStack, type SimulatorStack } from './support/simulator-stack.js';

/** 20:00 in Shanxi on a January night; ten simulated minutes per wall second. */
const NIGHT = '2027-01-15T12:00:00.000Z';
const SPEED = 600;
const MINUTE = 60_000;

describe('commands to the real simulator through Mosquitto', () => {
  let stack: SimulatorStack;

  const latest = async (zone: string, device: string, metric: string) => {
    const body = (await stack.api<{ devices: DeviceLatest[] }>('GET', `/api/zones/${zone}/latest`)).body;
    return body.devices.find((d) => d.device === device)?.values.find((v) => v.metric === metric);
  };

  beforeAll(async () => {
    expect(requireProgram('mosquitto').available).toBe(true);
    stack = await startSimulatorStack({ start: NIGHT, speed: SPEED, seed: 1 });
  }, 60_000);

  afterAll(async () => {
    await stack?.close();
  }, 30_000);

  it("acknowledges an irrigation on gh1's boom and the bench moisture rises", async () => {
    const first = await waitFor(() => latest('gh1', 'substrate-1', 'substrate_vwc_pct'), {
      what: 'a moisture reading of substrate-1',
      timeoutMs: 20_000,
      intervalMs: 200,
    });
    const before = first.value as number;
    const issuedAt = stack.clock.now();
    // A winter night: the interlock wants a reason.
    const issued = await stack.api<Command>('POST', '/api/zones/gh1/commands', {
      name: 'irrigate',
      params: { seconds: 240 },
      // At 600x the default 5-min expiry is half a wall second: give the broker room.
      expiresInS: 3600,
      forceReason: '夜间补水测试',
    });
    expect(issued.status).toBe(201);
    expect(issued.body).toMatchObject({ device: 'boom-1', name: 'irrigate' });
    const done = await settledCommand<Command>(
      stack,
      issued.body.id,
      (c) => !['queued', 'sent'].includes(c.status),
      'the irrigation to be acknowledged',
    );
    expect(done).toMatchObject({ status: 'done', ackResult: 'ok' });
    expect(
      stack.events.some((e) => e.event === 'command' && e['id'] === issued.body.id && e['result'] === 'ok'),
    ).toBe(true);
    // One pass: 5 to 15 points within 10 simulated minutes (issue 4); read from what the api stored.
    const wetter = await waitFor(
      async () => {
        const reading = await latest('gh1', 'substrate-1', 'substrate_vwc_pct');
        return reading && Date.parse(reading.ts) > issuedAt && (reading.value as number) >= before + 4
          ? reading
          : undefined;
      },
      { what: `substrate-1 of gh1 wetter than ${before} %`, timeoutMs: 20_000, intervalMs: 200 },
    );
    // Timed from the acknowledgement (the pass starts no later): at 600x a loaded machine's second
    // of delivery is 10 simulated minutes (ci4: 17 minutes after the request).
    expect(Date.parse(wetter.ts) - Date.parse(String(done.ackedAt))).toBeLessThanOrEqual(15 * MINUTE);
    expect(wetter.value as number).toBeLessThanOrEqual(before + 16);
  }, 60_000);

  it('ends bench heat "on" done when the thermostat takes it in auto with its relay off (a warm bench)', async () => {
    // A setpoint of 5 °C under a bench at 10 °C or more: the thermostat is on, its relay stays off.
    const issued = await stack.api<Command>('POST', '/api/zones/gh1/commands', {
      name: 'bench-heat',
      params: { on: true, sp_c: 5 },
      expiresInS: 3600,
    });
    expect(issued.status).toBe(201);
    const settled = await settledCommand<Command>(
      stack,
      issued.body.id,
      (c) => !['queued', 'sent'].includes(c.status),
      'the bench heat command to settle',
    );
    expect(settled).toMatchObject({ status: 'done', ackResult: 'ok' });
    // The relay's state arrives with the device's next report after the acknowledgement: the
    // latest stored one may still be from before the new setpoint (ci, under load: true).
    await waitFor(async () => (await latest('gh1', 'bench-heat-1', 'bench_heat_on'))?.value === false, {
      what: 'bench-heat-1 reporting its relay off',
      timeoutMs: 20_000,
      intervalMs: 200,
    });
  }, 60_000);

  it('ends a command to a disconnected device expired, and keeps it expired when the device returns', async () => {
    // The heater's setpoint before: 15 as the simulator starts, or the seeded programme's night
    // setpoint if its command reached the heater before that command's expiry (a start-up race at
    // 600x simulated time); either way the expired command below must not change it.
    const house = () => stack.sim<{ heater: { spC: number } }>('GET', '/houses/xnz/gh3');
    const setpointBefore = (await house()).body.heater.spC;
    expect(setpointBefore).not.toBe(18);
    expect(
      (await stack.sim('POST', '/faults', { type: 'disconnect', zone: 'gh3', device: 'heater-1', id: 'cut' }))
        .status,
    ).toBe(200);
    await waitFor(
      async () =>
        (await stack.api<{ devices: DeviceLatest[] }>('GET', '/api/zones/gh3/latest')).body.devices.find(
          (d) => d.device === 'heater-1',
        )?.presence === 'offline',
      { what: 'heater-1 of gh3 offline', timeoutMs: 15_000, intervalMs: 100 },
    );
    const issued = await stack.api<Command>('POST', '/api/zones/gh3/commands', {
      name: 'setpoint',
      params: { sp_c: 18 },
      expiresInS: 600,
    });
    expect(issued.status).toBe(201);
    const expired = await settledCommand<Command>(
      stack,
      issued.body.id,
      (c) => !['queued', 'sent'].includes(c.status),
      'the setpoint to a disconnected heater to end',
    );
    expect(expired.status).toBe('expired');
    expect(expired.sendCount).toBeGreaterThanOrEqual(1);
    const audit = (
      await stack.api<{ action: string; entityId: string }[]>('GET', '/api/audit?entityType=command')
    ).body;
    expect(audit.filter((e) => e.entityId === issued.body.id).map((e) => e.action)).toEqual(
      expect.arrayContaining(['command.issued', 'command.expired']),
    );

    // Back online, the heater gets the queued command from its persistent session and refuses it
    // as expired itself; the command stays expired and the thermostat keeps its setpoint.
    expect((await stack.sim('DELETE', '/faults/cut')).status).toBe(200);
    await waitFor(() => stack.events.find((e) => e.event === 'command' && e['id'] === issued.body.id), {
      what: "the heater's answer to the queued command",
      timeoutMs: 15_000,
      intervalMs: 100,
    }).then((answer) => expect(answer['result']).toBe('expired'));
    const backOnline = stack.clock.now();
    await waitFor(() => stack.clock.now() > backOnline + 5 * MINUTE, { what: 'five simulated minutes' });
    expect((await stack.api<Command>('GET', `/api/commands/${issued.body.id}`)).body.status).toBe('expired');
    expect((await house()).body.heater.spC).toBe(setpointBefore);
  }, 60_000);
});
