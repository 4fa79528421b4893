import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { useTestDatabase, waitFor, type TestDatabase } from '#testing';
import { migrateDatabase } from '../database/data-source.js';
import { writeBackup } from './backup-writer.js';

/**
 * Issue 22's soak killed the embedded PostgreSQL during a nightly backup: the backup's own
 * connection, idle in its transaction while it packed files, reported the lost server as an 'error'
 * event nobody listened to, which ended the api.
 * A backup whose server goes away must fail (and be recorded as failed), nothing more.
 */
describe('a backup whose database connection is cut', () => {
  let database: TestDatabase;
  let folder: string;

  beforeAll(async () => {
    database = await useTestDatabase({ migrate: migrateDatabase });
    folder = await mkdtemp(path.join(os.tmpdir(), 'yumiao-backup-cut-'));
    // Files take the backup seconds to pack while its connection waits, idle in its transaction.
    await mkdir(path.join(folder, 'data', 'photos'), { recursive: true });
    await writeFile(path.join(folder, 'data', 'photos', 'big.jpg'), randomBytes(64 * 1024 * 1024));
  }, 60_000);

  afterAll(async () => {
    await database.drop();
    await rm(folder, { recursive: true, force: true });
  });

  it('fails instead of ending the process', async () => {
    const backup = writeBackup({
      databaseUrl: database.url,
      dataDir: path.join(folder, 'data'),
      backupDir: path.join(folder, 'backups'),
      site: 'xnz',
      kind: 'manual',
      now: Date.now(),
    });
    const outcome = backup.then(
      () => 'finished',
      (error: unknown) => (error instanceof Error ? error.message : String(error)),
    );
    const admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
    try {
      await waitFor(
        async () => {
          const cut = await admin.query(
            `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
              WHERE application_name = 'yumiao-backup' AND state = 'idle in transaction'`,
          );
          return cut.rowCount !== null && cut.rowCount > 0;
        },
        { what: 'the backup to be waiting in its transaction', timeoutMs: 30_000, intervalMs: 5 },
      );
    } finally {
      await admin.end();
    }
    expect(await outcome).not.toBe('finished');
  }, 60_000);
});
