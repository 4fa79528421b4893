import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import {
  isAlive,
  processCommandLine,
  processName,
  processStartTime,
  sleep,
  waitForExit,
} from './process-info.js';

/** What the lock file holds: enough to tell our own live process from a stale record. */
export interface LockRecord {
  readonly pid: number;
  /** /proc start time of the pid (clock ticks since boot): tells a reused pid from ours. */
  readonly startTime: string | undefined;
  readonly startedAt: string;
}

export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holder: LockRecord,
  ) {
    super(
      `Another Yumiao process (pid ${holder.pid}, started ${holder.startedAt}) is using DATA_DIR ${dataDir}: ` +
        'stop it first, or set DATA_DIR to another folder',
    );
    this.name = 'DataDirLockedError';
  }
}

export interface DataDirLock {
  readonly file: string;
  /** True when a lock left by a dead (or killed) process was found and cleared. */
  readonly clearedStale: boolean;
  release(): void;
}

export const LOCK_FILE_NAME = 'yumiao.lock';

/**
 * One process per data directory. The lock file is created with O_EXCL, so two processes racing
 * for it cannot both win; a lock whose pid is dead, or whose pid now belongs to another program
 * (different start time), is stale and is cleared.
 */
export function acquireDataDirLock(dataDir: string, pid: number = process.pid): DataDirLock {
  mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, LOCK_FILE_NAME);
  let clearedStale = false;
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const record: LockRecord = {
      pid,
      startTime: processStartTime(pid),
      startedAt: new Date().toISOString(),
    };
    try {
      const fd = openSync(file, 'wx', 0o644);
      writeSync(fd, `${JSON.stringify(record)}\n`);
      closeSync(fd);
      let released = false;
      return {
        file,
        clearedStale,
        release: () => {
          if (released) return;
          released = true;
          // Only remove the file if it is still ours (a forced takeover may have replaced it).
          if (readLock(file)?.pid === pid) rmSync(file, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = readLock(file);
    if (holder !== undefined && isLockHolderAlive(holder)) throw new DataDirLockedError(dataDir, holder);
    rmSync(file, { force: true });
    clearedStale = true;
  }
  throw new Error(`Could not take the lock ${file}: it keeps reappearing`);
}

export function readLock(file: string): LockRecord | undefined {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<LockRecord>;
    if (typeof parsed.pid !== 'number') return undefined;
    return {
      pid: parsed.pid,
      startTime: parsed.startTime,
      startedAt: parsed.startedAt ?? 'unknown',
    };
  } catch {
    // Unreadable or half-written (the writer died between open and write): treat as stale.
    return undefined;
  }
}

export function isLockHolderAlive(holder: LockRecord): boolean {
  if (!isAlive(holder.pid)) return false;
  const startTime = processStartTime(holder.pid);
  // No /proc (not Linux): the pid is all we have.
  if (startTime === undefined || holder.startTime === undefined) return true;
  return startTime === holder.startTime;
}

/**
 * A PostgreSQL server left running by an api that was killed (SIGKILL) still holds the cluster:
 * its postmaster.pid names a live `postgres` whose command line points at this cluster. Call only
 * while holding the data-directory lock (so the server cannot belong to a live api) to stop it.
 * Returns the pid that was stopped, if any.
 */
export async function stopStaleServer(
  clusterDir: string,
  log: (line: string) => void,
): Promise<number | undefined> {
  let pid: number;
  try {
    pid = Number(readFileSync(path.join(clusterDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  } catch {
    return undefined;
  }
  if (!isAlive(pid) || !isPostmasterOf(pid, clusterDir)) {
    removeStalePidFile(clusterDir, pid, log);
    return undefined;
  }
  log(`Stopping a PostgreSQL server (pid ${pid}) left running by a previous run on ${clusterDir}`);
  // SIGINT is PostgreSQL's "fast" shutdown: roll back open transactions, checkpoint, exit.
  process.kill(pid, 'SIGINT');
  if (await waitForExit(pid, 20_000)) return pid;
  // SIGQUIT: immediate shutdown; the next start replays the WAL, so no committed data is lost.
  process.kill(pid, 'SIGQUIT');
  if (await waitForExit(pid, 5_000)) return pid;
  process.kill(pid, 'SIGKILL');
  await waitForExit(pid, 5_000);
  await sleep(100);
  return pid;
}

/**
 * The postmaster.pid of a server that is gone. PostgreSQL refuses to start while the pid it names
 * answers kill(0), which a dead server still does as an unreaped zombie (the whole tree killed at
 * once: the api that would reap it died too), and which an unrelated process of the same user does
 * after a reboot hands out the pid again. No server of this cluster runs (checked above, and the
 * data-directory lock keeps other apis out), so the file is removed, as PostgreSQL's own docs say
 * to do for a stale lock file.
 */
function removeStalePidFile(clusterDir: string, pid: number, log: (line: string) => void): void {
  let exists = Number.isSafeInteger(pid) && pid > 0;
  try {
    if (exists) process.kill(pid, 0);
  } catch (error) {
    exists = (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  if (!exists) return;
  rmSync(path.join(clusterDir, 'postmaster.pid'), { force: true });
  log(`Removed a stale postmaster.pid: pid ${pid} is no PostgreSQL server of ${clusterDir} any more`);
}

function isPostmasterOf(pid: number, clusterDir: string): boolean {
  if (processName(pid) !== 'postgres') return false;
  const args = processCommandLine(pid);
  const index = args.indexOf('-D');
  if (index < 0) return false;
  return path.resolve(args[index + 1] ?? '') === path.resolve(clusterDir);
}
