/**
 * History benchmark (not a test): `npm run bench:history`.
 *
 * Loads a year of 1-minute data for 3 houses x 10 metrics straight into the tables (server-side
 * generate_series, not through MQTT; raw retention set to keep it), with the 1-minute and 1-hour
 * rollups, then boots the api and times GET /api/readings for 1, 7, 30 and 365 days at step=auto.
 * PostgreSQL: BENCH_DATABASE_URL, DATABASE_URL or TEST_DATABASE_URL (a scratch database is made
 * and dropped on it). BENCH_DAYS shortens the year; BENCH_RUNS sets the samples per span.
 */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { loadAppConfig } from '#config';
import { createClock } from '#contracts';
import { createApp } from '../apps/api/src/app.factory.js';
import { migrateDatabase } from '../apps/api/src/database/data-source.js';
import { hashMosquittoPassword } from '../apps/api/src/devices/mosquitto-password.js';
import { startEmbeddedBroker } from '../apps/api/src/runtime/embedded-broker.js';
import { withBenchPostgres } from './bench-postgres.js';
import { percentile } from './percentile.js';

const DAY = 86_400_000;
const METRICS = [
  'air_temp_c',
  'air_rh_pct',
  'co2_ppm',
  'light_lux',
  'substrate_vwc_pct',
  'substrate_temp_c',
  'substrate_ec_ms_cm',
  'bench_temp_c',
  'vent_pct',
  'screen_pct',
];
const ADMIN = { phone: '13900000009', password: 'bench-password-1' };

const say = (line: string) => process.stdout.write(`${line}\n`);

async function main(): Promise<void> {
  await withBenchPostgres(measure);
}

async function measure(server: string): Promise<void> {
  const days = Number(process.env['BENCH_DAYS'] ?? 365);
  const runs = Number(process.env['BENCH_RUNS'] ?? 40);
  const name = `bench_history_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = Object.assign(new URL(server), { pathname: `/${name}` }).toString();
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'yumiao-bench-history-'));
  const sql = new pg.Client({ connectionString: url });
  try {
    await migrateDatabase(url);
    await sql.connect();
    const now = Date.now();
    const end = Math.floor(now / 60_000) * 60_000;
    const start = end - days * DAY;
    const houses = ['gh1', 'gh2', 'gh3'];
    const ids: string[] = [];
    for (const [index, house] of houses.entries()) {
      const zone = (
        await sql.query<{ id: string }>(
          `INSERT INTO zones (site, code, kind, name, sort_order) VALUES ('xnz', $1, 'greenhouse', $1, $2) RETURNING id`,
          [house, index],
        )
      ).rows[0];
      const device = (
        await sql.query<{ id: string }>(
          `INSERT INTO devices (site, zone_id, zone_code, device, kind, metrics, interval_s, username, password_hash)
           VALUES ('xnz', $1, $2, 'env-1', 'env', $3, 60, $4, $5) RETURNING id`,
          [zone.id, house, JSON.stringify(METRICS), `xnz-${house}-env-1`, hashMosquittoPassword('x')],
        )
      ).rows[0];
      ids.push(device.id);
    }
    say(
      `Loading ${days} days x 1-minute x ${houses.length} houses x ${METRICS.length} metrics = ${(days * 1440 * houses.length * METRICS.length).toLocaleString('en')} rows into ${name}...`,
    );
    const loadStarted = Date.now();
    for (let day = Math.floor(start / DAY) * DAY; day <= end; day += DAY) {
      const partition = `readings_p${new Date(day).toISOString().slice(0, 10).replaceAll('-', '')}`;
      await sql.query(
        `CREATE TABLE IF NOT EXISTS ${partition} PARTITION OF readings FOR VALUES FROM ('${new Date(day).toISOString()}') TO ('${new Date(day + DAY).toISOString()}')`,
      );
    }
    await sql.query(
      `INSERT INTO reading_series (device_id, metric)
       SELECT d.id, m.metric FROM unnest($1::uuid[]) AS d(id) CROSS JOIN unnest($2::text[]) AS m(metric)`,
      [ids, METRICS],
    );
    // One month per statement keeps each transaction moderate.
    for (let from = start; from < end; from += 30 * DAY) {
      const to = Math.min(end, from + 30 * DAY);
      await sql.query(
        `INSERT INTO readings (series_id, ts, value, seq, received_at)
         SELECT s.id, t.ts,
                round((15 + 8 * sin(extract(epoch FROM t.ts) / 13751.0) + m.k)::numeric, 2)::float8,
                NULL, t.ts
           FROM unnest($1::uuid[]) AS d(id)
           CROSS JOIN unnest($2::text[]) WITH ORDINALITY AS m(metric, k)
           JOIN reading_series s ON s.device_id = d.id AND s.metric = m.metric
           CROSS JOIN generate_series(to_timestamp($3 / 1000.0), to_timestamp($4 / 1000.0) - interval '1 minute', interval '1 minute') AS t(ts)`,
        [ids, METRICS, from, to],
      );
      process.stdout.write('.');
    }
    say('');
    await sql.query(
      `INSERT INTO readings_1m (device_id, metric, bucket, min, max, sum, count)
       SELECT device_id, metric, ts, value, value, value, 1 FROM reading_values`,
    );
    await sql.query(
      `INSERT INTO readings_1h (device_id, metric, bucket, min, max, sum, count)
       SELECT device_id, metric, date_trunc('hour', ts, 'UTC'), min(value), max(value), sum(value), count(*)
         FROM reading_values GROUP BY 1, 2, 3`,
    );
    await sql.query('VACUUM ANALYZE');
    const loadS = (Date.now() - loadStarted) / 1000;
    const size = (
      await sql.query<{ s: string }>(`SELECT pg_size_pretty(pg_database_size(current_database())) AS s`)
    ).rows[0]?.s;
    say(`Loaded in ${loadS.toFixed(0)} s; database size ${size}`);

    const broker = await startEmbeddedBroker({ host: '127.0.0.1', port: 0 });
    const config = loadAppConfig({
      DATABASE_URL: url,
      DATA_DIR: dataDir,
      DEMO_SEED: '0',
      SIMULATOR: '0',
      LOG_LEVEL: 'warn',
      RAW_RETENTION_DAYS: String(days + 30),
      ADMIN_PHONE: ADMIN.phone,
      ADMIN_PASSWORD: ADMIN.password,
    });
    const app = await createApp(config, {
      databaseUrl: url,
      broker: { kind: 'embedded', broker, url: broker.url },
      clock: createClock(undefined),
    });
    await app.listen(0, '127.0.0.1');
    const server = app.getHttpServer() as { address(): { port: number } };
    const base = `http://127.0.0.1:${server.address().port}`;
    const login = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(ADMIN),
    });
    const token = ((await login.json()) as { accessToken: string }).accessToken;
    say('');
    say(`| span | step | points/series | p50 ms | p95 ms | max ms | runs |`);
    say(`|---|---|---|---|---|---|---|`);
    for (const spanDays of [1, 7, 30, 365].filter((d) => d <= days)) {
      const times: number[] = [];
      let step = '';
      let points = 0;
      for (let run = -3; run < runs; run++) {
        const house = houses[(run + 3) % houses.length];
        const metric = METRICS[(run + 3) % METRICS.length];
        const to = new Date(end - (run + 3) * 60_000);
        const from = new Date(to.getTime() - spanDays * DAY);
        const started = performance.now();
        const response = await fetch(
          `${base}/api/readings?zone=${house}&metric=${metric}&step=auto&from=${from.toISOString()}&to=${to.toISOString()}`,
          { headers: { authorization: `Bearer ${token}` } },
        );
        const body = (await response.json()) as { step: string; points: unknown[] }[];
        const elapsed = performance.now() - started;
        if (response.status !== 200) throw new Error(`readings answered ${response.status}`);
        if (run >= 0) times.push(elapsed);
        step = body[0]?.step ?? '';
        points = body[0]?.points.length ?? 0;
      }
      times.sort((a, b) => a - b);
      say(
        `| ${spanDays} d | ${step} | ${points} | ${percentile(times, 50).toFixed(1)} | ${percentile(times, 95).toFixed(1)} | ${times.at(-1)?.toFixed(1)} | ${runs} |`,
      );
    }
    await app.close();
    await broker.close();
  } finally {
    await sql.end().catch(() => undefined);
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
    await rm(dataDir, { recursive: true, force: true });
  }
}

await main();
process.exit(0);
