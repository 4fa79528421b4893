import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { requireProgram, waitFor } from '#testing';
import type { Command } from '../apps/api/src/control/command.entity.js';
import type { DeviceLatest } from '../apps/api/src/telemetry/readings.service.js';
import { settledCommand, startSimulatorStack, type SimulatorStack } from './support/simulator-stack.js';

/** 20:00 in Shanxi on a January night; ten simulated minutes per wall second. */
const NIGHT = '2027-01-15T12:00:00.000Z';
const SPEED = 600;
const HOUSES = ['gh1', 'gh2', 'gh3'] as const;
const MINUTE = 60_000;

interface ZoneLatest {
  devices: DeviceLatest[];
}

describe('the simulator process drives the api through Mosquitto on one simulated clock', () => {
  let stack: SimulatorStack;

  const latest = async (zone: string) =>
    (await stack.api<ZoneLatest>('GET', `/api/zones/${zone}/latest`)).body;
  const value = (zone: ZoneLatest, device: string, metric: string) =>
    zone.devices.find((d) => d.device === device)?.values.find((v) => v.metric === metric);

  beforeAll(async () => {
    expect(requireProgram('mosquitto').available).toBe(true);
    stack = await startSimulatorStack({ start: NIGHT, speed: SPEED, seed: 1 });
  }, 60_000);

  afterAll(async () => {
    await stack?.close();
  }, 30_000);

  it('runs the simulator and the api on the same simulated clock', async () => {
    const before = stack.clock.now();
    const simulated = (await stack.sim<{ now: number; speed: number }>('GET', '/clock')).body;
    const after = stack.clock.now();
    expect(simulated.speed).toBe(SPEED);
    expect(simulated.now).toBeGreaterThanOrEqual(before);
    expect(simulated.now).toBeLessThanOrEqual(after);
    // A January night, both sides.
    expect(new Date(before).toISOString().slice(0, 10)).toBe('2027-01-15');
  });

  it('receives the telemetry of all three houses, with no device pending and no dead letters', async () => {
    for (const zone of HOUSES) {
      const seen = await waitFor(
        async () => {
          const body = await latest(zone);
          const metrics = ['air_temp_c', 'air_rh_pct', 'co2_ppm', 'light_lux'].map((m) =>
            value(body, 'env-1', m),
          );
          const moisture = value(body, 'substrate-1', 'substrate_vwc_pct');
          const heater = value(body, 'heater-1', 'sp_c');
          // At 600x a second's delay on a loaded machine is ten simulated minutes: a device may read
          // stale for a moment until its next reading, so presence is waited for with the rest.
          const online = body.devices.find((d) => d.device === 'env-1')?.presence === 'online';
          return metrics.every(Boolean) && moisture && heater && online ? body : undefined;
        },
        { what: `the latest readings of ${zone}`, timeoutMs: 20_000, intervalMs: 200 },
      );
      const air = value(seen, 'env-1', 'air_temp_c')!;
      // Stamped with simulated time, a January night: the reading is from the api's own clock's night.
      expect(Math.abs(Date.parse(air.ts) - stack.clock.now())).toBeLessThan(3_600_000);
      expect(air.value).toBeGreaterThan(0);
      expect(air.value).toBeLessThan(30);
      expect(seen.devices.find((d) => d.device === 'env-1')?.presence).toBe('online');
    }
    expect((await stack.api<unknown[]>('GET', '/api/devices/pending')).body).toEqual([]);
    expect((await stack.api<unknown[]>('GET', '/api/telemetry/dead-letters')).body).toEqual([]);
    const stats = (
      await stack.api<{ accepted: number; rejectedTotal: number }>('GET', '/api/telemetry/stats')
    ).body;
    expect(stats.accepted).toBeGreaterThan(0);
    expect(stats.rejectedTotal).toBe(0);
  }, 45_000);

  it('acknowledges a setpoint command and the house temperature follows it', async () => {
    const before = value(await latest('gh1'), 'env-1', 'air_temp_c')!.value as number;
    const issued = await stack.api<Command>('POST', '/api/zones/gh1/commands', {
      name: 'setpoint',
      params: { sp_c: 20 },
      // At 600x the default 5-min expiry is half a wall second: give the broker room.
      expiresInS: 3600,
    });
    expect(issued.status).toBe(201);
    expect(issued.body).toMatchObject({ device: 'heater-1' });
    const done = await settledCommand<Command>(
      stack,
      issued.body.id,
      (c) => !['queued', 'sent'].includes(c.status),
      'the setpoint to be acknowledged',
    );
    expect(done).toMatchObject({ status: 'done', ackResult: 'ok' });
    expect(
      (await stack.sim<{ heater: { spC: number } }>('GET', '/houses/xnz/gh1')).body.heater,
    ).toMatchObject({
      spC: 20,
    });
    const warm = await waitFor(
      async () => {
        const body = await latest('gh1');
        const air = value(body, 'env-1', 'air_temp_c')?.value as number;
        return air >= 19 && value(body, 'heater-1', 'sp_c')?.value === 20 ? air : undefined;
      },
      { what: `gh1 to warm from ${before} °C toward 20 °C`, timeoutMs: 30_000, intervalMs: 250 },
    );
    expect(warm).toBeGreaterThan(before);
  }, 45_000);

  it('shows a disconnected device offline, and online again once it reconnects', async () => {
    const fault = await stack.sim<{ id: string }>('POST', '/faults', {
      type: 'disconnect',
      zone: 'gh1',
      device: 'substrate-2',
      id: 'unplugged',
    });
    expect(fault.status).toBe(200);
    await waitFor(
      async () =>
        (await latest('gh1')).devices.find((d) => d.device === 'substrate-2')?.presence === 'offline',
      { what: 'substrate-2 offline in /api/zones/gh1/latest', timeoutMs: 15_000, intervalMs: 100 },
    );
    const devices = (
      await stack.api<{ device: string; zoneCode: string; presence: string }[]>('GET', '/api/devices')
    ).body;
    expect(devices.find((d) => d.zoneCode === 'gh1' && d.device === 'substrate-2')?.presence).toBe('offline');
    // Its neighbour stays online (read again until its next reading, as above: stale is momentary).
    await waitFor(
      async () =>
        (
          await stack.api<{ device: string; zoneCode: string; presence: string }[]>('GET', '/api/devices')
        ).body.find((d) => d.zoneCode === 'gh1' && d.device === 'substrate-1')?.presence === 'online',
      { what: 'substrate-1 online', timeoutMs: 10_000, intervalMs: 100 },
    );
    expect((await stack.sim('DELETE', '/faults/unplugged')).status).toBeLessThan(300);
    await waitFor(
      async () =>
        (await latest('gh1')).devices.find((d) => d.device === 'substrate-2')?.presence === 'online',
      { what: 'substrate-2 online again', timeoutMs: 15_000, intervalMs: 100 },
    );
  }, 45_000);

  it('fills a silence with the replayed backlog, without duplicate rows', async () => {
    const fault = await stack.sim<{ id: string; sinceMs: number }>('POST', '/faults', {
      type: 'silence',
      zone: 'gh3',
      device: 'env-1',
      id: 'quiet',
    });
    expect(fault.status).toBe(200);
    const silencedAt = fault.body.sinceMs;
    const stored = async (fromMs: number, toMs: number) => {
      const body = (
        await stack.api<{ device: string; points: { ts: string }[] }[]>(
          'GET',
          `/api/readings?zone=gh3&device=env-1&metric=air_temp_c&step=raw&from=${new Date(fromMs).toISOString()}&to=${new Date(toMs).toISOString()}`,
        )
      ).body;
      return (body.find((series) => series.device === 'env-1')?.points ?? []).map((p) => Date.parse(p.ts));
    };
    // Forty simulated minutes of silence: the api sees nothing from env-1 of gh3 meanwhile.
    await waitFor(() => stack.clock.now() > silencedAt + 40 * MINUTE, {
      what: 'forty simulated minutes',
      timeoutMs: 20_000,
    });
    const lastHeard = Math.max(...(await stored(silencedAt - 60 * MINUTE, stack.clock.now())));
    // At most a reading already on its way when the fault began.
    expect(lastHeard).toBeLessThanOrEqual(silencedAt + MINUTE);
    const duplicatesBefore = (await stack.api<{ duplicates: number }>('GET', '/api/telemetry/stats')).body
      .duplicates;
    expect((await stack.sim('DELETE', '/faults/quiet')).status).toBe(200);
    const backlog = await waitFor(
      () => stack.events.find((e) => e.event === 'backlog-sent' && e['device'] === 'xnz-gh3-env-1'),
      { what: 'the backlog to be sent', timeoutMs: 15_000 },
    );
    const samples = Number(backlog['samples']);
    // Every 10 simulated seconds for 40 minutes (the simulator skips readings when its process lags).
    expect(samples).toBeGreaterThanOrEqual(60);
    expect(backlog['dropped']).toBe(0);
    const sentBy = stack.clock.now();
    const gap = await waitFor(
      async () => {
        const times = await stored(lastHeard + 1, sentBy);
        return times.length >= samples ? times : undefined;
      },
      { what: `the ${samples} backlog samples stored in the gap`, timeoutMs: 20_000, intervalMs: 250 },
    );
    expect(new Set(gap).size).toBe(gap.length);
    // The gap is filled across its length, not only at its ends.
    expect(gap.filter((t) => t < silencedAt + 20 * MINUTE).length).toBeGreaterThan(0);
    expect(
      gap.filter((t) => t > silencedAt + 20 * MINUTE && t < silencedAt + 40 * MINUTE).length,
    ).toBeGreaterThan(0);
    const series = await stored(silencedAt - 60 * MINUTE, stack.clock.now());
    expect(new Set(series).size).toBe(series.length);

    // Replayed once more by the broker or not, each (device, metric, time) is stored once.
    const sql = new pg.Client(stack.database.url);
    await sql.connect();
    try {
      const rows = await sql.query<{ total: string; distinct: string }>(
        `SELECT count(*) AS total, count(DISTINCT r.ts) AS distinct
           FROM reading_values r JOIN devices d ON d.id = r.device_id
          WHERE d.zone_code = 'gh3' AND d.device = 'env-1' AND r.metric = 'air_temp_c'`,
      );
      expect(Number(rows.rows[0].total)).toBe(Number(rows.rows[0].distinct));
      expect(Number(rows.rows[0].total)).toBeGreaterThanOrEqual(series.length);
    } finally {
      await sql.end();
    }
    const stats = (
      await stack.api<{ duplicates: number; rejectedTotal: number }>('GET', '/api/telemetry/stats')
    ).body;
    expect(stats.duplicates).toBeGreaterThanOrEqual(duplicatesBefore);
    expect(stats.rejectedTotal).toBe(0);
  }, 45_000);
});
