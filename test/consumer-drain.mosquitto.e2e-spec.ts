import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import mqtt, { type MqttClient } from 'mqtt';
import { uniqueId, waitFor } from '#testing';
import { spawnApi, type ApiProcess } from './support/api-process.js';
import {
  MOSQUITTO_API as API,
  startMosquittoNursery,
  type MosquittoNursery,
} from './support/mosquitto-nursery.js';
import { connectDevice } from './support/telemetry-harness.js';

const DEVICE = { device: 'env-1', username: 'xnz-gh1-env-1', password: 'password-1' };

/**
 * Issue 22 item 4. Mosquitto hands each member of a shared subscription its share of the messages,
 * offline persistent sessions included. Lowering INGEST_CONSUMERS from 4 to 2 used to leave the
 * sessions of consumers 3 and 4 at the broker, collecting half of all readings for nobody. Now the
 * api drains and deletes them at start.
 */
describe('fewer ingest consumers than last time: the unused sessions are drained, nothing stranded', () => {
  let nursery: MosquittoNursery;
  let api: ApiProcess | undefined;
  let device: MqttClient;
  const clientId = uniqueId('ingest');
  let sequence = 0;
  const base = Date.now() - 3_600_000;

  const stored = async (): Promise<number> =>
    Number((await nursery.sql.query<{ n: string }>('SELECT count(*) AS n FROM readings')).rows[0]?.n ?? 0);
  const sessions = async (): Promise<unknown> =>
    (
      await nursery.sql.query<{ value: unknown }>(
        `SELECT value FROM settings WHERE key = 'ingest.consumer-sessions'`,
      )
    ).rows[0]?.value;
  const startApi = (consumers: number) =>
    spawnApi({
      DATABASE_URL: nursery.database.url,
      MQTT_URL: nursery.mosquitto.url,
      MQTT_USERNAME: API.username,
      MQTT_PASSWORD: API.password,
      MQTT_CLIENT_ID: clientId,
      INGEST_CONSUMERS: String(consumers),
      DATA_DIR: nursery.dataDir,
    });
  const publish = async (count: number): Promise<void> => {
    const sends: Promise<unknown>[] = [];
    for (let i = 0; i < count; i++) {
      const n = sequence++;
      sends.push(
        device.publishAsync(
          `nursery/v1/xnz/gh1/${DEVICE.device}/tele`,
          JSON.stringify({ ts: base + n * 100, values: { air_temp_c: 15 } }),
          { qos: 1 },
        ),
      );
    }
    await Promise.all(sends);
  };

  beforeAll(async () => {
    nursery = await startMosquittoNursery([DEVICE]);
    device = await connectDevice(nursery.mosquitto.url, {
      username: DEVICE.username,
      password: DEVICE.password,
    });
  });

  afterAll(async () => {
    device?.end(true);
    await api?.kill('SIGKILL');
    await nursery?.close();
  });

  it('4 consumers, stopped, 2,000 readings queued at the broker, restarted with 2: every reading arrives once', async () => {
    api = await startApi(4);
    const four = [1, 2, 3, 4].map((n) => `${clientId}-${n}`);
    await waitFor(
      async () => JSON.stringify(await sessions()) === JSON.stringify({ group: clientId, clientIds: four }),
      {
        what: 'the four sessions recorded',
        timeoutMs: 20_000,
      },
    );
    await api.kill('SIGTERM');

    // Queued in the four offline sessions, about half of them in consumers 3 and 4.
    await publish(2_000);
    api = await startApi(2);
    await waitFor(async () => (await stored()) === 2_000, {
      what: '2,000 readings',
      timeoutMs: 60_000,
      intervalMs: 250,
    });
    await waitFor(
      async () =>
        JSON.stringify(await sessions()) ===
        JSON.stringify({ group: clientId, clientIds: [`${clientId}-1`, `${clientId}-2`] }),
      { what: 'the two sessions recorded', timeoutMs: 30_000 },
    );
    expect(api.output()).toContain(`the unused ingest session ${clientId}-3 is drained and deleted`);

    // The broker no longer keeps sessions 3 and 4: connecting as them finds no session.
    for (const stale of [`${clientId}-3`, `${clientId}-4`]) {
      const probe = mqtt.connect(nursery.mosquitto.url, {
        clientId: stale,
        clean: false,
        username: API.username,
        password: API.password,
        protocolVersion: 4,
        reconnectPeriod: 0,
      });
      const connack = await new Promise<{ sessionPresent: boolean }>((resolve, reject) => {
        probe.once('connect', resolve);
        probe.once('error', reject);
      });
      expect(connack.sessionPresent).toBe(false);
      // Clean up the session this probe just made.
      await probe.endAsync();
      const cleaner = await mqtt.connectAsync(nursery.mosquitto.url, {
        clientId: stale,
        clean: true,
        username: API.username,
        password: API.password,
        protocolVersion: 4,
      });
      await cleaner.endAsync();
    }

    // And from now on nothing goes to a session nobody reads.
    await publish(400);
    await waitFor(async () => (await stored()) === 2_400, { what: '2,400 readings', timeoutMs: 30_000 });
    const doubled = await nursery.sql.query(
      'SELECT device_id, metric, ts FROM reading_values GROUP BY 1, 2, 3 HAVING count(*) > 1',
    );
    expect(doubled.rows).toEqual([]);
  }, 180_000);
});
