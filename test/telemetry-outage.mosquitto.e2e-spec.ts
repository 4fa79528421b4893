import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { MqttClient } from 'mqtt';
import { uniqueId, waitFor } from '#testing';
import { adminToken, spawnApi, type ApiProcess } from './support/api-process.js';
import {
  MOSQUITTO_API as API,
  startMosquittoNursery,
  type MosquittoNursery,
} from './support/mosquitto-nursery.js';
import { connectDevice } from './support/telemetry-harness.js';
import { startTcpProxy, type TcpProxy } from './support/tcp-proxy.js';
import { TEST_ADMIN } from './support/api-harness.js';

const DEVICE_COUNT = 10;
const VALUES_PER_MESSAGE = 2;

/**
 * Counting tests against a Mosquitto started from the shipped config (its queue limits, not this
 * machine's defaults) and PostgreSQL reached through a TCP proxy the test controls.
 */
describe('telemetry through Mosquitto: database outages and a killed api lose nothing', () => {
  let nursery: MosquittoNursery;
  let proxy: TcpProxy;
  let api: ApiProcess | undefined;
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
    Number((await nursery.sql.query<{ n: string }>('SELECT count(*) AS n FROM readings')).rows[0]?.n ?? 0);
  const startApi = () =>
    spawnApi({
      DATABASE_URL: throughProxy(nursery.database.url, proxy.port),
      MQTT_URL: nursery.mosquitto.url,
      MQTT_USERNAME: API.username,
      MQTT_PASSWORD: API.password,
      MQTT_CLIENT_ID: clientId,
      DATA_DIR: nursery.dataDir,
      ADMIN_PHONE: TEST_ADMIN.phone,
      ADMIN_PASSWORD: TEST_ADMIN.password,
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
    nursery = await startMosquittoNursery(devices);
    const target = new URL(nursery.database.url);
    proxy = await startTcpProxy(target.hostname, Number(target.port || 5432));
    clients = await Promise.all(
      devices.map((d) =>
        connectDevice(nursery.mosquitto.url, { username: d.username, password: d.password }),
      ),
    );
  });

  afterAll(async () => {
    for (const client of clients) client.end(true);
    await api?.kill('SIGKILL');
    await proxy?.close();
    await nursery?.close();
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
    const doubled = await nursery.sql.query(
      'SELECT device_id, metric, ts FROM reading_values GROUP BY 1, 2, 3 HAVING count(*) > 1',
    );
    expect(doubled.rows).toEqual([]);
    const perDevice = await nursery.sql.query<{ n: string }>(
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

  it('(c) a 60 s outage at 1,000 msgs/s: at most 2 write attempts a second, queued never falls, at most 4 ingest log lines', async () => {
    const before = await stored();
    type Stats = { queued: number; writeAttempts: number };
    const stats = async (): Promise<Stats> =>
      (await (
        await fetch(`${api!.url}/api/telemetry/stats`, { headers: { authorization: `Bearer ${token}` } })
      ).json()) as Stats;
    const token = await adminToken(api!.url);
    // Every line the api writes from the cut on (its output() keeps only a rolling tail).
    const lines: string[] = [];
    const collect = (chunk: Buffer) =>
      lines.push(
        ...chunk
          .toString('utf8')
          .split('\n')
          .filter((line) => line.trim() !== ''),
      );
    api!.child.stdout?.on('data', collect);
    api!.child.stderr?.on('data', collect);
    proxy.cut();
    const cutAt = Date.now();
    const sends: Promise<void>[] = [];
    const samples: (Stats & { at: number })[] = [];
    let published = 0;
    while (Date.now() - cutAt < 60_000) {
      const tick = Date.now();
      // 1,000 messages a second, on the clock (the loop itself takes time).
      const due = Math.floor(tick - cutAt) - published;
      sends.push(publish(due));
      published += due;
      samples.push({ ...(await stats()), at: Date.now() });
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, 100 - (Date.now() - tick))));
    }
    proxy.restore();
    const expected = before + published * VALUES_PER_MESSAGE;
    await Promise.all(sends);
    await waitFor(async () => (await stored()) === expected, {
      what: `${expected} rows after the 60 s outage`,
      timeoutMs: 120_000,
      intervalMs: 500,
    });
    await waitFor(async () => lines.some((line) => line.includes('database back for ingest')), {
      what: 'the line saying the database is back',
      timeoutMs: 10_000,
    });
    // Write attempts in each whole second of the outage.
    const perSecond = new Map<number, number>();
    for (let i = 1; i < samples.length; i++) {
      const second = Math.floor((samples[i].at - cutAt) / 1000);
      perSecond.set(
        second,
        (perSecond.get(second) ?? 0) + samples[i].writeAttempts - samples[i - 1].writeAttempts,
      );
    }
    const queued = samples.map((sample) => sample.queued);
    const falls = queued.filter((value, i) => i > 0 && value < queued[i - 1]);
    api!.child.stdout?.off('data', collect);
    api!.child.stderr?.off('data', collect);
    process.stdout.write(
      `outage: ${published} published in 60 s, max write attempts in a second ${Math.max(...perSecond.values())}, ` +
        `total ${samples.at(-1)!.writeAttempts - samples[0].writeAttempts}, queued ${queued[0]} -> ${queued.at(-1)}, ` +
        `${lines.length} log lines:\n${lines.join('\n')}\n`,
    );
    expect(Math.max(...perSecond.values())).toBeLessThanOrEqual(2);
    expect(falls).toEqual([]);
    // The ingest's own lines (ingest, telemetry jobs): gone, a reminder a minute, back.
    const ingestLines = lines.filter((line) => /"context":"(ingest|telemetry-jobs|mqtt)"/.test(line));
    expect(ingestLines.length).toBeGreaterThanOrEqual(2);
    expect(ingestLines.length).toBeLessThanOrEqual(4);
  }, 300_000);
});

/** The database URL with its host and port replaced by the proxy's; credentials kept (the embedded
 * PostgreSQL asks for a password, the machine's may trust). */
function throughProxy(url: string, port: number): string {
  const proxied = new URL(url);
  proxied.hostname = '127.0.0.1';
  proxied.port = String(port);
  return proxied.toString();
}
