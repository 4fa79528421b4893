import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { lstat, readdir } from 'node:fs/promises';
import path from 'node:path';

/**
 * What of DATA_DIR is not the api's own to back up: the cluster (its rows are in the archive),
 * the cluster's password (a new cluster gets its own), logs, the lock, and backups themselves.
 */
const NOT_BACKED_UP = new Set(['pg', 'pg-password', 'logs', 'backups', 'yumiao.lock', 'diagnostics']);

export interface DataFile {
  /** Relative to DATA_DIR, with forward slashes. */
  readonly path: string;
  readonly absolute: string;
  readonly size: number;
  readonly mode: number;
}

/**
 * The files the api keeps in DATA_DIR: secrets, device and broker credentials, uploaded photos.
 * `skip` holds absolute folders to leave out too (BACKUP_DIR when it sits inside DATA_DIR).
 */
export async function listDataFiles(dataDir: string, skip: readonly string[] = []): Promise<DataFile[]> {
  const skipped = new Set(skip.map((folder) => path.resolve(folder)));
  const found: DataFile[] = [];
  const visit = async (folder: string, relative: string): Promise<void> => {
    let names: string[];
    try {
      names = (await readdir(folder)).sort();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    for (const name of names) {
      if (relative === '' && (NOT_BACKED_UP.has(name) || name.startsWith('.initdb-'))) continue;
      const absolute = path.join(folder, name);
      if (skipped.has(absolute)) continue;
      const stat = await lstat(absolute);
      const rel = relative === '' ? name : `${relative}/${name}`;
      if (stat.isDirectory()) await visit(absolute, rel);
      else if (stat.isFile()) found.push({ path: rel, absolute, size: stat.size, mode: stat.mode & 0o777 });
    }
  };
  await visit(path.resolve(dataDir), '');
  return found;
}

/** A file's bytes, hashing them on the way through. */
export function hashingReader(file: string): { chunks: AsyncIterable<Buffer>; sha256(): string } {
  const hash = createHash('sha256');
  async function* chunks(): AsyncGenerator<Buffer> {
    for await (const chunk of createReadStream(file)) {
      hash.update(chunk as Buffer);
      yield chunk as Buffer;
    }
  }
  return { chunks: chunks(), sha256: () => hash.digest('hex') };
}

/** A restored file may only land inside DATA_DIR: a manifest path with `..` is refused. */
export function safeTarget(dataDir: string, relative: string): string {
  const target = path.resolve(dataDir, relative);
  const root = path.resolve(dataDir);
  if (!target.startsWith(`${root}${path.sep}`) || relative.includes('\\')) {
    throw new Error(`the archive names a file outside DATA_DIR: ${relative}`);
  }
  return target;
}
