import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { freePort } from '#testing';
import { acquireDataDirLock } from './data-dir-lock.js';

// The built api (npm test builds first) refusing to boot: these paths stop before anything starts.
const mainFile = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../../dist/apps/api/src/main.js',
);

function boot(
  variables: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  // `env NAME=value node main.js`: the api gets this process's environment plus these variables.
  const assignments = Object.entries(variables).map(([key, value]) => `${key}=${value}`);
  const child = spawn('env', [...assignments, process.execPath, mainFile], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, stdout, stderr })));
}

describe('boot refusals', () => {
  let dataDir: string;
  let blocker: net.Server;
  let taken: number;
  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'yumiao-boot-'));
    taken = await freePort();
    blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(taken, '0.0.0.0', resolve));
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => blocker.close(() => resolve()));
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('stops with one line naming PORT when the HTTP port is taken', async () => {
    const result = await boot({
      PORT: String(taken),
      MQTT_PORT: String(await freePort()),
      DATA_DIR: dataDir,
    });
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(
        new RegExp(`^Port ${taken} is in use: set PORT to a free port \\(for example PORT=\\d+\\)$`),
      ),
    ]);
  }, 20_000);

  it('stops with one line naming MQTT_PORT when the broker port is taken', async () => {
    const result = await boot({
      PORT: String(await freePort()),
      MQTT_PORT: String(taken),
      DATA_DIR: dataDir,
    });
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toMatch(
      new RegExp(`^Port ${taken} is in use: set MQTT_PORT to a free port \\(for example MQTT_PORT=\\d+\\)$`),
    );
  }, 20_000);

  it('refuses a DATA_DIR another live process holds, naming it', async () => {
    const lock = acquireDataDirLock(dataDir);
    try {
      const result = await boot({
        PORT: String(await freePort()),
        MQTT_PORT: String(await freePort()),
        DATA_DIR: dataDir,
      });
      expect(result.code).toBe(1);
      expect(result.stderr.trim()).toBe(
        `Another Yumiao process (pid ${process.pid}, started ${JSON.parse(readFileSync(lock.file, 'utf8')).startedAt}) ` +
          `is using DATA_DIR ${dataDir}: stop it first, or set DATA_DIR to another folder`,
      );
    } finally {
      lock.release();
    }
  }, 20_000);

  it('lists every bad variable and exits 1', async () => {
    const result = await boot({ PORT: 'eighty', TZ_NURSERY: 'Mars/Olympus', DATA_DIR: dataDir });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/PORT=eighty is invalid/);
    expect(result.stderr).toMatch(/TZ_NURSERY=Mars\/Olympus is invalid/);
  }, 20_000);
});
