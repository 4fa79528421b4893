import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import type { SequenceManifest, TableManifest } from './backup-manifest.js';
import type { TarVolumeWriter } from './tar-volumes.js';

const gzipAsync = promisify(gzip);

/**
 * COPY text is cut into chunks of about this many bytes, each gzipped on libuv's thread pool and
 * written as one tar entry: the backup never holds more than a chunk or two of a table in memory,
 * and the api's event loop keeps serving while a big table compresses.
 */
const CHUNK_BYTES = 8 * 1024 * 1024;
/** Level 3: on the 2-core machine most of the size of level 6 for about half the CPU. */
const GZIP_LEVEL = 3;

/** The api's own bookkeeping: restore recreates it by running the migrations. */
const NOT_BACKED_UP = new Set(['migrations']);

export interface SnapshotTable {
  readonly name: string;
  readonly columns: readonly string[];
  readonly partitionOf: string | undefined;
  readonly partitionBound: string | undefined;
}

export interface DatabaseShape {
  readonly schemaVersion: string;
  readonly serverVersion: string;
  /** Every table with rows of its own, parents before the tables that reference them. */
  readonly tables: readonly SnapshotTable[];
}

/**
 * Opens the snapshot every COPY of one backup reads: a REPEATABLE READ, read-only transaction
 * sees the database as of its first query, so an order and its payments are either both in the
 * backup or neither, while ingest and the app go on writing. The session prints times and
 * partition bounds in UTC whatever the server's zone.
 */
export async function beginSnapshot(client: pg.Client): Promise<void> {
  await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  await client.query("SET LOCAL TimeZone = 'UTC'");
  await client.query("SET LOCAL DateStyle = 'ISO, YMD'");
}

export async function describeDatabase(client: pg.Client): Promise<DatabaseShape> {
  const version = await client.query<{ name: string }>(
    'SELECT name FROM migrations ORDER BY id DESC LIMIT 1',
  );
  const schemaVersion = version.rows[0]?.name;
  if (schemaVersion === undefined)
    throw new Error('the database has no migrations applied: nothing to back up');
  const server = await client.query<{ server_version: string }>('SHOW server_version');

  const relations = await client.query<{
    oid: number;
    name: string;
    parent: string | null;
    bound: string | null;
  }>(`
    SELECT c.oid::int AS oid, c.relname AS name, p.relname AS parent,
           CASE WHEN c.relispartition THEN pg_get_expr(c.relpartbound, c.oid) END AS bound
      FROM pg_class c
      JOIN pg_namespace n ON n.oid = c.relnamespace
      LEFT JOIN pg_inherits i ON i.inhrelid = c.oid AND c.relispartition
      LEFT JOIN pg_class p ON p.oid = i.inhparent
     WHERE n.nspname = current_schema() AND c.relkind = 'r'
     ORDER BY c.relname`);
  const columns = await client.query<{ oid: number; name: string }>(`
    SELECT a.attrelid::int AS oid, a.attname AS name
      FROM pg_attribute a
      JOIN pg_class c ON c.oid = a.attrelid
      JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = current_schema() AND c.relkind = 'r'
       AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
     ORDER BY a.attrelid, a.attnum`);
  const references = await client.query<{ child: string; parent: string }>(`
    SELECT ch.relname AS child, pa.relname AS parent
      FROM pg_constraint k
      JOIN pg_class ch ON ch.oid = k.conrelid
      JOIN pg_class pa ON pa.oid = k.confrelid
      JOIN pg_namespace n ON n.oid = ch.relnamespace
     WHERE k.contype = 'f' AND n.nspname = current_schema()`);

  const columnsOf = new Map<number, string[]>();
  for (const column of columns.rows) {
    const list = columnsOf.get(column.oid) ?? [];
    list.push(column.name);
    columnsOf.set(column.oid, list);
  }
  const tables = relations.rows
    .filter((relation) => !NOT_BACKED_UP.has(relation.name))
    .map((relation) => ({
      name: relation.name,
      columns: columnsOf.get(relation.oid) ?? [],
      partitionOf: relation.parent ?? undefined,
      partitionBound: relation.bound ?? undefined,
    }));
  return {
    schemaVersion,
    serverVersion: server.rows[0]?.server_version ?? 'unknown',
    tables: dependencyOrder(tables, references.rows),
  };
}

/**
 * Referenced tables first, so a restore can load them in this order with every foreign key checked.
 * Ties keep name order (stable archives). A reference cycle between tables cannot be loaded table by
 * table: it is an error here, at backup time, not a surprise at restore.
 */
export function dependencyOrder<T extends { name: string }>(
  tables: readonly T[],
  references: readonly { child: string; parent: string }[],
): T[] {
  const names = new Set(tables.map((table) => table.name));
  const waitingOn = new Map<string, Set<string>>(tables.map((table) => [table.name, new Set<string>()]));
  for (const { child, parent } of references) {
    if (child === parent || !names.has(child) || !names.has(parent)) continue;
    waitingOn.get(child)!.add(parent);
  }
  const ordered: T[] = [];
  const done = new Set<string>();
  let remaining = [...tables];
  while (remaining.length > 0) {
    const ready = remaining.filter((table) => [...waitingOn.get(table.name)!].every((p) => done.has(p)));
    if (ready.length === 0) {
      throw new Error(`foreign keys form a cycle between ${remaining.map((t) => t.name).join(', ')}`);
    }
    for (const table of ready) {
      ordered.push(table);
      done.add(table.name);
    }
    remaining = remaining.filter((table) => !done.has(table.name));
  }
  return ordered;
}

export async function readSequences(client: pg.Client): Promise<SequenceManifest[]> {
  const result = await client.query<{ name: string; last_value: string | null }>(
    `SELECT sequencename AS name, last_value::text AS last_value FROM pg_sequences
      WHERE schemaname = current_schema() ORDER BY sequencename`,
  );
  return result.rows.map((row) => ({ name: row.name, lastValue: row.last_value }));
}

/** COPYs one table out of the snapshot into gzipped chunk entries `tables/<name>/<n>.copy.gz`. */
export async function copyTableOut(
  client: pg.Client,
  table: SnapshotTable,
  archive: TarVolumeWriter,
  entries: Record<string, string>,
): Promise<TableManifest> {
  const list = table.columns.map((column) => client.escapeIdentifier(column)).join(', ');
  const stream = client.query(
    copyTo(`COPY (SELECT ${list} FROM ONLY ${client.escapeIdentifier(table.name)}) TO STDOUT`),
  );
  const hash = createHash('sha256');
  const chunks: string[] = [];
  let rows = 0;
  let pending: Buffer[] = [];
  let pendingBytes = 0;

  const flush = async (): Promise<void> => {
    if (pendingBytes === 0) return;
    const raw = Buffer.concat(pending, pendingBytes);
    pending = [];
    pendingBytes = 0;
    const compressed = await gzipAsync(raw, { level: GZIP_LEVEL });
    const name = `tables/${table.name}/${String(chunks.length + 1).padStart(6, '0')}.copy.gz`;
    entries[name] = createHash('sha256').update(compressed).digest('hex');
    chunks.push(name);
    await archive.addEntry(name, compressed);
  };

  for await (const chunk of stream as AsyncIterable<Buffer>) {
    hash.update(chunk);
    // COPY text ends every row with a newline and escapes newlines inside values as \n.
    for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) rows += 1;
    pending.push(chunk);
    pendingBytes += chunk.length;
    if (pendingBytes >= CHUNK_BYTES) await flush();
  }
  await flush();
  return {
    name: table.name,
    columns: table.columns,
    partitionOf: table.partitionOf,
    partitionBound: table.partitionBound,
    rows,
    sha256: hash.digest('hex'),
    chunks,
  };
}
