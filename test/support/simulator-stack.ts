import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { INestApplication } from '@nestjs/common';
import { loadAppConfig, type AppConfig } from '#config';
import { createClock, type Clock } from '#contracts';
import {
  startMosquitto,
  uniqueId,
  useTestDatabase,
  waitFor,
  type RunningMosquitto,
  type TestDatabase,
} from '#testing';
import { createApp } from '../../apps/api/src/app.factory.js';
import { migrateDatabase } from '../../apps/api/src/database/data-source.js';
import { SIMULATOR_DEVICES_FILE } from '../../apps/api/src/devices/devices.seed.js';
import { hashMosquittoPassword } from '../../apps/api/src/devices/mosquitto-password.js';
import { BrokerLink } from '../../apps/api/src/telemetry/broker-link.js';
import { writeMosquittoAuth } from '../../tools/mosquitto-auth.js';
import { TEST_ADMIN } from './api-harness.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SIMULATOR_MAIN = path.join(ROOT, 'dist/apps/simulator/src/main.js');
const API_ACCOUNT = { username: 'yumiao-api', password: 'api-simulator-test-password' };

export interface SimulatorEvent {
  readonly event: string;
  readonly [field: string]: unknown;
}

export interface SimulatorStack {
  readonly app: INestApplication;
  readonly config: AppConfig;
  readonly clock: Clock;
  readonly url: string;
  readonly database: TestDatabase;
  readonly mosquitto: RunningMosquitto;
  readonly simulator: ChildProcess;
  /** http://127.0.0.1:port of the simulator's control channel. */
  readonly control: string;
  /** Every JSON line the simulator printed so far. */
  readonly events: SimulatorEvent[];
  token: string;
  api<T = unknown>(method: string, route: string, body?: unknown): Promise<{ status: number; body: T }>;
  sim<T = unknown>(method: string, route: string, body?: unknown): Promise<{ status: number; body: T }>;
  output(): string;
  close(): Promise<void>;
}

async function json<T>(
  url: string,
  method: string,
  body: unknown,
  token?: string,
): Promise<{ status: number; body: T }> {
  const response = await fetch(url, {
    method,
    headers: {
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
}

/** The pid of the mosquitto this process started from `configFile` (RunningMosquitto keeps it private). */
function mosquittoPid(configFile: string): number {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      if (cmdline.includes(configFile) && cmdline[0]?.endsWith('mosquitto')) return Number(entry);
    } catch {
      // the process ended while we looked
    }
  }
  throw new Error(`no mosquitto running with ${configFile}`);
}

/**
 * The whole product on one simulated clock: PostgreSQL, Mosquitto from the shipped config with the
 * registry's passwd/acl (as `npm run mosquitto:auth` writes them), the api with DEMO_SEED consuming
 * with its own broker account, and the built simulator process with the seed's
 * DATA_DIR/simulator-devices.json. The api registers the devices at boot, so Mosquitto starts with
 * the api's account only and is reloaded (SIGHUP, as the tool tells operators) once they exist.
 */
export async function startSimulatorStack(options: {
  start: string;
  speed: number;
  seed?: number;
}): Promise<SimulatorStack> {
  const database = await useTestDatabase({ migrate: migrateDatabase });
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'yumiao-sim-e2e-'));
  const account = {
    username: API_ACCOUNT.username,
    passwordHash: hashMosquittoPassword(API_ACCOUNT.password),
  };
  const files = await writeMosquittoAuth(database.url, path.join(dataDir, 'broker'), account);
  const mosquitto = await startMosquitto({
    withAuth: { passwordFile: files.passwordFile, aclFile: files.aclFile },
  });
  const brokerFolder = path.dirname(/^password_file (.+)$/m.exec(mosquitto.configText)![1]);

  const anchor = Date.now();
  const config = loadAppConfig({
    DATABASE_URL: database.url,
    MQTT_URL: mosquitto.url,
    MQTT_USERNAME: API_ACCOUNT.username,
    MQTT_PASSWORD: API_ACCOUNT.password,
    MQTT_CLIENT_ID: uniqueId('ingest'),
    DATA_DIR: dataDir,
    DEMO_SEED: '1',
    SIMULATOR: '0',
    LOG_LEVEL: 'warn',
    ADMIN_PHONE: TEST_ADMIN.phone,
    ADMIN_PASSWORD: TEST_ADMIN.password,
    TEST_CLOCK_START: options.start,
    TEST_CLOCK_ANCHOR: String(anchor),
    TEST_CLOCK_SPEED: String(options.speed),
  });
  const clock = createClock(config.testClock);
  const app = await createApp(config, {
    databaseUrl: database.url,
    broker: {
      kind: 'external',
      url: mosquitto.url,
      username: API_ACCOUNT.username,
      password: API_ACCOUNT.password,
    },
    clock,
  });
  await app.listen(0, '127.0.0.1');
  const url = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
  await app.get(BrokerLink).connected();

  // The seed registered the devices: the files Mosquitto reads now get them, then a reload.
  await writeMosquittoAuth(database.url, brokerFolder, account);
  process.kill(mosquittoPid(path.join(brokerFolder, 'mosquitto.conf')), 'SIGHUP');

  const events: SimulatorEvent[] = [];
  let output = '';
  let pending = '';
  const simulator = spawn(
    process.execPath,
    [
      SIMULATOR_MAIN,
      '--broker',
      mosquitto.url,
      '--devices',
      path.join(dataDir, SIMULATOR_DEVICES_FILE),
      '--seed',
      String(options.seed ?? 1),
      '--start',
      options.start,
      '--anchor',
      String(anchor),
      '--speed',
      String(options.speed),
      '--control-port',
      '0',
    ],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  simulator.stdout.on('data', (chunk: Buffer) => {
    const text = chunk.toString('utf8');
    output = (output + text).slice(-8_000);
    pending += text;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      try {
        events.push(JSON.parse(line) as SimulatorEvent);
      } catch {
        // not an event line
      }
    }
  });
  simulator.stderr.on('data', (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-8_000);
  });
  const exited = new Promise<void>((resolve) => simulator.once('exit', () => resolve()));

  const stack: SimulatorStack = {
    app,
    config,
    clock,
    url,
    database,
    mosquitto,
    simulator,
    control: '',
    events,
    token: '',
    api: (method, route, body) => json(`${url}${route}`, method, body, stack.token),
    sim: (method, route, body) => json(`${stack.control}${route}`, method, body),
    output: () => output,
    async close() {
      if (simulator.exitCode === null && simulator.signalCode === null) {
        simulator.kill('SIGTERM');
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([exited, new Promise((resolve) => (timer = setTimeout(resolve, 5_000)))]);
        clearTimeout(timer);
        if (simulator.exitCode === null && simulator.signalCode === null) simulator.kill('SIGKILL');
      }
      await app.close();
      await mosquitto.stop();
      await database.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
  try {
    const listening = await waitFor(
      () => {
        if (simulator.exitCode !== null) throw new Error(`simulator exited: ${output}`);
        return events.find((e) => e.event === 'control-listening');
      },
      { what: 'the simulator control channel', timeoutMs: 20_000, intervalMs: 50 },
    );
    (stack as { control: string }).control = `http://127.0.0.1:${String(listening['port'])}`;
    await waitFor(() => events.find((e) => e.event === 'devices-connected'), {
      what: `every simulated device connected to Mosquitto (${output})`,
      timeoutMs: 20_000,
      intervalMs: 50,
    });
    const login = await json<{ accessToken: string }>(`${url}/api/auth/login`, 'POST', TEST_ADMIN);
    stack.token = login.body.accessToken;
  } catch (error) {
    await stack.close();
    throw error;
  }
  return stack;
}

/** Polls a command until it leaves queued/sent. */
export async function settledCommand<T extends { status: string }>(
  stack: SimulatorStack,
  id: string,
  done: (command: T) => boolean,
  what: string,
): Promise<T> {
  return waitFor(
    async () => {
      const command = (await stack.api<T>('GET', `/api/commands/${id}`)).body;
      return done(command) ? command : undefined;
    },
    { what, timeoutMs: 20_000, intervalMs: 100 },
  );
}
