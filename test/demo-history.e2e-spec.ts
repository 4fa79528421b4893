import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import {
  createClock,
  type AlarmNotificationResponse,
  type AlarmResponse,
  type HouseLimitsResponse,
  type SeriesResponse,
} from '#contracts';
import { SeedRegistry } from '../apps/api/src/seed/seed-registry.js';
import { startTestApi, TEST_ADMIN, type TestApi } from './support/api-harness.js';

/**
 * A fresh demo install shows a few days of history (issue 18): the first demo start writes three
 * days of one reading a minute for every sensor series of the demo devices, straight into the raw
 * readings and the rollups, inside the limits in force of each house; the alarms raise nothing and
 * nobody is notified; a second run writes nothing. The api's clock stands at noon on a March day,
 * so nothing depends on when the suite runs.
 */
const MARCH_NOON = Date.parse('2027-03-10T04:00:00.000Z');
const MINUTE = 60_000;
const DAY = 1440 * MINUTE;

describe('the demo history of a fresh install', () => {
  let api: TestApi;
  let token: string;
  let sql: pg.Client;
  const clock = createClock({ start: MARCH_NOON, anchor: Date.now(), speed: 1 });
  const readings = async (zone: string, metric: string, step: string) => {
    const to = new Date(clock.now()).toISOString();
    const from = new Date(clock.now() - 3 * DAY - 5 * MINUTE).toISOString();
    const response = await api.request<SeriesResponse[]>(
      'GET',
      `/api/readings?zone=${zone}&metric=${metric}&from=${from}&to=${to}&step=${step}`,
      { token },
    );
    expect(response.status).toBe(200);
    return response.body;
  };
  const rawCount = async () =>
    Number((await sql.query<{ n: string }>('SELECT count(*) AS n FROM readings')).rows[0].n);

  beforeAll(async () => {
    api = await startTestApi({ env: { DEMO_SEED: '1' }, clock });
    token = await api.login(TEST_ADMIN.phone, TEST_ADMIN.password);
    sql = new pg.Client({ connectionString: api.database.url });
    await sql.connect();
  }, 120_000);

  afterAll(async () => {
    await sql?.end();
    await api?.close();
  }, 60_000);

  it('answers three days of hourly history for every house, inside its limits in force', async () => {
    for (const zone of ['gh1', 'gh2', 'gh3']) {
      const limits = (await api.request<HouseLimitsResponse>('GET', `/api/zones/${zone}/limits`, { token }))
        .body.limits;
      const limit = (key: string) => limits.find((l) => l.key === key)!.value;
      const [air] = await readings(zone, 'air_temp_c', '1h');
      expect(air.device).toBe('env-1');
      // 72 hours, the first from three days ago, the last from the hour before noon.
      expect(air.points.length).toBeGreaterThanOrEqual(72);
      expect(Date.parse(air.points[0].ts)).toBeLessThanOrEqual(clock.now() - 3 * DAY + 60 * MINUTE);
      expect(Date.parse(air.points.at(-1)!.ts)).toBeGreaterThanOrEqual(clock.now() - 2 * 60 * MINUTE);
      const lowest = Math.min(...air.points.map((p) => p.min!));
      const highest = Math.max(...air.points.map((p) => p.max!));
      expect(lowest).toBeGreaterThan(limit('coldWarnC'));
      expect(highest).toBeLessThan(limit('hotWarnC'));
      // Days warmer than nights: a day's swing, not a flat line.
      expect(highest - lowest).toBeGreaterThan(2);

      for (const probe of await readings(zone, 'substrate_vwc_pct', '1h')) {
        expect(probe.points.length).toBeGreaterThanOrEqual(72);
        expect(Math.min(...probe.points.map((p) => p.min!))).toBeGreaterThan(limit('vwcLowerPct'));
        // gh1's germinating cabbage and hardening tomato have no common moisture band: the floor wins.
        if (limit('vwcUpperPct') > limit('vwcLowerPct'))
          expect(Math.max(...probe.points.map((p) => p.max!))).toBeLessThan(limit('vwcUpperPct'));
      }
      // Warm roots at night: never the cold and wet root zone (substrate under 12 °C).
      for (const probe of await readings(zone, 'substrate_temp_c', '1h'))
        expect(Math.min(...probe.points.map((p) => p.min!))).toBeGreaterThan(12);
      const [rh] = await readings(zone, 'air_rh_pct', '1h');
      expect(Math.max(...rh.points.map((p) => p.max!))).toBeLessThan(limit('highHumidityRhPct'));
    }
    // Outside: the weather station too.
    const [outside] = await readings('outdoor', 'air_temp_c', '1h');
    expect(outside.points.length).toBeGreaterThanOrEqual(72);
  });

  it('writes one raw reading a minute (every 30 s for the 10-s env sensors), and rollups that add up to them', async () => {
    const perSeries = await sql.query<{ device: string; metric: string; n: string; first: Date; last: Date }>(
      `SELECT d.zone_code || '/' || d.device AS device, v.metric, count(*) AS n, min(v.ts) AS first, max(v.ts) AS last
         FROM reading_values v JOIN devices d ON d.id = v.device_id GROUP BY 1, 2 ORDER BY 1, 2`,
    );
    const gh1Air = perSeries.rows.find((r) => r.device === 'gh1/env-1' && r.metric === 'air_temp_c')!;
    // The env sensors report every 10 s: a reading every 30 s holds until the next under the
    // climate passport's rule (3 intervals), so the demo's past days are data there, not 无数据.
    expect(Number(gh1Air.n)).toBe(2 * 3 * 1440 - 1);
    const gh1Probe = perSeries.rows.find(
      (r) => r.device === 'gh1/substrate-1' && r.metric === 'substrate_vwc_pct',
    );
    expect(Number(gh1Probe?.n)).toBe(3 * 1440);
    expect(gh1Air.last.getTime()).toBe(Math.floor(MARCH_NOON / MINUTE) * MINUTE - MINUTE);
    // Sensors only: nothing invented about what was switched.
    expect(perSeries.rows.map((r) => r.metric).filter((m) => /_on$|^sp_c$|^mode$/.test(m))).toEqual([]);
    expect(new Set(perSeries.rows.map((r) => r.device))).toEqual(
      new Set([
        ...['gh1', 'gh2', 'gh3'].flatMap((h) => [
          `${h}/env-1`,
          `${h}/substrate-1`,
          `${h}/substrate-2`,
          `${h}/bench-heat-1`,
        ]),
        'germ1/env-1',
        'outdoor/weather-1',
      ]),
    );
    const sums = await sql.query<{ raw: string; minute: string; hour: string; samples: string }>(
      `SELECT (SELECT count(*) FROM readings) AS raw,
              (SELECT sum(count) FROM readings_1m) AS minute,
              (SELECT sum(count) FROM readings_1h) AS hour,
              (SELECT sum(value)::numeric(20, 3) FROM readings) -
              (SELECT sum(sum)::numeric(20, 3) FROM readings_1h) AS samples`,
    );
    const row = sums.rows[0];
    expect(Number(row.minute)).toBe(Number(row.raw));
    expect(Number(row.hour)).toBe(Number(row.raw));
    expect(Math.abs(Number(row.samples))).toBeLessThan(1);
  });

  it('raises no alarm and notifies nobody: the alarms never saw these rows', async () => {
    // Around the ingest: no latest value moved, so the live window and the pages start empty.
    const latest = await sql.query<{ n: string }>('SELECT count(*) AS n FROM latest_readings');
    expect(Number(latest.rows[0].n)).toBe(0);
    // The alarm tick runs every second of the api's clock: give it a few.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const alarms = await api.request<AlarmResponse[]>(
      'GET',
      '/api/alarms/history?state=pending,active,acknowledged,cleared',
      { token },
    );
    expect(alarms.status).toBe(200);
    // The simulator is off in this suite, so the registered devices never reported: their
    // sensor-offline alarms are theirs. Nothing judged on a value (frost, dry substrate, chilling …).
    const offline = alarms.body.filter((a) => a.rule === 'sensor-offline');
    expect(alarms.body.filter((a) => a.rule !== 'sensor-offline').map((a) => `${a.rule} ${a.zone}`)).toEqual(
      [],
    );
    const notifications = await api.request<AlarmNotificationResponse[]>('GET', '/api/alarms/notifications', {
      token,
    });
    expect(notifications.status).toBe(200);
    expect(
      notifications.body.filter((n) => !offline.some((a) => a.id === n.alarmId)).map((n) => n.reason),
    ).toEqual([]);
  });

  it('is written once: not again, nor into a database that already holds readings', async () => {
    const before = await rawCount();
    const registry = api.app.get(SeedRegistry);
    expect(await registry.runAll()).toEqual([]);
    // Even with its marker gone (an older demo that never ran the step), readings stay as they are.
    await sql.query(`DELETE FROM settings WHERE key = 'seed:telemetry-history'`);
    expect(await registry.runAll()).toEqual(['telemetry-history']);
    expect(await rawCount()).toBe(before);
  });
});
