import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { loadAppConfig, type AppConfig } from '#config';
import { createClock, type Clock, type DeviceCredentials } from '#contracts';
import {
  uniqueId,
  useTestBroker,
  useTestDatabase,
  waitFor,
  type TestBroker,
  type TestDatabase,
} from '#testing';
import { createApp } from '../../apps/api/src/app.factory.js';
import { migrateDatabase } from '../../apps/api/src/database/data-source.js';

export const TEST_ADMIN = { phone: '13900000000', password: 'admin-password-1' } as const;

export interface TestApi {
  readonly app: INestApplication;
  readonly config: AppConfig;
  /** http://127.0.0.1:port */
  readonly url: string;
  readonly database: TestDatabase;
  readonly broker: TestBroker;
  /** JSON request helper: answers status, parsed body and headers. */
  request<T = unknown>(
    method: string,
    route: string,
    options?: { token?: string; body?: unknown },
  ): Promise<TestResponse<T>>;
  login(phone: string, password: string): Promise<string>;
  /**
   * Replaces an account's one-time password (from POST /api/users or a reset) with its own, as the
   * person does at first login (the api refuses everything else until then); answers the new one.
   */
  ownPassword(phone: string, oneTimePassword: string): Promise<string>;
  /** Closes the app, then releases what it ran on (releaseServices). */
  close(): Promise<void>;
  /**
   * Closes the broker, drops the database and removes the data folder, leaving the app to the
   * caller: for tests that closed or replaced the app themselves (a restart).
   */
  releaseServices(): Promise<void>;
}

export interface TestResponse<T> {
  status: number;
  body: T;
  headers: Headers;
}

/**
 * Boots the api in-process on a free port against a fresh test database and a test broker (the
 * external-broker path), with a manager from ADMIN_PHONE. `env` overrides configuration.
 */
export async function startTestApi(
  options: {
    env?: Record<string, string>;
    clock?: Clock;
    /** An in-process broker of its own even when TEST_MQTT_URL names a shared one. */
    privateBroker?: boolean;
  } = {},
): Promise<TestApi> {
  const database = await useTestDatabase({ migrate: migrateDatabase });
  const broker = await useTestBroker({ private: options.privateBroker === true });
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'yumiao-test-'));
  const config = loadAppConfig({
    DATABASE_URL: database.url,
    MQTT_URL: broker.url,
    // Its own persistent sessions and shared-subscription group: test files run in parallel on one broker.
    MQTT_CLIENT_ID: uniqueId('api'),
    // The in-process aedes test broker has no shared subscriptions: several consumers would each
    // get every message (harmless, but every reading would count as a duplicate).
    ...(broker.aedes !== undefined ? { INGEST_CONSUMERS: '1' } : {}),
    DATA_DIR: dataDir,
    DEMO_SEED: '0',
    SIMULATOR: '0',
    LOG_LEVEL: 'warn',
    ADMIN_PHONE: TEST_ADMIN.phone,
    ADMIN_PASSWORD: TEST_ADMIN.password,
    ...options.env,
  });
  const app = await createApp(config, {
    databaseUrl: database.url,
    broker: {
      kind: 'external',
      url: broker.url,
      username: config.mqtt.username,
      password: config.mqtt.password,
    },
    clock: options.clock ?? createClock(config.testClock),
  });
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  const url = `http://127.0.0.1:${address.port}`;
  // Started means ready: the broker consumers connect after listen, as in production.
  await waitFor(async () => (await fetch(`${url}/health/ready`)).status === 200, {
    timeoutMs: 30_000,
    what: 'the api to be ready (database and broker reachable)',
  });

  async function request<T>(
    method: string,
    route: string,
    init: { token?: string; body?: unknown } = {},
  ): Promise<TestResponse<T>> {
    const response = await fetch(`${url}${route}`, {
      method,
      headers: {
        ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
      },
      body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
    });
    const text = await response.text();
    const body = (
      text && response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text
    ) as T;
    return { status: response.status, body, headers: response.headers };
  }

  const releaseServices = async (): Promise<void> => {
    try {
      await broker.close();
      await database.drop();
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  };
  async function login(phone: string, password: string): Promise<string> {
    const response = await request<{ accessToken: string }>('POST', '/api/auth/login', {
      body: { phone, password },
    });
    if (response.status !== 200)
      throw new Error(`login ${phone} answered ${response.status}: ${JSON.stringify(response.body)}`);
    return response.body.accessToken;
  }

  return {
    app,
    config,
    url,
    database,
    broker,
    request,
    login,
    async ownPassword(phone, oneTimePassword) {
      const token = await login(phone, oneTimePassword);
      const own = `${oneTimePassword}-own`;
      const changed = await request('PATCH', '/api/users/me', {
        token,
        body: { currentPassword: oneTimePassword, newPassword: own },
      });
      if (changed.status !== 200) throw new Error(`own password for ${phone}: ${changed.status}`);
      return own;
    },
    async close() {
      try {
        await app.close();
      } finally {
        await releaseServices();
      }
    },
    releaseServices,
  };
}

/** An account the demo seed made, as it writes them to `DATA_DIR/demo-accounts.json`. */
export interface DemoAccount {
  phone: string;
  password: string;
  role: 'manager' | 'technician' | 'buyer';
  name: string;
}

/** The accounts and device credentials the demo seed (`DEMO_SEED=1`) wrote to the api's data folder. */
export async function demoSeed(
  api: TestApi,
): Promise<{ accounts: DemoAccount[]; devices: DeviceCredentials[] }> {
  const read = async <T>(file: string) =>
    JSON.parse(await readFile(path.join(api.config.dataDir, file), 'utf8')) as T;
  return {
    accounts: await read<DemoAccount[]>('demo-accounts.json'),
    devices: await read<DeviceCredentials[]>('simulator-devices.json'),
  };
}
