import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { isAlive } from '../runtime/process-info.js';
import { removeScratchFolder, startScratchPostgres } from './scratch-postgres.js';

// The test run's relocation root (jest-global-setup.mjs), never the machine's /var/lib/yumiao.
const relocationRoot = process.env['EMBEDDED_PG_ROOT'] ?? os.tmpdir();
const parent = mkdtempSync(path.join(os.tmpdir(), 'yumiao-scratch-spec-'));
// As root the server runs as `postgres`, which must enter it (mkdtemp makes it 0700).
chmodSync(parent, 0o755);

async function query(url: string, sql: string): Promise<unknown[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

const postmasterOf = (folder: string): number =>
  Number(readFileSync(path.join(folder, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);

/**
 * The backup's restore check runs a scratch server in a folder of its own. When the api died
 * during a check (issue 22's soak killed it there), the folder stayed in the temporary folder,
 * and a server already started kept running with nobody to stop it.
 */
describe('scratch PostgreSQL in a folder of its own', () => {
  afterAll(() => rmSync(parent, { recursive: true, force: true }));

  it('stops the server a run that died left in the folder, and starts afresh there', async () => {
    const folder = path.join(parent, 'check');
    const died = await startScratchPostgres({ relocationRoot, folder });
    await query(died.url, 'CREATE TABLE left_over (id int)');
    const orphan = postmasterOf(folder);

    const next = await startScratchPostgres({ relocationRoot, folder });
    try {
      expect(isAlive(orphan)).toBe(false);
      expect(postmasterOf(folder)).not.toBe(orphan);
      expect(await query(next.url, `SELECT 1 FROM pg_tables WHERE tablename = 'left_over'`)).toEqual([]);
    } finally {
      await next.stop();
    }
    expect(existsSync(folder)).toBe(false);
  }, 60_000);

  it('removes a folder left behind, stopping its server first', async () => {
    const folder = path.join(parent, 'leftover');
    await startScratchPostgres({ relocationRoot, folder });
    const orphan = postmasterOf(folder);

    expect(await removeScratchFolder(folder)).toBe(orphan);
    expect(isAlive(orphan)).toBe(false);
    expect(existsSync(folder)).toBe(false);
    expect(await removeScratchFolder(folder)).toBeUndefined();
  }, 60_000);
});
