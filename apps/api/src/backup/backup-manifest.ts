/**
 * What a backup archive holds, written as its last entry `manifest.json` and beside it as
 * `NAME.json` (the sidecar is what listings, retention and the status card read; the one inside the
 * archive is what a restore trusts).
 */
export interface BackupManifest {
  readonly format: typeof MANIFEST_FORMAT;
  /** ISO instant (UTC) of the snapshot. */
  readonly createdAt: string;
  readonly kind: BackupKind;
  /** The newest migration applied to the database (its class name); restore migrates up to it. */
  readonly schemaVersion: string;
  /** `SHOW server_version` of the database that was backed up. */
  readonly serverVersion: string;
  readonly site: string;
  readonly tables: readonly TableManifest[];
  readonly sequences: readonly SequenceManifest[];
  readonly files: readonly FileManifest[];
  /** sha256 of every entry's bytes as stored (compressed), by entry name. */
  readonly entries: Readonly<Record<string, string>>;
  /** Closed raw-reading days exported once into their own archives (BACKUP_DIR/readings/). */
  readonly partitionArchives: readonly PartitionArchiveRef[];
}

export const MANIFEST_FORMAT = 'yumiao-backup/1';
export const MANIFEST_ENTRY = 'manifest.json';

export type BackupKind = 'manual' | 'nightly' | 'pre-migration' | 'partition';

export interface TableManifest {
  readonly name: string;
  readonly columns: readonly string[];
  /** Set for a partition: the partitioned table and its bound (`FOR VALUES FROM (...) TO (...)`, UTC). */
  readonly partitionOf: string | undefined;
  readonly partitionBound: string | undefined;
  readonly rows: number;
  /** sha256 of the table's COPY text (uncompressed): equal data, equal checksum. */
  readonly sha256: string;
  /** Entry names of its compressed COPY chunks, in order. */
  readonly chunks: readonly string[];
}

export interface SequenceManifest {
  readonly name: string;
  readonly lastValue: string | null;
}

export interface FileManifest {
  /** Relative to DATA_DIR, with forward slashes. */
  readonly path: string;
  readonly size: number;
  readonly mode: number;
  readonly sha256: string;
}

export interface PartitionArchiveRef {
  readonly table: string;
  /** Archive file name, relative to the folder `readings/` beside the main archive. */
  readonly file: string;
  readonly rows: number;
  readonly sha256: string;
}

/** Parses a manifest and checks the shape a restore depends on; throws with the reason. */
export function parseManifest(text: string, source: string): BackupManifest {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new Error(`${source}: the manifest is not JSON`);
  }
  const manifest = value as Partial<BackupManifest>;
  if (manifest.format !== MANIFEST_FORMAT) {
    throw new Error(`${source}: not a Yumiao backup manifest (format ${String(manifest.format)})`);
  }
  for (const field of ['tables', 'sequences', 'files', 'partitionArchives'] as const) {
    if (!Array.isArray(manifest[field])) throw new Error(`${source}: the manifest has no ${field} list`);
  }
  if (typeof manifest.schemaVersion !== 'string' || typeof manifest.entries !== 'object') {
    throw new Error(`${source}: the manifest has no schema version or entry checksums`);
  }
  return manifest as BackupManifest;
}

/** Total rows in the archive and the partition archives it names. */
export function manifestRows(manifest: BackupManifest): number {
  return (
    manifest.tables.reduce((sum, table) => sum + table.rows, 0) +
    manifest.partitionArchives.reduce((sum, archive) => sum + archive.rows, 0)
  );
}
