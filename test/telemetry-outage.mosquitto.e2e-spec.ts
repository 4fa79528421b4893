import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { MqttClient } from 'mqtt';
import pg from 'pg';
import {
  startMosquitto,
  uniqueId,
  useTestDatabase,
  waitFor,
  type RunningMosquitto,
  type TestDatabase,
} from '#testing';
import { migrateDatabase } from '../apps/api/src/database/data-source.js';
import { hashMosquittoPassword } from '../apps/api/src/devices/mosquitto-password.js';
import { writeMosquittoAuth } from '../tools/mosquitto-auth.js';
import { spawnApi, type ApiProcess } from './support/api-process.js';
import { connectDevice } from './support/telemetry-harness.js';
import { startTcpProxy, type TcpProxy } from './support/tcp-proxy.js';

const API = { username: 'yumiao-api', password: 'api-secret-password' };
const DEVICE_COUNT = 10;
const VALUES_PER_MESSAGE = 2;

/**
 * Counting tests against a Mosquitto started from the shipped config (its queue limits, not this
 * machine's defaults) and PostgreSQL reached through a TCP proxy the test controls.
 */
describe('telemetry through Mosquitto: database outages and a killed api lose nothing', () => {
  let database: TestDatabase;
  let mosquitto: RunningMosquitto;
  let proxy: TcpProxy;
  let dataDir: string;
  let api: ApiProcess | undefined;
  let sql: pg.Client;
  const clientId = uniqueId('ingest');
  const devices = Array.from({ length: DEVICE_COUNT }, (_, i) => ({
    device: `env-${i + 1}`,
    username: `xnz-gh1-env-${i + 1}`,
    password: `password-${i + 1}`,
  }));
  let clients: MqttClient[] = [];
  const base = Date.now() - 3 * 3_600_000;
  let sequence = 0;

  const stored = async (): Promise<number> =>
    Number((await sql.query<{ n: string }>('SELECT count(*) AS n FROM readings')).rows[0]?.n ?? 0);
  const startApi = () =>
    spawnApi({
      DATABASE_URL: throughProxy(database.url, proxy.port),
      MQTT_URL: mosquitto.url,
      MQTT_USERNAME: API.username,
      MQTT_PASSWORD: API.password,
      MQTT_CLIENT_ID: clientId,
      DATA_DIR: dataDir,
    });
  /** Publishes `count` messages round-robin over the devices, each a new (device, ts). */
  const publish = async (count: number): Promise<void> => {
    const sends: Promise<unknown>[] = [];
    for (let i = 0; i < count; i++) {
      const n = sequence++;
      const client = clients[n % DEVICE_COUNT];
      const device = devices[n % DEVICE_COUNT].device;
      const ts = base + Math.floor(n / DEVICE_COUNT) * 100;
      sends.push(
        client.publishAsync(
          `nursery/v1/xnz/gh1/${device}/tele`,
          JSON.stringify({ ts, seq: n, values: { air_temp_c: 15, co2_ppm: n % 5000 } }),
          { qos: 1 },
        ),
      );
    }
    await Promise.all(sends);
  };

  beforeAll(async () => {
    database = await useTestDatabase({ migrate: migrateDatabase });
    sql = new pg.Client({ connectionString: database.url });
    await sql.connect();
    const zone = (
      await sql.query<{ id: string }>(
        `INSERT INTO zones (site, code, kind, name) VALUES ('xnz', 'gh1', 'greenhouse', 'gh1') RETURNING id`,
      )
    ).rows[0];
    for (const device of devices) {
      await sql.query(
        `INSERT INTO devices (site, zone_id, zone_code, device, kind, interval_s, username, password_hash)
         VALUES ('xnz', $1, 'gh1', $2, 'env', 10, $3, $4)`,
        [zone.id, device.device, device.username, hashMosquittoPassword(device.password)],
      );
    }
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'yumiao-outage-'));
    const files = await writeMosquittoAuth(database.url, dataDir, {
      username: API.username,
      passwordHash: hashMosquittoPassword(API.password),
    });
    mosquitto = await startMosquitto({
      withAuth: { passwordFile: files.passwordFile, aclFile: files.aclFile },
    });
    const target = new URL(database.url);
    proxy = await startTcpProxy(target.hostname, Number(target.port || 5432));
    clients = await Promise.all(
      devices.map((d) => connectDevice(mosquitto.url, { username: d.username, password: d.password })),
    );
  });

  afterAll(async () => {
    for (const client of clients) client.end(true);
    await api?.kill('SIGKILL');
    await proxy?.close();
    await mosquitto?.stop();
    await sql?.end();
    await database?.drop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('(a) 10,000 messages in flight, a commit held by a paused database, SIGKILL, 1,000 more while down, restart: every row exactly once', async () => {
    api = await startApi();
    const first = publish(10_000);
    await waitFor(async () => (await stored()) > 0, { what: 'ingest under way', timeoutMs: 30_000 });
    proxy.pause();
    await first;
    await api.kill('SIGKILL');
    // Published while no consumer is connected: the persistent session(s) must keep them.
    await publish(1_000);
    proxy.resume();
    api = await startApi();
    const expected = 11_000 * VALUES_PER_MESSAGE;
    await waitFor(async () => (await stored()) === expected, {
      what: `${expected} rows`,
      timeoutMs: 90_000,
      intervalMs: 250,
    });
    const doubled = await sql.query(
      'SELECT device_id, metric, ts FROM reading_values GROUP BY 1, 2, 3 HAVING count(*) > 1',
    );
    expect(doubled.rows).toEqual([]);
    const perDevice = await sql.query<{ n: string }>(
      'SELECT count(*) AS n FROM reading_values GROUP BY device_id',
    );
    expect(perDevice.rows.map((r) => Number(r.n))).toEqual(Array(DEVICE_COUNT).fill(2_200));
  });

  it('(b) the database cut off for 10 s while traffic flows: nothing lost, ingest resumes by itself', async () => {
    const before = await stored();
    const during = publish(2_000);
    proxy.cut();
    const more = publish(3_000);
    await new Promise((resolve) => setTimeout(resolve, 10_000));
    proxy.restore();
    await Promise.all([during, more]);
    const expected = before + 5_000 * VALUES_PER_MESSAGE;
    await waitFor(async () => (await stored()) === expected, {
      what: `${expected} rows after the outage`,
      timeoutMs: 90_000,
      intervalMs: 250,
    });
    await publish(100);
    await waitFor(async () => (await stored()) === expected + 100 * VALUES_PER_MESSAGE, {
      what: 'fresh traffic after the outage',
      timeoutMs: 30_000,
    });
  });
});

/** The database URL with its host and port replaced by the proxy's; credentials kept (the embedded
 * PostgreSQL asks for a password, the machine's may trust). */
function throughProxy(url: string, port: number): string {
  const proxied = new URL(url);
  proxied.hostname = '127.0.0.1';
  proxied.port = String(port);
  return proxied.toString();
}
