import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { useTestDatabase, type TestDatabase } from '#testing';
import { migrateDatabase } from '../apps/api/src/database/data-source.js';
import { TEST_ADMIN } from './support/api-harness.js';
import { spawnApi, type ApiProcess } from './support/api-process.js';
import { connectDevice } from './support/telemetry-harness.js';

/**
 * (f) On the embedded broker, an api killed with SIGKILL right after devices sent readings loses
 * none that a device saw acknowledged: aedes writes the PUBACK only after the commit.
 */
describe('telemetry: SIGKILL of the api with the embedded broker', () => {
  let database: TestDatabase;
  let dataDir: string;
  let api: ApiProcess | undefined;

  beforeAll(async () => {
    database = await useTestDatabase({ migrate: migrateDatabase });
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'yumiao-crash-'));
  });

  afterAll(async () => {
    await api?.kill('SIGKILL');
    await database.drop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('keeps every reading a device saw acknowledged', async () => {
    api = await spawnApi({
      DATABASE_URL: database.url,
      DATA_DIR: dataDir,
      ADMIN_PHONE: TEST_ADMIN.phone,
      ADMIN_PASSWORD: TEST_ADMIN.password,
    });
    const call = async <T>(route: string, body: unknown, token?: string): Promise<T> => {
      const response = await fetch(`${api!.url}${route}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: JSON.stringify(body),
      });
      return (await response.json()) as T;
    };
    const { accessToken } = await call<{ accessToken: string }>('/api/auth/login', TEST_ADMIN);
    await call('/api/zones', { code: 'gh1', kind: 'greenhouse', name: 'gh1' }, accessToken);
    const devices = await Promise.all(
      ['env-1', 'env-2', 'env-3', 'env-4'].map((device) =>
        call<{ username: string; password: string; device: string }>(
          '/api/devices',
          { zone: 'gh1', device, kind: 'env', intervalS: 60 },
          accessToken,
        ),
      ),
    );
    const clients = await Promise.all(
      devices.map((d) => connectDevice(api!.mqttUrl, { username: d.username, password: d.password })),
    );
    for (const client of clients) client.on('error', () => undefined);

    const base = Date.now() - 60 * 60_000;
    const acknowledged: { device: string; ts: number }[] = [];
    let sent = 0;
    const killAfter = 1_500;
    let killing: Promise<void> | undefined;
    await new Promise<void>((resolve) => {
      const perDevice = 1_000;
      for (let i = 0; i < perDevice; i++) {
        for (const [index, client] of clients.entries()) {
          const ts = base + i * 1000;
          const device = devices[index].device;
          sent += 1;
          client.publish(
            `nursery/v1/xnz/gh1/${device}/tele`,
            JSON.stringify({ ts, seq: i, values: { air_temp_c: 10 + (i % 100) / 10, co2_ppm: 400 + i } }),
            { qos: 1 },
            (error) => {
              if (error) return;
              acknowledged.push({ device, ts });
              if (acknowledged.length === killAfter) {
                killing = api!.kill('SIGKILL');
                resolve();
              }
            },
          );
        }
      }
    });
    await killing;
    for (const client of clients) client.end(true);
    expect(sent).toBe(4_000);
    expect(acknowledged.length).toBeGreaterThanOrEqual(killAfter);

    const sql = new pg.Client({ connectionString: database.url });
    await sql.connect();
    try {
      const stored = await sql.query<{ device: string; ms: string; n: string }>(
        `SELECT d.device, (extract(epoch FROM r.ts) * 1000)::bigint AS ms, count(*) AS n
           FROM reading_values r JOIN devices d ON d.id = r.device_id GROUP BY 1, 2`,
      );
      const keys = new Map(stored.rows.map((row) => [`${row.device}@${row.ms}`, Number(row.n)]));
      const missing = acknowledged.filter((a) => keys.get(`${a.device}@${a.ts}`) !== 2);
      expect(missing).toEqual([]);
    } finally {
      await sql.end();
    }
  });
});
