import pg from 'pg';
import type { AppConfig } from '#config';
import { connectClient } from '../database/connect-client.js';
import { MIGRATIONS } from '../database/migrations/index.js';
import { writeBackup } from './backup-writer.js';
import { removableProblem } from './backup-store.js';

/** Tables whose rows mean "a nursery's data", as opposed to a schema with nothing in it yet. */
const DATA_TABLES = ['users', 'batches', 'orders', 'readings'];

/** The migrations this version has that the database has not run; empty for a new database. */
export async function pendingMigrations(client: pg.Client): Promise<string[]> {
  const table = await client.query<{ exists: boolean }>(
    `SELECT to_regclass('public.migrations') IS NOT NULL AS exists`,
  );
  if (!table.rows[0]?.exists) return [];
  const applied = new Set(
    (await client.query<{ name: string }>('SELECT name FROM migrations')).rows.map((row) => row.name),
  );
  return MIGRATIONS.map((migration) => migration.name).filter((name) => !applied.has(name));
}

async function holdsData(client: pg.Client): Promise<boolean> {
  for (const table of DATA_TABLES) {
    const exists = await client.query<{ exists: boolean }>(`SELECT to_regclass($1) IS NOT NULL AS exists`, [
      `public.${table}`,
    ]);
    if (!exists.rows[0]?.exists) continue;
    const row = await client.query(`SELECT 1 FROM ${table} LIMIT 1`);
    if (row.rowCount !== 0) return true;
  }
  return false;
}

/**
 * Before an update's migrations touch a nursery's data, a backup of it as it was: a migration that
 * goes wrong on real data can then be undone with `npm run restore`. Runs at start, before the app
 * (whose TypeORM runs the migrations). A failed backup is logged and the start goes on: a nursery
 * whose USB stick is unplugged must still get its heating alarms, and each migration runs in its
 * own transaction, so one that fails leaves the data as it was.
 */
export async function backupBeforeMigrations(options: {
  databaseUrl: string;
  config: AppConfig;
  now: number;
  log: (line: string) => void;
}): Promise<string | undefined> {
  const client = await connectClient({
    connectionString: options.databaseUrl,
    application_name: 'yumiao-premigrate',
  });
  let pending: string[];
  try {
    pending = await pendingMigrations(client);
    if (pending.length === 0 || !(await holdsData(client))) return undefined;
  } finally {
    await client.end();
  }
  const { dir, removable, volumeBytes } = options.config.backup;
  try {
    if (removable) {
      const problem = await removableProblem(dir, options.config.dataDir);
      if (problem !== undefined) throw new Error(problem);
    }
    const result = await writeBackup({
      databaseUrl: options.databaseUrl,
      dataDir: options.config.dataDir,
      backupDir: dir,
      site: options.config.siteCode,
      kind: 'pre-migration',
      volumeBytes,
      now: options.now,
    });
    options.log(
      `Backed up before ${pending.length} pending migration${pending.length === 1 ? '' : 's'} (${pending.join(', ')}): ${result.archive}`,
    );
    return result.archive;
  } catch (error) {
    options.log(
      `WARNING: no backup before ${pending.length} pending migrations (${error instanceof Error ? error.message : String(error)}); migrating anyway`,
    );
    return undefined;
  }
}
