import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { acquireDataDirLock } from './data-dir-lock.js';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded-postgres.js';
import { isAlive, waitForExit } from './process-info.js';

const folders: string[] = [];
function dataDir(mode = 0o755): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'yumiao-pg-spec-'));
  chmodSync(dir, mode);
  folders.push(dir);
  return dir;
}

async function query(url: string, sql: string): Promise<unknown[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

describe('embedded PostgreSQL', () => {
  const servers: EmbeddedPostgres[] = [];
  afterAll(async () => {
    for (const server of servers) await server.stop();
    for (const folder of folders) rmSync(folder, { recursive: true, force: true });
  });

  it('starts, stops without leaving a server behind, and restarts with the data intact', async () => {
    const dir = dataDir();
    const first = await startEmbeddedPostgres({ dataDir: dir });
    await query(first.url, 'create table kept (note text); insert into kept values ($$sown$$)');
    await first.stop();
    expect(isAlive(first.pid)).toBe(false);

    const second = await startEmbeddedPostgres({ dataDir: dir });
    servers.push(second);
    expect(second.layout.clusterDir).toBe(path.join(dir, 'pg'));
    await expect(query(second.url, 'select note from kept')).resolves.toEqual([{ note: 'sown' }]);
    await expect(query(second.url, 'show shared_buffers')).resolves.toEqual([{ shared_buffers: '32MB' }]);
  }, 60_000);

  it('stops the server a SIGKILLed process left behind, then starts on the same cluster', async () => {
    const dir = dataDir();
    // A separate process that takes the lock and starts the server, as the api does.
    const here = path.dirname(fileURLToPath(import.meta.url));
    const built = (name: string): string =>
      pathToFileURL(path.resolve(here, '../../../../dist/apps/api/src/runtime', name)).href;
    const script = `
      const { acquireDataDirLock } = await import(${JSON.stringify(built('data-dir-lock.js'))});
      const { startEmbeddedPostgres } = await import(${JSON.stringify(built('embedded-postgres.js'))});
      acquireDataDirLock(${JSON.stringify(dir)});
      const server = await startEmbeddedPostgres({ dataDir: ${JSON.stringify(dir)} });
      console.log('ready ' + server.pid);
      setInterval(() => undefined, 1000);`;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const orphanPid = await new Promise<number>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        const match = /ready (\d+)/.exec(chunk.toString());
        if (match) resolve(Number(match[1]));
      });
      child.once('exit', (code) => reject(new Error(`the child exited early (${code})`)));
    });
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    expect(isAlive(orphanPid)).toBe(true);

    const lock = acquireDataDirLock(dir);
    expect(lock.clearedStale).toBe(true);
    const server = await startEmbeddedPostgres({ dataDir: dir });
    servers.push(server);
    expect(await waitForExit(orphanPid, 1_000)).toBe(true);
    await expect(query(server.url, 'select 1 as one')).resolves.toEqual([{ one: 1 }]);
    lock.release();
  }, 60_000);

  it('as root, moves the cluster out of a folder the postgres user cannot enter', async () => {
    const dir = dataDir(0o700);
    const server = await startEmbeddedPostgres({ dataDir: dir });
    servers.push(server);
    if (isRoot) {
      expect(server.layout.relocatedTo).toMatch(/^\/var\/tmp\/yumiao-pg-[0-9a-f]{16}$/);
      folders.push(server.layout.relocatedTo ?? '');
    } else {
      expect(server.layout.relocatedTo).toBeUndefined();
    }
    await expect(query(server.url, 'select 1 as one')).resolves.toEqual([{ one: 1 }]);
  }, 60_000);
});
