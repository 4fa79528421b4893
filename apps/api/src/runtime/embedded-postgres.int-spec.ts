import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, renameSync, rmSync, statSync } from 'node:fs';
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
    // What a power cut needs: commits reach the disk before they are acknowledged, and a page torn
    // by the cut can be rebuilt from the WAL. Our small-server settings must never turn these off.
    await expect(
      query(
        second.url,
        `select name, setting from pg_settings
          where name in ('fsync', 'synchronous_commit', 'full_page_writes') order by name`,
      ),
    ).resolves.toEqual([
      { name: 'fsync', setting: 'on' },
      { name: 'full_page_writes', setting: 'on' },
      { name: 'synchronous_commit', setting: 'on' },
    ]);
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

  it('as root, moves the cluster out of a folder the postgres user cannot enter, into the relocation root', async () => {
    const dir = dataDir(0o700);
    const root = dataDir();
    const server = await startEmbeddedPostgres({ dataDir: dir, relocationRoot: root });
    servers.push(server);
    if (isRoot) {
      expect(server.layout.relocatedTo).toMatch(new RegExp(`^${root}/pg-[0-9a-f]{16}$`));
      expect(server.layout.clusterDir).toBe(`${server.layout.relocatedTo}/cluster`);
    } else {
      expect(server.layout.relocatedTo).toBeUndefined();
    }
    await expect(query(server.url, 'select 1 as one')).resolves.toEqual([{ one: 1 }]);
  }, 60_000);

  // Earlier versions kept it in /var/tmp, which systemd-tmpfiles empties of files untouched for 30
  // days. Only root relocates, so only root can test the move.
  // /dev/shm is a tmpfs: from there the move is a copy, a check and a delete instead of a rename.
  (isRoot ? it.each : it.skip.each)([
    ['the same filesystem (a rename)', os.tmpdir()],
    ['another filesystem (copy, check, delete)', '/dev/shm'],
  ])(
    'moves a cluster an earlier version left in /var/tmp, on %s, with its data, owner and mode',
    async (_, base) => {
      const dir = dataDir(0o700);
      // Both on `base`, so making the old layout is a rename; the move to newRoot (in /tmp) is the test.
      const oldRoot = mkdtempSync(path.join(base, 'yumiao-old-'));
      const legacyRoot = mkdtempSync(path.join(base, 'yumiao-legacy-'));
      chmodSync(oldRoot, 0o755);
      folders.push(oldRoot, legacyRoot);
      const newRoot = dataDir();
      // A cluster made where the old layout would have it: <legacy root>/yumiao-pg-<hash>/cluster.
      const first = await startEmbeddedPostgres({ dataDir: dir, relocationRoot: oldRoot });
      await query(first.url, 'create table kept (n int); insert into kept values (42)');
      await first.stop();
      const hash = path.basename(first.layout.relocatedTo!).replace(/^pg-/, '');
      const legacy = path.join(legacyRoot, `yumiao-pg-${hash}`);
      renameSync(first.layout.relocatedTo!, legacy);

      const lines: string[] = [];
      const moved = await startEmbeddedPostgres({
        dataDir: dir,
        relocationRoot: newRoot,
        legacyRoot,
        log: (line) => lines.push(line),
      });
      servers.push(moved);
      expect(moved.layout.clusterDir).toBe(path.join(newRoot, `pg-${hash}`, 'cluster'));
      await expect(query(moved.url, 'select n from kept')).resolves.toEqual([{ n: 42 }]);
      expect(existsSync(legacy)).toBe(false);
      const stat = statSync(moved.layout.clusterDir);
      expect(stat.mode & 0o777).toBe(0o700);
      expect(stat.uid).toBe(moved.layout.runAs?.uid);
      expect(lines.some((line) => line.startsWith(`Moved the database cluster from ${legacy}/cluster`))).toBe(
        true,
      );
    },
    90_000,
  );
});
