import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import pg from 'pg';
import { connectClient } from '../database/connect-client.js';
import { from as copyFrom } from 'pg-copy-streams';
import { DataSource } from 'typeorm';
import { dataSourceOptions, migrateDatabase } from '../database/data-source.js';
import { MIGRATIONS } from '../database/migrations/index.js';
import { MANIFEST_ENTRY, parseManifest, type BackupManifest, type TableManifest } from './backup-manifest.js';
import { READINGS_FOLDER } from './backup-writer.js';
import { RESTORED_FROM_SETTING } from '../seed/seed-registry.js';
import { safeTarget } from './data-files.js';
import { readTarVolumes, type TarEntry } from './tar-volumes.js';

const gunzipAsync = promisify(gunzip);

export interface RestoreRequest {
  /** The archive's first volume (`NAME.tar`) or its sidecar (`NAME.json`). */
  readonly archive: string;
  readonly databaseUrl: string;
  readonly dataDir: string;
  /** Drop what the target database holds first (an installation that was started once). */
  readonly replace: boolean;
  readonly log: (line: string) => void;
}

export interface TableCount {
  readonly table: string;
  readonly expected: number;
  readonly restored: number;
}

export interface RestoreReport {
  readonly manifest: BackupManifest;
  readonly counts: readonly TableCount[];
  readonly files: number;
  readonly seconds: number;
}

/**
 * Restores a backup into an empty database and DATA_DIR: checksums of every entry (and of the
 * closed days' archives it names) first, then the migrations up to the backup's schema version,
 * the tables in the manifest's order (referenced tables first) in one transaction, sequences, the
 * newer migrations, and the files.
 */
export async function restoreBackup(request: RestoreRequest): Promise<RestoreReport> {
  const started = Date.now();
  const archive = request.archive.replace(/\.json$/, '.tar');
  if (!existsSync(archive)) throw new Error(`no backup archive at ${archive}`);
  request.log(`Checking the checksums of ${archive}...`);
  const manifest = await verifyArchive(archive);
  const partitionArchives = manifest.partitionArchives.map((ref) => ({
    ref,
    file: path.join(path.dirname(archive), READINGS_FOLDER, ref.file),
  }));
  const missing = partitionArchives.filter(({ file }) => !existsSync(file));
  if (missing.length > 0) {
    throw new Error(
      `the backup needs the raw-reading archives ${missing.map(({ file }) => file).join(', ')} ` +
        `(copy the folder ${READINGS_FOLDER}/ from beside the backup)`,
    );
  }
  for (const { ref, file } of partitionArchives) {
    const day = await verifyArchive(file);
    if (day.tables[0]?.sha256 !== ref.sha256) throw new Error(`${file} is not the day the backup names`);
  }
  request.log(
    `Checksums match (${Object.keys(manifest.entries).length} entries, schema ${manifest.schemaVersion})`,
  );

  await prepareEmptyDatabase(request.databaseUrl, request.replace, request.log);
  await migrateTo(request.databaseUrl, manifest.schemaVersion);

  const client = await connectClient({
    connectionString: request.databaseUrl,
    application_name: 'yumiao-restore',
  });
  let files = 0;
  try {
    await client.query('BEGIN');
    await client.query("SET LOCAL TimeZone = 'UTC'");
    await client.query("SET LOCAL DateStyle = 'ISO, YMD'");
    files += await loadArchive(client, archive, manifest, request);
    for (const { file } of partitionArchives) {
      const day = await verifyArchive(file);
      await loadArchive(client, file, day, request);
    }
    for (const sequence of manifest.sequences) {
      if (sequence.lastValue === null) continue;
      await client.query('SELECT setval($1::regclass, $2::bigint, true)', [
        client.escapeIdentifier(sequence.name),
        sequence.lastValue,
      ]);
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client.end().catch(() => undefined);
  }
  // Counted before the newer migrations, which may rename or reshape the backup's tables.
  const counts = await countRows(request.databaseUrl, [
    ...manifest.tables.map((table) => ({ table: table.name, expected: table.rows })),
    ...manifest.partitionArchives.map((ref) => ({ table: ref.table, expected: ref.rows })),
  ]);
  await markRestored(request.databaseUrl, archive, manifest);
  await migrateDatabase(request.databaseUrl);
  return { manifest, counts, files, seconds: (Date.now() - started) / 1000 };
}

/** Reads every entry, compares its sha256 with the manifest's, and answers the manifest. */
export async function verifyArchive(archive: string): Promise<BackupManifest> {
  const seen = new Map<string, string>();
  let manifestText: string | undefined;
  for await (const entry of readTarVolumes(archive)) {
    if (entry.name === MANIFEST_ENTRY) {
      manifestText = (await collect(entry)).toString('utf8');
      continue;
    }
    const hash = createHash('sha256');
    for await (const chunk of entry.chunks) hash.update(chunk);
    seen.set(entry.name, hash.digest('hex'));
  }
  if (manifestText === undefined) throw new Error(`${archive}: no manifest (an unfinished backup?)`);
  const manifest = parseManifest(manifestText, archive);
  const problems: string[] = [];
  for (const [name, sha256] of Object.entries(manifest.entries)) {
    const actual = seen.get(name);
    if (actual === undefined) problems.push(`${name} is missing`);
    else if (actual !== sha256) problems.push(`${name} is damaged (checksum differs)`);
  }
  for (const name of seen.keys())
    if (!(name in manifest.entries)) problems.push(`${name} is not in the manifest`);
  if (problems.length > 0) {
    throw new Error(`${archive} fails its checksums, nothing was restored:\n  ${problems.join('\n  ')}`);
  }
  return manifest;
}

async function prepareEmptyDatabase(
  url: string,
  replace: boolean,
  log: (line: string) => void,
): Promise<void> {
  const client = await connectClient({ connectionString: url });
  try {
    const tables = await client.query<{ name: string }>(
      `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p', 'v', 'S')`,
    );
    if (tables.rowCount === 0) return;
    if (!replace) {
      throw new Error(
        `the target database already holds ${tables.rowCount} tables: restore goes into an empty database ` +
          '(a new DATA_DIR, or add --replace to drop what it holds)',
      );
    }
    log(`Dropping the ${tables.rowCount} tables the target database holds (--replace)`);
    const schema = (await client.query<{ name: string }>('SELECT current_schema() AS name')).rows[0].name;
    await client.query(`DROP SCHEMA ${client.escapeIdentifier(schema)} CASCADE`);
    await client.query(`CREATE SCHEMA ${client.escapeIdentifier(schema)}`);
  } finally {
    await client.end();
  }
}

/** The migrations up to the backup's schema version: its COPY columns match that schema. */
async function migrateTo(url: string, schemaVersion: string): Promise<void> {
  const index = MIGRATIONS.findIndex((migration) => migration.name === schemaVersion);
  if (index < 0) {
    throw new Error(
      `the backup's schema ${schemaVersion} is unknown to this version of Yumiao (a backup from a newer ` +
        'version?): update this checkout first',
    );
  }
  const dataSource = new DataSource({
    ...dataSourceOptions(url, { poolSize: 2, applicationName: 'yumiao-restore' }),
    migrations: MIGRATIONS.slice(0, index + 1),
  });
  await dataSource.initialize();
  try {
    await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await dataSource.destroy();
  }
}

/**
 * Streams one archive into the database: each table's chunks (contiguous, in manifest order) through
 * one COPY FROM, checking the table's checksum on the uncompressed text; files into DATA_DIR.
 */
async function loadArchive(
  client: pg.Client,
  archive: string,
  manifest: BackupManifest,
  request: RestoreRequest,
): Promise<number> {
  const tables = new Map(manifest.tables.map((table) => [table.name, table]));
  const iterator = readTarVolumes(archive)[Symbol.asyncIterator]();
  let current = await iterator.next();
  let files = 0;
  const tableOf = (entry: TarEntry): string | undefined =>
    entry.name.startsWith('tables/') ? entry.name.split('/')[1] : undefined;

  for (const table of manifest.tables) {
    if (table.partitionOf !== undefined) {
      await client.query(
        `CREATE TABLE IF NOT EXISTS ${client.escapeIdentifier(table.name)} PARTITION OF ${client.escapeIdentifier(
          table.partitionOf,
        )} ${table.partitionBound ?? ''}`,
      );
    }
  }
  while (current.done !== true) {
    const entry = current.value;
    const name = tableOf(entry);
    if (name !== undefined) {
      const table = tables.get(name);
      if (table === undefined) throw new Error(`${archive}: ${entry.name} names no table of the manifest`);
      const hash = createHash('sha256');
      async function* copyText(): AsyncGenerator<Buffer> {
        while (current.done !== true && tableOf(current.value) === name) {
          const raw = await gunzipAsync(await collect(current.value));
          hash.update(raw);
          yield raw;
          current = await iterator.next();
        }
      }
      // The migrations may have seeded rows (the crop catalogue, settings): the backup's are the ones kept.
      await client.query(`DELETE FROM ${client.escapeIdentifier(name)}`);
      await pipeline(Readable.from(copyText()), client.query(copyFrom(copySql(client, table))));
      if (hash.digest('hex') !== table.sha256)
        throw new Error(`${archive}: ${name} differs from its checksum`);
      request.log(`  ${name}: ${table.rows} rows`);
      continue;
    }
    if (entry.name.startsWith('files/')) {
      const relative = entry.name.slice('files/'.length);
      const target = safeTarget(request.dataDir, relative);
      await mkdir(path.dirname(target), { recursive: true });
      await writeFile(`${target}.restoring`, await collect(entry), { mode: entry.mode & 0o777 });
      await chmod(`${target}.restoring`, entry.mode & 0o777);
      await rename(`${target}.restoring`, target);
      files += 1;
    }
    current = await iterator.next();
  }
  return files;
}

function copySql(client: pg.Client, table: TableManifest): string {
  const columns = table.columns.map((column) => client.escapeIdentifier(column)).join(', ');
  return `COPY ${client.escapeIdentifier(table.name)} (${columns}) FROM STDIN`;
}

/** Left after the counts (it adds a settings row the backup did not have). */
async function markRestored(url: string, archive: string, manifest: BackupManifest): Promise<void> {
  const client = await connectClient({ connectionString: url });
  try {
    await client.query(
      `INSERT INTO settings (key, value, updated_at) VALUES ($1, $2, now())
       ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`,
      [
        RESTORED_FROM_SETTING,
        JSON.stringify({ archive: path.basename(archive), createdAt: manifest.createdAt, at: new Date() }),
      ],
    );
  } finally {
    await client.end();
  }
}

async function countRows(
  url: string,
  expected: readonly { table: string; expected: number }[],
): Promise<TableCount[]> {
  const client = await connectClient({ connectionString: url });
  try {
    const counts: TableCount[] = [];
    for (const { table, expected: rows } of expected) {
      const result = await client.query<{ count: string }>(
        `SELECT count(*)::text AS count FROM ONLY ${client.escapeIdentifier(table)}`,
      );
      counts.push({ table, expected: rows, restored: Number(result.rows[0]?.count ?? 0) });
    }
    return counts;
  } finally {
    await client.end();
  }
}

async function collect(entry: TarEntry): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of entry.chunks) parts.push(chunk);
  return Buffer.concat(parts);
}
