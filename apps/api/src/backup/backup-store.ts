import { existsSync } from 'node:fs';
import { readFile, readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { parseManifest } from './backup-manifest.js';
import { archiveFiles, READINGS_FOLDER } from './backup-writer.js';
import type { StoredBackup } from './retention.js';
import { volumePaths } from './tar-volumes.js';

/** The finished backups in BACKUP_DIR (those with a sidecar manifest), newest first. */
export async function listBackups(backupDir: string): Promise<StoredBackup[]> {
  let names: string[];
  try {
    names = await readdir(backupDir);
  } catch {
    return [];
  }
  const found: StoredBackup[] = [];
  for (const name of names.filter((entry) => /^yumiao-.*\.json$/.test(entry))) {
    const sidecar = path.join(backupDir, name);
    try {
      const manifest = parseManifest(await readFile(sidecar, 'utf8'), sidecar);
      const archive = sidecar.replace(/\.json$/, '.tar');
      if (!existsSync(archive)) continue;
      found.push({
        archive,
        kind: manifest.kind,
        createdAt: Date.parse(manifest.createdAt),
        bytes: await archiveBytes(archive),
      });
    } catch {
      // A damaged sidecar is not a backup anyone can restore: leave it to a person.
    }
  }
  return found.sort((a, b) => b.createdAt - a.createdAt);
}

export async function archiveBytes(archive: string): Promise<number> {
  let bytes = 0;
  for (const volume of volumePaths(archive)) bytes += (await stat(volume)).size;
  return bytes;
}

export async function removeBackup(archive: string): Promise<void> {
  for (const file of archiveFiles(archive)) await rm(file, { force: true });
}

/** Closed-day archives in BACKUP_DIR/readings/ whose partition is no longer in the database. */
export async function removeDroppedDays(
  backupDir: string,
  partitions: ReadonlySet<string>,
): Promise<string[]> {
  const folder = path.join(backupDir, READINGS_FOLDER);
  let names: string[];
  try {
    names = await readdir(folder);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names.filter((entry) => /^readings_p\d{8}\.json$/.test(entry))) {
    const table = name.replace(/\.json$/, '');
    if (partitions.has(table)) continue;
    await removeBackup(path.join(folder, `${table}.tar`));
    removed.push(table);
  }
  return removed;
}

/**
 * A removable BACKUP_DIR must be a mount point of another device than DATA_DIR: an unplugged
 * stick's mount point is an empty folder on the system disk, and a backup written there would fill
 * the disk it is meant to protect. Answers the problem, or undefined when the stick is there.
 */
export async function removableProblem(backupDir: string, dataDir: string): Promise<string | undefined> {
  let dir;
  try {
    dir = await stat(backupDir);
  } catch {
    return `BACKUP_DIR ${backupDir} does not exist`;
  }
  const parent = await stat(path.dirname(path.resolve(backupDir)));
  const data = await stat(dataDir);
  if (dir.dev === parent.dev || dir.dev === data.dev) {
    return `BACKUP_DIR ${backupDir} is not a mounted USB stick (same disk as ${dir.dev === data.dev ? 'DATA_DIR' : 'its parent folder'})`;
  }
  return undefined;
}
