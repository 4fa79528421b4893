import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Where the embedded cluster and a copy of the PostgreSQL binaries live when the `postgres` user
 * cannot reach DATA_DIR or node_modules (a checkout under root's mode-700 home). Persistent, unlike
 * /var/tmp, which systemd-tmpfiles empties of files untouched for 30 days: a quiet table's files
 * there could vanish. EMBEDDED_PG_ROOT moves it; the tests point it into their temporary folder.
 */
export const DEFAULT_RELOCATION_ROOT = '/var/lib/yumiao';
/** Where versions before this one put them; a start moves them from there. */
export const LEGACY_RELOCATION_ROOT = '/var/tmp';

/** Which server user owns the moved folders. */
export interface Owner {
  readonly uid: number;
  readonly gid: number;
}

/** Per clone: derived from the real path of DATA_DIR, so two checkouts never share a cluster. */
function dataDirHash(dataDir: string): string {
  let real = path.resolve(dataDir);
  try {
    real = realpathSync(dataDir);
  } catch {
    // not created yet: the resolved path identifies it as well
  }
  return createHash('sha256').update(real).digest('hex').slice(0, 16);
}

/** `<root>/pg-<hash>`: holds `cluster/`. */
export function relocatedFolder(dataDir: string, root: string): string {
  return path.join(root, `pg-${dataDirHash(dataDir)}`);
}

/**
 * `<tmp>/yumiao-restore-check-<hash>`: the backup's restore check, the same folder at every check of
 * one data folder, so a check that died leaves nothing a later one does not find and remove.
 */
export function restoreCheckFolder(dataDir: string, tmp: string = os.tmpdir()): string {
  return path.join(tmp, `yumiao-restore-check-${dataDirHash(dataDir)}`);
}

/** `/var/tmp/yumiao-pg-<hash>`: the same folder as earlier versions named it. */
export function legacyFolder(dataDir: string, legacyRoot: string = LEGACY_RELOCATION_ROOT): string {
  return path.join(legacyRoot, `yumiao-pg-${dataDirHash(dataDir)}`);
}

/** Binaries are per source folder and version: `<root>/pg-bin-<hash>` (legacy `yumiao-pg-bin-`). */
function binariesHash(sourceNative: string): string {
  const version = readPackageVersion(path.dirname(sourceNative));
  return createHash('sha256')
    .update(`${realpathSync(sourceNative)}\n${version}`)
    .digest('hex')
    .slice(0, 16);
}

/**
 * The binaries copied to a folder `postgres` can reach, once per binaries version; a copy an
 * earlier version left in /var/tmp is moved rather than made again.
 */
export function copyBinaries(
  sourceNative: string,
  root: string,
  legacyRoot = LEGACY_RELOCATION_ROOT,
): string {
  const hash = binariesHash(sourceNative);
  const target = path.join(root, `pg-bin-${hash}`);
  if (existsSync(path.join(target, 'bin', 'postgres'))) return target;
  mkdirSync(root, { recursive: true, mode: 0o755 });
  const legacy = path.join(legacyRoot, `yumiao-pg-bin-${hash}`);
  if (existsSync(path.join(legacy, 'bin', 'postgres'))) {
    moveFolder(legacy, target);
    return target;
  }
  const staging = `${target}.${process.pid}.tmp`;
  rmSync(staging, { recursive: true, force: true });
  cpSync(sourceNative, staging, { recursive: true, verbatimSymlinks: true });
  chmodTree(staging);
  try {
    renameSync(staging, target);
  } catch {
    // Another process copied it meanwhile.
    rmSync(staging, { recursive: true, force: true });
  }
  return target;
}

/**
 * Moves a folder: a rename on the same filesystem; across filesystems a copy (owner, mode and
 * times kept), a check that every file arrived with its size, then the old one deleted. The
 * server must be stopped: its files may not change meanwhile.
 */
export function moveFolder(from: string, to: string, owner?: Owner): void {
  mkdirSync(path.dirname(to), { recursive: true, mode: 0o755 });
  try {
    renameSync(from, to);
    return;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
  }
  const staging = `${to}.${process.pid}.moving`;
  rmSync(staging, { recursive: true, force: true });
  cpSync(from, staging, { recursive: true, verbatimSymlinks: true, preserveTimestamps: true });
  // cp keeps modes but not owners: the cluster must stay the server user's, mode 0700.
  if (owner !== undefined) {
    const chown = spawnSync('chown', ['-R', '--no-dereference', `${owner.uid}:${owner.gid}`, staging]);
    if (chown.status !== 0) throw new Error(`chown of ${staging} failed: ${String(chown.stderr)}`);
  }
  const missing = differences(from, staging);
  if (missing.length > 0) {
    rmSync(staging, { recursive: true, force: true });
    throw new Error(`copying ${from} to ${to} lost ${missing.length} files (first: ${missing[0]})`);
  }
  renameSync(staging, to);
  rmSync(from, { recursive: true, force: true });
}

/** Files of `from` missing in `to` or of another size. */
function differences(from: string, to: string): string[] {
  const out: string[] = [];
  const visit = (relative: string) => {
    for (const entry of readdirSync(path.join(from, relative), { withFileTypes: true })) {
      const name = path.join(relative, entry.name);
      if (entry.isDirectory()) {
        visit(name);
        continue;
      }
      const source = lstatSync(path.join(from, name));
      let copy;
      try {
        copy = lstatSync(path.join(to, name));
      } catch {
        out.push(name);
        continue;
      }
      if (source.isFile() && copy.size !== source.size) out.push(name);
    }
  };
  visit('');
  return out;
}

function chmodTree(dir: string): void {
  chmodSync(dir, 0o755);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) chmodTree(full);
    else if (entry.isFile()) chmodSync(full, dir.endsWith(`${path.sep}bin`) ? 0o755 : 0o644);
  }
}

function readPackageVersion(packageDir: string): string {
  try {
    return (JSON.parse(readFileSync(path.join(packageDir, 'package.json'), 'utf8')) as { version: string })
      .version;
  } catch {
    return 'unknown';
  }
}
