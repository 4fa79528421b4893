import type { ChildProcess } from 'node:child_process';
import { readdirSync, readlinkSync, realpathSync } from 'node:fs';
import { constants } from 'node:os';
import path from 'node:path';
import { isAlive, processName, sleep, waitForExit } from './process-info.js';

/** What happened to the supervised PostgreSQL server, for readiness, pages and system events. */
export type DatabaseServerEvent =
  | { readonly kind: 'stopped'; readonly cause: string; readonly at: number }
  | { readonly kind: 'restarting'; readonly attempt: number; readonly at: number }
  | { readonly kind: 'back'; readonly downMs: number; readonly attempts: number; readonly at: number }
  | {
      readonly kind: 'unrecoverable';
      readonly cause: string;
      readonly attempts: number;
      readonly downMs: number;
      readonly at: number;
    };

export interface DatabaseServerWatch {
  /** Listens to the server's events; returns the function that stops listening. */
  onEvent(listener: (event: DatabaseServerEvent) => void): () => void;
}

export interface SupervisorOptions {
  /** The running server, our own child: its `exit` is the death signal. */
  readonly first: ChildProcess;
  /** Starts the server again on the same port and resolves once it accepts connections. */
  readonly restart: () => Promise<ChildProcess>;
  /** Ends what the dead server left behind (its backends); see {@link reapOrphanBackends}. */
  readonly reapOrphans: () => Promise<void>;
  readonly log: (line: string) => void;
  /** After this many failed restarts in a row the supervisor gives up. */
  readonly maxAttempts?: number;
  /** Wait before attempt n (1-based); the first follows at once. */
  readonly backoffMs?: (attempt: number) => number;
  readonly now?: () => number;
}

export interface PostgresSupervisor extends DatabaseServerWatch {
  /** The pid of the server running now (0 while none runs). */
  readonly pid: number;
  /** Stops supervising and stops the server (fast shutdown, then immediate). */
  stop(): Promise<void>;
}

export const RESTART_ATTEMPTS = 5;
const defaultBackoff = (attempt: number): number =>
  attempt <= 1 ? 0 : Math.min(8_000, 1_000 * 2 ** (attempt - 2));

/**
 * Keeps the embedded PostgreSQL running: when the postmaster exits without being asked to (an OOM
 * kill, a crash, `kill -9`), it waits for the dead server's backends to end, starts it again on
 * the same port (the pool's URL holds it; crash recovery replays the WAL) and says so in one line
 * per step. After {@link RESTART_ATTEMPTS} failures in a row it reports `unrecoverable` and stops
 * trying: the api then exits non-zero for the service manager to restart the whole stack.
 */
export function supervisePostgres(options: SupervisorOptions): PostgresSupervisor {
  const maxAttempts = options.maxAttempts ?? RESTART_ATTEMPTS;
  const backoff = options.backoffMs ?? defaultBackoff;
  const now = options.now ?? Date.now;
  const listeners = new Set<(event: DatabaseServerEvent) => void>();
  let current: ChildProcess | undefined = options.first;
  let stopping = false;
  let recovering: Promise<void> | undefined;

  const emit = (event: DatabaseServerEvent): void => {
    for (const listener of listeners) listener(event);
  };

  const watch = (child: ChildProcess): void => {
    child.once('exit', (code, signal) => {
      if (current === child) current = undefined;
      if (stopping) return;
      const cause = signal !== null ? `signal ${signalNumber(signal)}` : `exit code ${code ?? '?'}`;
      recovering = recover(cause);
    });
  };

  const recover = async (cause: string): Promise<void> => {
    const downAt = now();
    emit({ kind: 'stopped', cause, at: downAt });
    let lastError = cause;
    for (let attempt = 1; attempt <= maxAttempts; attempt += 1) {
      if (stopping) return;
      options.log(
        attempt === 1
          ? `database stopped (${cause}); restarting, attempt 1`
          : `database restart attempt ${attempt - 1} failed (${lastError}); attempt ${attempt} in ${(backoff(attempt) / 1000).toFixed(0)} s`,
      );
      await sleep(backoff(attempt));
      if (stopping) return;
      emit({ kind: 'restarting', attempt, at: now() });
      try {
        await options.reapOrphans();
        const child = await options.restart();
        if (stopping) {
          child.kill('SIGINT');
          return;
        }
        current = child;
        watch(child);
        const downMs = now() - downAt;
        options.log(`database back after ${(downMs / 1000).toFixed(1)} s`);
        emit({ kind: 'back', downMs, attempts: attempt, at: now() });
        return;
      } catch (error) {
        lastError = firstLine(error);
      }
    }
    options.log(
      `database could not be restarted: ${maxAttempts} attempts failed, the last with: ${lastError}`,
    );
    emit({
      kind: 'unrecoverable',
      cause: lastError,
      attempts: maxAttempts,
      downMs: now() - downAt,
      at: now(),
    });
  };

  watch(options.first);

  return {
    get pid() {
      return current?.pid ?? 0;
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async stop() {
      stopping = true;
      await recovering;
      const child = current;
      if (child?.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGINT');
      const timeout = sleep(20_000).then(() => 'timeout' as const);
      if ((await Promise.race([exited, timeout])) === 'timeout') {
        child.kill('SIGQUIT');
        await waitForExit(child.pid, 5_000);
      }
    },
  };
}

/**
 * The backends of a killed postmaster notice its death and exit on their own, usually within
 * milliseconds; while one lives it holds the old shared memory and a new postmaster refuses to
 * start. They are found by name and working directory (every PostgreSQL process runs in its data
 * directory) and killed after `graceMs`.
 */
export async function reapOrphanBackends(clusterDir: string, graceMs = 3_000): Promise<number[]> {
  const deadline = Date.now() + graceMs;
  let left = clusterProcesses(clusterDir);
  while (left.length > 0 && Date.now() < deadline) {
    await sleep(50);
    left = left.filter((pid) => isAlive(pid));
  }
  for (const pid of left) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone meanwhile
    }
  }
  for (const pid of left) await waitForExit(pid, 2_000);
  return left;
}

/** Live `postgres` processes whose working directory is the cluster. */
export function clusterProcesses(clusterDir: string): number[] {
  let wanted: string;
  try {
    wanted = realpathSync(clusterDir);
  } catch {
    return [];
  }
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isSafeInteger(pid) || pid === process.pid || processName(pid) !== 'postgres') continue;
    try {
      if (path.resolve(readlinkSync(`/proc/${pid}/cwd`)) === wanted && isAlive(pid)) found.push(pid);
    } catch {
      // exited, or another user's process we may not inspect
    }
  }
  return found;
}

function signalNumber(signal: NodeJS.Signals): string {
  return String(constants.signals[signal] ?? signal);
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0]?.slice(0, 300) ?? '';
}
