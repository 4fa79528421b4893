import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import type { MqttClient } from 'mqtt';
import pg from 'pg';
import { loadAppConfig, type AppConfig } from '#config';
import { createClock } from '#contracts';
import {
  mqttClient,
  startMosquitto,
  uniqueId,
  useTestDatabase,
  waitFor,
  type RunningMosquitto,
  type TestDatabase,
} from '#testing';
import { rotateAllDevices } from '../../../../../tools/devices-export.js';
import { migrateToDynsec } from '../../../../../tools/mosquitto-migrate-dynsec.js';
import { createApp } from '../../app.factory.js';
import { migrateDatabase } from '../../database/data-source.js';
import { mosquittoAclFile, mosquittoPasswordFile } from '../broker-acl.js';
import { loadDynsecAdmin } from '../broker-accounts.js';
import type { DirectoryEntry } from '../device-directory.js';
import { hashMosquittoPassword } from '../mosquitto-password.js';
import { DynsecControl } from './dynsec-control.js';

// Named *.mosquitto.int-spec.ts: scripts/test.mjs leaves it out when mosquitto is missing.

const API = { username: 'yumiao-api', password: 'api-secret-password' };
const ADMIN = { phone: '13900000000', password: 'admin-password-1' };

/** Two devices of a password-file install: a sensor and a gateway, both in gh1. */
const OLD_DEVICES = [
  { device: 'env-1', kind: 'env', password: 'env-1-password' },
  { device: 'gw-1', kind: 'gateway', password: 'gw-1-password' },
].map((device): DirectoryEntry & { password: string } => ({
  ...device,
  kind: device.kind as DirectoryEntry['kind'],
  id: device.device,
  site: 'xnz',
  zone: 'gh1',
  enabled: true,
  username: `xnz-gh1-${device.device}`,
  passwordHash: hashMosquittoPassword(device.password),
  intervalS: 60,
}));

const topic = (device: string, channel = 'tele') => `nursery/v1/xnz/gh1/${device}/${channel}`;

/** A device's connection as libs/testing makes one (no reconnects: a refused login rejects). */
const connect = (url: string, username: string, password: string): Promise<MqttClient> =>
  mqttClient(url, { username, password });

const closed = (client: MqttClient) => new Promise<void>((resolve) => client.once('close', () => resolve()));

describe('Mosquitto with the dynamic security plugin', () => {
  let folder: string;
  let config: AppConfig;
  let mosquitto: RunningMosquitto;
  const clients: MqttClient[] = [];

  beforeAll(async () => {
    // A password-file install as `npm run mosquitto:auth` writes it.
    folder = mkdtempSync(path.join(os.tmpdir(), 'yumiao-dynsec-'));
    writeFileSync(
      path.join(folder, 'passwd'),
      mosquittoPasswordFile([
        { username: API.username, passwordHash: hashMosquittoPassword(API.password) },
        ...OLD_DEVICES,
      ]),
    );
    writeFileSync(path.join(folder, 'acl'), mosquittoAclFile(API.username, OLD_DEVICES));
    config = loadAppConfig({
      DATA_DIR: path.join(folder, 'api-data'),
      MQTT_USERNAME: API.username,
      MQTT_PASSWORD: API.password,
    });
  });

  afterAll(async () => {
    for (const client of clients) client.end(true);
    await mosquitto?.stop();
    rmSync(folder, { recursive: true, force: true });
  });

  it('the migration converts a password-file install, which then accepts its old devices with their topics', async () => {
    const result = await migrateToDynsec(config, folder);
    expect(result.converted).toEqual([API.username, 'xnz-gh1-env-1', 'xnz-gh1-gw-1']);
    expect(result.adminCreated).toBe(true);
    // The admin is kept with the api's secrets, where the api finds it.
    expect(loadDynsecAdmin(config)?.username).toBe(result.adminUsername);
    // A second run would overwrite the plugin's live changes: refused.
    await expect(migrateToDynsec(config, folder)).rejects.toThrow(/exists already/);

    mosquitto = await startMosquitto({ withDynsec: { configFile: result.file } });
    const [env1, gw1] = OLD_DEVICES as [(typeof OLD_DEVICES)[0], (typeof OLD_DEVICES)[0]];
    await expect(connect(mosquitto.url, env1.username, 'not-its-password')).rejects.toThrow(/Not authorized/);

    const api = await connect(mosquitto.url, API.username, API.password);
    clients.push(api);
    const seen: string[] = [];
    api.on('message', (received) => seen.push(received));
    await api.subscribeAsync('nursery/v1/#', { qos: 1 });

    const sensor = await connect(mosquitto.url, env1.username, env1.password);
    const gateway = await connect(mosquitto.url, gw1.username, gw1.password);
    clients.push(sensor, gateway);
    await sensor.publishAsync(topic('env-2'), '{}', { qos: 1 }); // another device's topic: dropped
    await sensor.publishAsync(topic('env-1'), '{}', { qos: 1 });
    await gateway.publishAsync(topic('env-7'), '{}', { qos: 1 }); // a gateway speaks for its zone
    await waitFor(() => seen.length >= 2, { what: 'the allowed publishes at the api' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(seen.sort()).toEqual([topic('env-1'), topic('env-7')]);
    await expect(sensor.subscribeAsync(`${topic('env-2', 'cmd')}/#`, { qos: 1 })).rejects.toThrow(
      /Subscribe error/,
    );
    expect((await sensor.subscribeAsync(`${topic('env-1', 'cmd')}/#`, { qos: 1 }))[0]?.qos).toBe(1);

    // The admin account reads the plugin's state and nothing else.
    const admin = loadDynsecAdmin(config);
    const control = new DynsecControl({
      url: mosquitto.url,
      username: admin!.username,
      password: admin!.password,
    });
    try {
      await control.ready();
      const [listed] = await control.runOrThrow([{ command: 'listClients', count: -1 }]);
      expect((listed?.data as { clients: string[] }).clients.sort()).toEqual(
        [result.adminUsername, API.username, env1.username, gw1.username].sort(),
      );
    } finally {
      await control.close();
    }
  }, 60_000);

  describe('the api changes device accounts live', () => {
    let database: TestDatabase;
    let app: INestApplication;
    let url: string;
    let token: string;
    const request = async <T>(method: string, route: string, body?: unknown) => {
      const response = await fetch(`${url}${route}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        body: body !== undefined ? JSON.stringify(body) : undefined,
      });
      return { status: response.status, body: (await response.json()) as T };
    };

    beforeAll(async () => {
      database = await useTestDatabase({ migrate: migrateDatabase });
      const sql = new pg.Client({ connectionString: database.url });
      await sql.connect();
      await sql.query(
        `INSERT INTO zones (site, code, kind, name) VALUES ('xnz', 'gh1', 'greenhouse', 'gh1')`,
      );
      await sql.end();
      const apiConfig = loadAppConfig({
        DATABASE_URL: database.url,
        MQTT_URL: mosquitto.url,
        MQTT_USERNAME: API.username,
        MQTT_PASSWORD: API.password,
        MQTT_CLIENT_ID: uniqueId('api'),
        DATA_DIR: config.dataDir,
        DEMO_SEED: '0',
        SIMULATOR: '0',
        LOG_LEVEL: 'warn',
        ADMIN_PHONE: ADMIN.phone,
        ADMIN_PASSWORD: ADMIN.password,
      });
      app = await createApp(apiConfig, {
        databaseUrl: database.url,
        broker: { kind: 'external', url: mosquitto.url, username: API.username, password: API.password },
        clock: createClock(apiConfig.testClock),
      });
      await app.listen(0, '127.0.0.1');
      url = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
      await waitFor(async () => (await fetch(`${url}/health/ready`)).status === 200, {
        what: 'the api ready',
      });
      const login = await fetch(`${url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(ADMIN),
      });
      token = ((await login.json()) as { accessToken: string }).accessToken;
    }, 60_000);

    afterAll(async () => {
      await app?.close();
      await database?.drop();
    });

    it('registers a device that connects at once, rotates and disables it, each ending its connection', async () => {
      const registered = await request<{ id: string; username: string; password: string }>(
        'POST',
        '/api/devices',
        {
          zone: 'gh1',
          device: 'env-9',
          kind: 'env',
        },
      );
      expect(registered.status).toBe(201);
      const { id, username, password } = registered.body;

      // Registered: the broker takes the shown credentials now, no file and no reload.
      const first = await connect(mosquitto.url, username, password);
      clients.push(first);
      const ts = Date.now();
      await first.publishAsync(topic('env-9'), JSON.stringify({ ts, values: { air_temp_c: 21.5 } }), {
        qos: 1,
      });
      await waitFor(
        async () => {
          const readings = await request<{ points: { value: number }[] }[]>(
            'GET',
            `/api/readings?zone=gh1&metric=air_temp_c&step=raw&device=env-9&from=${new Date(ts - 60_000).toISOString()}&to=${new Date(ts + 60_000).toISOString()}`,
          );
          return readings.body[0]?.points[0]?.value === 21.5;
        },
        { what: 'the new device reading stored' },
      );

      // Rotated: the live connection ends, the old password is refused, the new one works.
      const firstClosed = closed(first);
      const rotated = await request<{ password: string }>('POST', `/api/devices/${id}/rotate-credentials`);
      expect(rotated.status).toBe(200);
      await firstClosed;
      await expect(connect(mosquitto.url, username, password)).rejects.toThrow(/Not authorized/);
      const second = await connect(mosquitto.url, username, rotated.body.password);
      clients.push(second);

      // Disabled: the live connection ends and no password works.
      const secondClosed = closed(second);
      expect((await request('POST', `/api/devices/${id}/disable`)).status).toBe(200);
      await secondClosed;
      await expect(connect(mosquitto.url, username, rotated.body.password)).rejects.toThrow(/Not authorized/);

      // The plugin kept it in its file, so it holds after a broker restart too.
      const saved = JSON.parse(readFileSync(mosquitto.dynsecFile!, 'utf8')) as {
        clients: { username: string; disabled?: boolean }[];
      };
      expect(saved.clients.find((client) => client.username === username)?.disabled).toBe(true);
    }, 60_000);

    it('devices:export gives the broker the passwords it writes for a gateway', async () => {
      const registered = await request<{ username: string; password: string }>('POST', '/api/devices', {
        zone: 'gh1',
        device: 'gw-9',
        kind: 'gateway',
      });
      expect(registered.status).toBe(201);
      const exported = await rotateAllDevices(
        loadAppConfig({ DATABASE_URL: database.url, MQTT_URL: mosquitto.url, DATA_DIR: config.dataDir }),
        database.url,
        'xnz',
      );
      const gateway = exported.find((device) => device.username === registered.body.username);
      expect(gateway?.password).not.toBe(registered.body.password);
      await expect(
        connect(mosquitto.url, registered.body.username, registered.body.password),
      ).rejects.toThrow(/Not authorized/);
      clients.push(await connect(mosquitto.url, registered.body.username, gateway!.password));
    }, 30_000);

    it('refuses a registration while the broker is away (503 with its code) and registers nothing', async () => {
      await mosquitto.stop();
      const refused = await request<{ code: string }>('POST', '/api/devices', {
        zone: 'gh1',
        device: 'env-10',
        kind: 'env',
      });
      expect(refused.status).toBe(503);
      expect(refused.body.code).toBe('BROKER_ACCOUNTS_UNAVAILABLE');
      const listed = await request<{ device: string }[]>('GET', '/api/devices');
      expect(listed.body.map((device) => device.device)).not.toContain('env-10');
    }, 30_000);
  });
});
