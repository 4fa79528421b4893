import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, waitFor } from '#testing';
import { TEST_ADMIN } from './api-harness.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface ApiProcess {
  readonly child: ChildProcess;
  readonly url: string;
  readonly mqttUrl: string;
  output(): string;
  kill(signal: NodeJS.Signals): Promise<void>;
}

/** The built api (dist/, `npm test` builds it) as a child process, ready when /health/ready says so. */
export async function spawnApi(env: Record<string, string>): Promise<ApiProcess> {
  const port = await freePort();
  const mqttPort = await freePort();
  const child = spawn(process.execPath, [path.join(ROOT, 'dist/apps/api/src/main.js')], {
    cwd: ROOT,
    env: {
      PATH: process.env['PATH'] ?? '',
      // The test run's relocation root (jest-global-setup.mjs), never the machine's /var/lib/yumiao.
      ...(process.env['EMBEDDED_PG_ROOT'] ? { EMBEDDED_PG_ROOT: process.env['EMBEDDED_PG_ROOT'] } : {}),
      PORT: String(port),
      HTTP_HOST: '127.0.0.1',
      MQTT_HOST: '127.0.0.1',
      MQTT_PORT: String(mqttPort),
      SIMULATOR: '0',
      DEMO_SEED: '0',
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-8_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  await waitFor(
    async () => {
      if (child.exitCode !== null) throw new Error(`api exited: ${output}`);
      return (await fetch(`${url}/health/ready`)).status === 200;
    },
    { what: 'the api process to be ready', timeoutMs: 60_000, intervalMs: 200 },
  );
  return {
    child,
    url,
    mqttUrl: `mqtt://127.0.0.1:${mqttPort}`,
    output: () => output,
    async kill(signal) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}

/** The embedded PostgreSQL's postmaster, a child of the api process `apiPid`. */
export function postmasterOf(apiPid: number): number {
  const found = spawnSync('pgrep', ['-P', String(apiPid), '-x', 'postgres'], { encoding: 'utf8' });
  const pid = Number(found.stdout.trim().split('\n')[0]);
  if (!Number.isSafeInteger(pid) || pid <= 0) throw new Error(`no postmaster under pid ${apiPid}`);
  return pid;
}

/** An access token of the first-start administrator (TEST_ADMIN) of a spawned api. */
export async function adminToken(url: string): Promise<string> {
  const response = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(TEST_ADMIN),
  });
  return ((await response.json()) as { accessToken: string }).accessToken;
}
