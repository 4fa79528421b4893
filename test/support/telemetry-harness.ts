import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import { loadAppConfig, type AppConfig } from '#config';
import { createClock } from '#contracts';
import { uniqueId, useTestDatabase, type TestDatabase } from '#testing';
import { createApp } from '../../apps/api/src/app.factory.js';
import { migrateDatabase } from '../../apps/api/src/database/data-source.js';
import { startEmbeddedBroker, type EmbeddedBroker } from '../../apps/api/src/runtime/embedded-broker.js';
import { TEST_ADMIN } from './api-harness.js';

export interface IssuedDevice {
  id: string;
  site: string;
  zoneCode: string;
  device: string;
  username: string;
  password: string;
}

export interface TelemetryApi {
  readonly app: INestApplication;
  readonly config: AppConfig;
  readonly url: string;
  readonly mqttUrl: string;
  readonly database: TestDatabase;
  readonly token: string;
  get<T>(route: string): Promise<{ status: number; body: T }>;
  post<T>(route: string, body?: unknown): Promise<{ status: number; body: T }>;
  register(zone: string, device: string, kind?: string, intervalS?: number): Promise<IssuedDevice>;
  close(): Promise<void>;
}

/** The api in-process with its embedded aedes broker (the ingest's hooks) and a fresh database. */
export async function startTelemetryApi(env: Record<string, string> = {}): Promise<TelemetryApi> {
  const database = await useTestDatabase({ migrate: migrateDatabase });
  const broker: EmbeddedBroker = await startEmbeddedBroker({ host: '127.0.0.1', port: 0 });
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'yumiao-telemetry-'));
  const config = loadAppConfig({
    DATABASE_URL: database.url,
    DATA_DIR: dataDir,
    DEMO_SEED: '0',
    SIMULATOR: '0',
    LOG_LEVEL: 'warn',
    ADMIN_PHONE: TEST_ADMIN.phone,
    ADMIN_PASSWORD: TEST_ADMIN.password,
    ...env,
  });
  const app = await createApp(config, {
    databaseUrl: database.url,
    broker: { kind: 'embedded', broker, url: broker.url },
    clock: createClock(config.testClock),
  });
  await app.listen(0, '127.0.0.1');
  const url = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
  let token = '';
  const call = async <T>(method: string, route: string, body?: unknown) => {
    const response = await fetch(`${url}${route}`, {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const text = await response.text();
    const parsed = (response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text) as T;
    return { status: response.status, body: parsed };
  };
  const login = await call<{ accessToken: string }>('POST', '/api/auth/login', TEST_ADMIN);
  token = login.body.accessToken;
  const zones = new Set<string>();
  return {
    app,
    config,
    url,
    mqttUrl: broker.url,
    database,
    token,
    get: (route) => call('GET', route),
    post: (route, body) => call('POST', route, body),
    async register(zone, device, kind = 'env', intervalS = 60) {
      if (!zones.has(zone)) {
        await call('POST', '/api/zones', { code: zone, kind: 'greenhouse', name: zone });
        zones.add(zone);
      }
      const response = await call<IssuedDevice>('POST', '/api/devices', { zone, device, kind, intervalS });
      if (response.status !== 201)
        throw new Error(`register answered ${response.status}: ${JSON.stringify(response.body)}`);
      return response.body;
    },
    async close() {
      await app.close();
      await broker.close();
      await database.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** An MQTT 3.1.1 device connection; rejects when the broker refuses it. */
export function connectDevice(url: string, options: IClientOptions = {}): Promise<MqttClient> {
  const client = mqtt.connect(url, {
    protocolVersion: 4,
    clientId: uniqueId('dev'),
    reconnectPeriod: 0,
    connectTimeout: 5_000,
    ...options,
  });
  return new Promise((resolve, reject) => {
    client.once('connect', () => resolve(client));
    client.once('error', (error) => {
      client.end(true);
      reject(error);
    });
    client.once('close', () => reject(new Error('connection closed')));
  });
}

export const telemetryTopic = (device: IssuedDevice, channel = 'tele'): string =>
  `nursery/v1/${device.site}/${device.zoneCode}/${device.device}/${channel}`;
