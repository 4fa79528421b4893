import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { waitFor } from '#testing';
import { createDataSource } from '../apps/api/src/database/data-source.js';
import { MIGRATIONS } from '../apps/api/src/database/migrations/index.js';
import { startTestApi, type TestApi } from './support/api-harness.js';
import { spawnApi, type ApiProcess } from './support/api-process.js';

/**
 * Issue 23 item 1: a start that finds pending migrations on a database holding a nursery's data
 * takes a backup first and names it in the log; a start with nothing pending takes none. The
 * database is one this version migrated, with its newest migration undone: as after an update.
 */
describe('a backup before an update migrates real data', () => {
  let seeded: TestApi;
  let dataDir: string;
  let api: ApiProcess | undefined;

  beforeAll(async () => {
    // Migrated, with the admin account in it; then the app is closed and the database kept.
    seeded = await startTestApi();
    await seeded.app.close();
    const dataSource = createDataSource(seeded.database.url, { poolSize: 1 });
    await dataSource.initialize();
    try {
      await dataSource.undoLastMigration({ transaction: 'each' });
    } finally {
      await dataSource.destroy();
    }
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'yumiao-premigrate-'));
    await chmod(dataDir, 0o755);
  }, 120_000);

  afterAll(async () => {
    await api?.kill('SIGTERM');
    await seeded?.releaseServices();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  }, 60_000);

  async function start(): Promise<ApiProcess> {
    const started = await spawnApi({
      DATABASE_URL: seeded.database.url,
      MQTT_URL: seeded.broker.url,
      DATA_DIR: dataDir,
    });
    await waitFor(async () => started.output().includes('Press Ctrl-C to stop.'), {
      what: 'the start banner',
      timeoutMs: 30_000,
    });
    return started;
  }

  it('backs up, names the archive, then migrates; the next start backs up nothing', async () => {
    const newest = MIGRATIONS.at(-1)!.name;
    api = await start();
    const line = api
      .output()
      .split('\n')
      .find((l) => l.startsWith('Backed up before'));
    expect(line).toMatch(new RegExp(`^Backed up before 1 pending migration \\(${newest}\\): /`));
    const archive = line!.slice(line!.indexOf(': ') + 2);
    expect(path.dirname(archive)).toBe(path.join(dataDir, 'backups'));
    expect(path.basename(archive)).toMatch(/-pre-migration\.tar$/);
    // The backup holds the data as it was: the schema before the update, the admin account.
    const manifest = JSON.parse(await readFile(archive.replace(/\.tar$/, '.json'), 'utf8')) as {
      kind: string;
      schemaVersion: string;
      tables: { name: string; rows: number }[];
    };
    expect(manifest.kind).toBe('pre-migration');
    expect(manifest.schemaVersion).toBe(MIGRATIONS.at(-2)!.name);
    expect(manifest.tables.find((table) => table.name === 'users')?.rows).toBeGreaterThan(0);
    // And then the app migrated.
    const client = new pg.Client({ connectionString: seeded.database.url });
    await client.connect();
    try {
      const applied = await client.query<{ name: string }>('SELECT name FROM migrations');
      expect(applied.rows.map((row) => row.name)).toContain(newest);
    } finally {
      await client.end();
    }

    await api.kill('SIGTERM');
    api = await start();
    expect(api.output()).not.toContain('Backed up before');
    expect(api.output()).not.toContain('no backup before');
  }, 120_000);
});
