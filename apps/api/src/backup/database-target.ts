import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { AppConfig } from '#config';
import { acquireDataDirLock, DataDirLockedError, type DataDirLock } from '../runtime/data-dir-lock.js';
import { startEmbeddedPostgres } from '../runtime/embedded-postgres.js';
import { resolvePostgresLayout } from '../runtime/postgres-layout.js';
import { isAlive } from '../runtime/process-info.js';

/** A database the backup or restore command works on, and how to let go of it. */
export interface DatabaseTarget {
  readonly url: string;
  /** True when the api is running on DATA_DIR (a backup then reads its live server). */
  readonly apiRunning: boolean;
  release(): Promise<void>;
}

/**
 * For `npm run backup`: with DATABASE_URL, that database. Embedded, the api's own server when an
 * api runs on DATA_DIR (its port is in the cluster's postmaster.pid, its password in DATA_DIR);
 * otherwise this command takes the DATA_DIR lock and starts the embedded server itself.
 */
export async function backupTarget(config: AppConfig, log: (line: string) => void): Promise<DatabaseTarget> {
  if (!config.embeddedDatabase) {
    return { url: config.databaseUrl ?? '', apiRunning: false, release: async () => undefined };
  }
  try {
    return await ownEmbeddedServer(config, acquireDataDirLock(config.dataDir), log);
  } catch (error) {
    if (!(error instanceof DataDirLockedError)) throw error;
  }
  const layout = await resolvePostgresLayout(config.dataDir, undefined, config.embeddedPgRoot);
  const url = runningServerUrl(layout.clusterDir, config.dataDir);
  if (url === undefined) {
    throw new Error(
      `an api holds ${config.dataDir} but its PostgreSQL is not running: try again once it has started`,
    );
  }
  log('The api is running: backing up from its database server');
  return { url, apiRunning: true, release: async () => undefined };
}

/**
 * For `npm run restore`: refused while an api runs on DATA_DIR (the lock); the embedded server is
 * started in DATA_DIR (a new folder gets a new cluster), or DATABASE_URL is used.
 */
export async function restoreTarget(config: AppConfig, log: (line: string) => void): Promise<DatabaseTarget> {
  let lock: DataDirLock;
  try {
    lock = acquireDataDirLock(config.dataDir);
  } catch (error) {
    if (error instanceof DataDirLockedError) {
      throw new Error(
        `An api is running on ${config.dataDir} (pid ${error.holder.pid}): stop it before restoring into it`,
        { cause: error },
      );
    }
    throw error;
  }
  if (!config.embeddedDatabase) {
    return { url: config.databaseUrl ?? '', apiRunning: false, release: async () => lock.release() };
  }
  return ownEmbeddedServer(config, lock, log);
}

async function ownEmbeddedServer(
  config: AppConfig,
  lock: DataDirLock,
  log: (line: string) => void,
): Promise<DatabaseTarget> {
  try {
    const server = await startEmbeddedPostgres({
      dataDir: config.dataDir,
      relocationRoot: config.embeddedPgRoot,
      log,
    });
    log(`PostgreSQL (embedded) started, cluster in ${server.layout.clusterDir}`);
    return {
      url: server.url,
      apiRunning: false,
      release: async () => {
        await server.stop();
        lock.release();
      },
    };
  } catch (error) {
    lock.release();
    throw error;
  }
}

/** postmaster.pid: line 1 the pid, line 4 the port. */
function runningServerUrl(clusterDir: string, dataDir: string): string | undefined {
  try {
    const lines = readFileSync(path.join(clusterDir, 'postmaster.pid'), 'utf8').split('\n');
    const pid = Number(lines[0]);
    const port = Number(lines[3]);
    if (!isAlive(pid) || !Number.isInteger(port)) return undefined;
    const password = readFileSync(path.join(dataDir, 'pg-password'), 'utf8').trim();
    return `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/yumiao`;
  } catch {
    return undefined;
  }
}
