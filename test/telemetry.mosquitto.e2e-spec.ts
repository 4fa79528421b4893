import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import pg from 'pg';
import { loadAppConfig } from '#config';
import { createClock } from '#contracts';
import {
  startMosquitto,
  uniqueId,
  useTestDatabase,
  waitFor,
  type RunningMosquitto,
  type TestDatabase,
} from '#testing';
import { createApp } from '../apps/api/src/app.factory.js';
import { migrateDatabase } from '../apps/api/src/database/data-source.js';
import { hashMosquittoPassword } from '../apps/api/src/devices/mosquitto-password.js';
import { BrokerLink } from '../apps/api/src/telemetry/broker-link.js';
import { writeMosquittoAuth } from '../tools/mosquitto-auth.js';
import { TEST_ADMIN } from './support/api-harness.js';
import { connectDevice } from './support/telemetry-harness.js';

const run = promisify(execFile);
const API = { username: 'yumiao-api', password: 'api-secret-password' };
const DEVICES = {
  env1: { device: 'env-1', username: 'xnz-gh1-env-1', password: 'env-1-password' },
  env2: { device: 'env-2', username: 'xnz-gh1-env-2', password: 'env-2-password' },
};

interface Series {
  device: string;
  points: { ts: string; value: number }[];
}

describe('telemetry through Mosquitto with the files `npm run mosquitto:auth` writes', () => {
  let database: TestDatabase;
  let mosquitto: RunningMosquitto;
  let app: INestApplication;
  let folder: string;
  let url: string;
  let token: string;
  const now = Date.now();

  const get = async <T>(route: string): Promise<T> => {
    const response = await fetch(`${url}${route}`, { headers: { authorization: `Bearer ${token}` } });
    return (await response.json()) as T;
  };
  const temps = (metric = 'air_temp_c') =>
    get<Series[]>(
      `/api/readings?zone=gh1&metric=${metric}&step=raw&from=${new Date(now - 3_600_000).toISOString()}&to=${new Date(now + 60_000).toISOString()}`,
    );

  beforeAll(async () => {
    database = await useTestDatabase({ migrate: migrateDatabase });
    const sql = new pg.Client({ connectionString: database.url });
    await sql.connect();
    const zone = (
      await sql.query<{ id: string }>(
        `INSERT INTO zones (site, code, kind, name) VALUES ('xnz', 'gh1', 'greenhouse', 'gh1') RETURNING id`,
      )
    ).rows[0];
    for (const device of Object.values(DEVICES)) {
      await sql.query(
        `INSERT INTO devices (site, zone_id, zone_code, device, kind, interval_s, username, password_hash)
         VALUES ('xnz', $1, 'gh1', $2, 'env', 60, $3, $4)`,
        [zone.id, device.device, device.username, hashMosquittoPassword(device.password)],
      );
    }
    await sql.end();
    folder = await mkdtemp(path.join(os.tmpdir(), 'yumiao-mosquitto-auth-'));
    const files = await writeMosquittoAuth(database.url, folder, {
      username: API.username,
      passwordHash: hashMosquittoPassword(API.password),
    });
    mosquitto = await startMosquitto({
      withAuth: { passwordFile: files.passwordFile, aclFile: files.aclFile },
    });
    const config = loadAppConfig({
      DATABASE_URL: database.url,
      MQTT_URL: mosquitto.url,
      MQTT_USERNAME: API.username,
      MQTT_PASSWORD: API.password,
      MQTT_CLIENT_ID: uniqueId('ingest'),
      DATA_DIR: folder,
      DEMO_SEED: '0',
      SIMULATOR: '0',
      LOG_LEVEL: 'warn',
      ADMIN_PHONE: TEST_ADMIN.phone,
      ADMIN_PASSWORD: TEST_ADMIN.password,
    });
    app = await createApp(config, {
      databaseUrl: database.url,
      broker: { kind: 'external', url: mosquitto.url, username: API.username, password: API.password },
      clock: createClock(undefined),
    });
    await app.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
    await app.get(BrokerLink).connected();
    const login = await fetch(`${url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(TEST_ADMIN),
    });
    token = ((await login.json()) as { accessToken: string }).accessToken;
  });

  afterAll(async () => {
    await app?.close();
    await mosquitto?.stop();
    await database?.drop();
    await rm(folder, { recursive: true, force: true });
  });

  it('stores a reading published with mosquitto_pub exactly as docs/mqtt.md shows', async () => {
    await run('mosquitto_pub', [
      '-h',
      '127.0.0.1',
      '-p',
      String(mosquitto.port),
      '-u',
      DEVICES.env1.username,
      '-P',
      DEVICES.env1.password,
      '-q',
      '1',
      '-t',
      'nursery/v1/xnz/gh1/env-1/tele',
      '-m',
      JSON.stringify({ ts: now - 2000, values: { air_temp_c: 18.6, air_rh_pct: 71.2 } }),
    ]);
    const series = await waitFor(
      async () => ((await temps())[0]?.points.length === 1 ? await temps() : undefined),
      {
        what: 'the mosquitto_pub reading in /api/readings',
        timeoutMs: 15_000,
      },
    );
    expect(series[0]?.points[0]).toEqual({ ts: new Date(now - 2000).toISOString(), value: 18.6 });
    const latest = await get<{ devices: { device: string; values: { metric: string; value: number }[] }[] }>(
      '/api/zones/gh1/latest',
    );
    expect(
      latest.devices.find((d) => d.device === 'env-1')?.values.find((v) => v.metric === 'air_temp_c')?.value,
    ).toBe(18.6);
  });

  it('(d) refuses anonymous devices and drops a publish under another device topic', async () => {
    await expect(connectDevice(mosquitto.url)).rejects.toThrow();
    await expect(
      connectDevice(mosquitto.url, { username: DEVICES.env1.username, password: 'nope' }),
    ).rejects.toThrow();
    const intruder = await connectDevice(mosquitto.url, {
      username: DEVICES.env2.username,
      password: DEVICES.env2.password,
    });
    await intruder.publishAsync(
      'nursery/v1/xnz/gh1/env-1/tele',
      JSON.stringify({ ts: now - 1500, values: { co2_ppm: 9999 } }),
      { qos: 1 },
    );
    await intruder.endAsync();
    const owner = await connectDevice(mosquitto.url, {
      username: DEVICES.env1.username,
      password: DEVICES.env1.password,
    });
    await owner.publishAsync(
      'nursery/v1/xnz/gh1/env-1/tele',
      JSON.stringify({ ts: now - 1000, values: { co2_ppm: 420 } }),
      { qos: 1 },
    );
    await owner.endAsync();
    const co2 = await waitFor(
      async () => {
        const series = await temps('co2_ppm');
        return series[0]?.points.some((p) => p.value === 420) ? series : undefined;
      },
      { what: "the owner's own reading", timeoutMs: 15_000 },
    );
    expect(co2[0]?.points.map((p) => p.value)).toEqual([420]);
  });
});
