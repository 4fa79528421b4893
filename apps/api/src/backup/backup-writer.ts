import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { connectClient } from '../database/connect-client.js';
import {
  MANIFEST_ENTRY,
  MANIFEST_FORMAT,
  parseManifest,
  type BackupKind,
  type BackupManifest,
  type FileManifest,
  type PartitionArchiveRef,
  type TableManifest,
} from './backup-manifest.js';
import { hashingReader, listDataFiles, type DataFile } from './data-files.js';
import {
  beginSnapshot,
  copyTableOut,
  describeDatabase,
  readSequences,
  type SnapshotTable,
} from './database-snapshot.js';
import { TarVolumeWriter, volumePaths } from './tar-volumes.js';

/** Below FAT32's 4 GiB file limit, with room to spare. */
export const DEFAULT_VOLUME_BYTES = 3_900_000_000;

/** Raw readings live in daily partitions of this table (telemetry/telemetry.repository.ts). */
const READINGS = 'readings';
const PARTITION_NAME = /^readings_p(\d{4})(\d{2})(\d{2})$/;
const DAY_MS = 86_400_000;
export const READINGS_FOLDER = 'readings';

export interface BackupRequest {
  readonly databaseUrl: string;
  readonly dataDir: string;
  readonly backupDir: string;
  readonly site: string;
  readonly kind: Exclude<BackupKind, 'partition'>;
  readonly volumeBytes?: number;
  /** The instant that names the archive and decides which days are closed. */
  readonly now: number;
}

export interface BackupResult {
  /** The first volume (`NAME.tar`); restore takes this path. */
  readonly archive: string;
  readonly volumes: readonly string[];
  /** The manifest beside the archive (`NAME.json`). */
  readonly sidecar: string;
  readonly manifest: BackupManifest;
  readonly bytes: number;
  /** Closed days exported into their own archives by this run. */
  readonly exportedDays: readonly string[];
  readonly seconds: number;
}

/**
 * A raw-reading day is closed, and exported once into its own archive, when it ended more than a
 * day ago: devices that were offline send their buffered readings late (ingest accepts them within
 * retention), mostly within hours. Readings that arrive later still for an exported day are in the
 * database but not in its archive (docs/operations.md says so).
 */
export function isClosedDay(partition: string, now: number): boolean {
  const match = PARTITION_NAME.exec(partition);
  if (match === null) return false;
  const dayStart = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  return dayStart + 2 * DAY_MS <= now;
}

/** One backup: the database in one snapshot, DATA_DIR's files, and the closed days not yet exported. */
export async function writeBackup(request: BackupRequest): Promise<BackupResult> {
  const started = Date.now();
  const volumeBytes = request.volumeBytes ?? DEFAULT_VOLUME_BYTES;
  const readingsDir = path.join(request.backupDir, READINGS_FOLDER);
  await mkdir(readingsDir, { recursive: true });
  const stamp = new Date(request.now)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  const base = path.join(request.backupDir, `yumiao-${request.site}-${stamp}-${request.kind}`);
  if (existsSync(`${base}.tar`) || existsSync(`${base}.json`)) {
    throw new Error(`a backup named ${base}.tar already exists`);
  }

  const client = await connectClient({
    connectionString: request.databaseUrl,
    application_name: 'yumiao-backup',
  });
  try {
    await beginSnapshot(client);
    const shape = await describeDatabase(client);
    const sequences = await readSequences(client);
    const createdAt = new Date(request.now).toISOString();
    const header = {
      format: MANIFEST_FORMAT,
      createdAt,
      schemaVersion: shape.schemaVersion,
      serverVersion: shape.serverVersion,
      site: request.site,
    } as const;

    const partitionArchives: PartitionArchiveRef[] = [];
    const exportedDays: string[] = [];
    const inMain: SnapshotTable[] = [];
    for (const table of shape.tables) {
      if (table.partitionOf !== READINGS || !isClosedDay(table.name, request.now)) {
        inMain.push(table);
        continue;
      }
      const first = path.join(readingsDir, `${table.name}.tar`);
      let manifest = await readSidecar(path.join(readingsDir, `${table.name}.json`));
      if (manifest === undefined) {
        manifest = (
          await writeArchive(client, first, volumeBytes, [table], [], {
            ...header,
            kind: 'partition',
            sequences: [],
            partitionArchives: [],
          })
        ).manifest;
        exportedDays.push(table.name);
      }
      const exported = manifest.tables[0];
      if (exported === undefined) throw new Error(`${first} holds no table`);
      partitionArchives.push({
        table: table.name,
        file: `${table.name}.tar`,
        rows: exported.rows,
        sha256: exported.sha256,
      });
    }

    const files = await listDataFiles(request.dataDir, [request.backupDir]);
    const main = await writeArchive(client, `${base}.tar`, volumeBytes, inMain, files, {
      ...header,
      kind: request.kind,
      sequences,
      partitionArchives,
    });
    await client.query('COMMIT');
    return {
      ...main,
      exportedDays,
      seconds: (Date.now() - started) / 1000,
    };
  } finally {
    await client.end().catch(() => undefined);
  }
}

type ManifestHeader = Omit<BackupManifest, 'tables' | 'files' | 'entries'>;

/**
 * Writes one archive: the tables' COPY chunks, the files, then the manifest as the last entry and
 * as the sidecar `NAME.json`, written last of all under a temporary name and renamed: a sidecar
 * exists only for a finished archive. A failure removes the volumes written so far.
 */
async function writeArchive(
  client: pg.Client,
  first: string,
  volumeBytes: number,
  tables: readonly SnapshotTable[],
  files: readonly DataFile[],
  header: ManifestHeader,
): Promise<Omit<BackupResult, 'exportedDays' | 'seconds'>> {
  const writer = new TarVolumeWriter(first, volumeBytes);
  const entries: Record<string, string> = {};
  try {
    const tableManifests: TableManifest[] = [];
    for (const table of tables) tableManifests.push(await copyTableOut(client, table, writer, entries));
    const fileManifests: FileManifest[] = [];
    for (const file of files) {
      const name = `files/${file.path}`;
      const reader = hashingReader(file.absolute);
      await writer.addStreamEntry(name, file.size, reader.chunks, file.mode);
      const sha256 = reader.sha256();
      entries[name] = sha256;
      fileManifests.push({ path: file.path, size: file.size, mode: file.mode, sha256 });
    }
    const manifest: BackupManifest = { ...header, tables: tableManifests, files: fileManifests, entries };
    const text = `${JSON.stringify(manifest, null, 1)}\n`;
    await writer.addEntry(MANIFEST_ENTRY, Buffer.from(text));
    await writer.finish();
    const sidecar = first.replace(/\.tar$/, '.json');
    await writeFile(`${sidecar}.tmp`, text, { mode: 0o600 });
    await rename(`${sidecar}.tmp`, sidecar);
    return { archive: first, volumes: writer.written, sidecar, manifest, bytes: writer.bytes };
  } catch (error) {
    await writer.abort();
    for (const volume of writer.written) await rm(volume, { force: true });
    throw error;
  }
}

async function readSidecar(file: string): Promise<BackupManifest | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return undefined;
  }
  return parseManifest(text, file);
}

/** Every volume of an archive with its sidecar, for removal by retention or disk shedding. */
export function archiveFiles(first: string): string[] {
  return [...volumePaths(first), first.replace(/\.tar$/, '.json')];
}

/** sha256 of a buffer, hex. */
export function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}
