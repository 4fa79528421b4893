import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { loadAppConfig } from '#config';
import { type TestDatabase, uniqueId, useTestBroker, useTestDatabase } from '#testing';
import { createApp } from '../apps/api/src/app.factory.js';

/** A booted api on an ephemeral port with a clock the test moves, plus a small typed HTTP client. */
export interface OrdersHarness {
  readonly baseUrl: string;
  readonly dataDir: string;
  /** The test database the api runs on (for a test that reads or migrates it beside the api). */
  readonly databaseUrl: string;
  readonly app: INestApplication;
  readonly managerToken: string;
  setToday(date: string): void;
  /** Sets the api's clock to an instant (ms since the epoch), for tests that count minutes. */
  setNow(ms: number): void;
  call<T = unknown>(
    token: string,
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: T }>;
  ok<T = unknown>(token: string, method: string, path: string, body?: unknown): Promise<T>;
  login(phone: string, password: string): Promise<string>;
  /** A buyer account plus its buyer record; answers the token and the buyer id. */
  buyer(phone: string, name: string, village: string): Promise<{ token: string; buyerId: string }>;
  close(): Promise<void>;
}

export const ADMIN = { phone: '13900000001', password: 'manager-pass-1234' };

export async function startOrdersHarness(
  today: string,
  options: { demoSeed?: boolean } = {},
): Promise<OrdersHarness> {
  const database: TestDatabase = await useTestDatabase();
  // Orders need no MQTT, but the api always has a broker: the test one (TEST_MQTT_URL or aedes).
  const broker = await useTestBroker();
  const dataDir = await mkdtemp(path.join(tmpdir(), 'yumiao-orders-'));
  // Noon at the nursery (UTC+8): the nursery date is `today` whatever the server's zone.
  let now = Date.parse(`${today}T04:00:00Z`);
  const config = loadAppConfig({
    DATABASE_URL: database.url,
    MQTT_URL: broker.url,
    MQTT_CLIENT_ID: uniqueId('orders-api'),
    ...(broker.aedes !== undefined ? { INGEST_CONSUMERS: '1' } : {}),
    DEMO_SEED: options.demoSeed ? '1' : '0',
    DATA_DIR: dataDir,
    ADMIN_PHONE: ADMIN.phone,
    ADMIN_PASSWORD: ADMIN.password,
    LOG_LEVEL: 'warn',
  });
  const app: INestApplication = await createApp(config, {
    databaseUrl: database.url,
    broker: { kind: 'external', url: broker.url, username: undefined, password: undefined },
    clock: { now: () => now, speed: 1 },
  });
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  const baseUrl = `http://127.0.0.1:${address.port}`;

  async function call<T>(token: string, method: string, url: string, body?: unknown) {
    const response = await fetch(`${baseUrl}${url}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // HTML (the slip) or empty
    }
    return { status: response.status, body: parsed as T };
  }

  async function ok<T>(token: string, method: string, url: string, body?: unknown): Promise<T> {
    const result = await call<T>(token, method, url, body);
    if (result.status >= 300)
      throw new Error(`${method} ${url} -> ${result.status} ${JSON.stringify(result.body)}`);
    return result.body;
  }

  async function login(phone: string, password: string): Promise<string> {
    const response = await fetch(`${baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ phone, password }),
    });
    const body = (await response.json()) as { accessToken: string };
    if (!body.accessToken) throw new Error(`login ${phone} failed: ${JSON.stringify(body)}`);
    return body.accessToken;
  }

  const managerToken = await login(ADMIN.phone, ADMIN.password);
  return {
    baseUrl,
    databaseUrl: database.url,
    dataDir,
    app,
    managerToken,
    setToday(date: string) {
      now = Date.parse(`${date}T04:00:00Z`);
    },
    setNow(ms: number) {
      now = ms;
    },
    call,
    ok,
    login,
    async buyer(phone, name, village) {
      const created = await ok<{ password: string; user: { id: string } }>(
        managerToken,
        'POST',
        '/api/users',
        {
          phone,
          name,
          role: 'buyer',
          village,
        },
      );
      const buyer = await ok<{ id: string }>(managerToken, 'POST', '/api/buyers', {
        name,
        village,
        phone,
        kind: 'party_secretary',
        userId: created.user.id,
      });
      // The buyer sets their own password at first login (a one-time one opens nothing else).
      const own = `${created.password}-own`;
      await ok(await login(phone, created.password), 'PATCH', '/api/users/me', {
        currentPassword: created.password,
        newPassword: own,
      });
      return { token: await login(phone, own), buyerId: buyer.id };
    },
    async close() {
      await app.close();
      await broker.close();
      await database.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** The demo nursery's houses: 3 greenhouses of ~600 m² benches at 6.3 trays/m², a 3,000-tray germination room. */
export async function createNurseryZones(harness: OrdersHarness): Promise<void> {
  const zones = [
    { code: 'gh1', kind: 'greenhouse', name: '1号棚' },
    { code: 'gh2', kind: 'greenhouse', name: '2号棚' },
    { code: 'gh3', kind: 'greenhouse', name: '3号棚' },
    { code: 'germ1', kind: 'germination', name: '催芽室' },
  ];
  for (const zone of zones) {
    await harness.ok(harness.managerToken, 'POST', '/api/zones', zone);
    await harness.ok(
      harness.managerToken,
      'PATCH',
      `/api/zones/${zone.code}`,
      zone.kind === 'greenhouse'
        ? { benchAreaM2: 600, traysPerM2: 6.3, benches: 40 }
        : { trayCapacity: 3000 },
    );
  }
}
