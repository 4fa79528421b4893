import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, waitFor } from '#testing';

export interface BuiltApi {
  /** http://127.0.0.1:port */
  readonly url: string;
  readonly port: number;
  readonly mqttPort: number;
  readonly dataDir: string;
  /** Stops the api and removes its data (and, as root, its relocated cluster). */
  stop(): Promise<void>;
}

/**
 * The api as a user starts it (`node dist/apps/api/src/main.js`: embedded PostgreSQL and broker,
 * demo seed) on free ports in a temporary DATA_DIR, for the benchmarks; answers once it is ready.
 */
export async function startBuiltApi(
  root: string,
  options: { name: string; simulator: boolean; echo: boolean },
): Promise<BuiltApi> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), `yumiao-bench-${options.name}-`));
  const [port, mqttPort] = [await freePort(), await freePort()];
  const child = spawn(process.execPath, [path.join(root, 'dist/apps/api/src/main.js')], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      HTTP_HOST: '127.0.0.1',
      MQTT_PORT: String(mqttPort),
      DATA_DIR: dataDir,
      DEMO_SEED: '1',
      SIMULATOR: options.simulator ? '1' : '0',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  // As root the api puts its cluster where the postgres user can reach it (outside DATA_DIR): note
  // it from the api's banner so a benchmark leaves nothing behind.
  let outsideCluster: string | undefined;
  child.stdout.on('data', (chunk: Buffer) => {
    const text = chunk.toString();
    if (options.echo && !text.includes('"level"')) process.stdout.write(text);
    outsideCluster ??= /its cluster lives in (\S+)\)/.exec(text)?.[1];
  });
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
    if (outsideCluster) rmSync(outsideCluster, { recursive: true, force: true });
  };
  try {
    await waitFor(async () => (await fetch(`${url}/health/ready`)).ok, {
      timeoutMs: 120_000,
      what: 'the api',
    });
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, port, mqttPort, dataDir, stop };
}
