import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stopStaleServer } from '../runtime/data-dir-lock.js';
import { startEmbeddedPostgres } from '../runtime/embedded-postgres.js';

export interface ScratchPostgresOptions {
  /**
   * EMBEDDED_PG_ROOT (config.embeddedPgRoot): as root, when the `postgres` user cannot reach
   * node_modules, the PostgreSQL programs are copied there, never to a place the operator did not set.
   */
  readonly relocationRoot: string;
  readonly settings?: Readonly<Record<string, string>>;
  /**
   * A folder of the caller's own, the same at every run (the restore check's, per data folder):
   * what a run that died left in it (a running server included) is stopped and removed first.
   * Without it, a new temporary folder.
   */
  readonly folder?: string;
}

/**
 * A throwaway embedded PostgreSQL for `migration:check` / `migration:generate` when no database
 * URL is configured (a fresh machine, CI's first pass), the backup's restore check and the
 * benchmarks: started in a temporary folder, removed again by stop().
 */
export async function startScratchPostgres(
  options: ScratchPostgresOptions,
): Promise<{ url: string; stop(): Promise<void> }> {
  let dataDir: string;
  if (options.folder === undefined) {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'yumiao-migration-pg-'));
  } else {
    await removeScratchFolder(options.folder);
    dataDir = options.folder;
    mkdirSync(dataDir, { recursive: true });
  }
  // mkdtemp makes it 0700; as root the server runs as `postgres`, which must enter it.
  chmodSync(dataDir, 0o755);
  const server = await startEmbeddedPostgres({
    dataDir,
    database: 'postgres',
    settings: options.settings,
    relocationRoot: options.relocationRoot,
    // Never restarted: a scratch server that dies should fail its check, not come back. And a
    // supervisor restarting it while removeScratchFolder deletes the folder wrote new files into
    // it under the removal (ENOTEMPTY in CI, whatever the retries).
    restartAttempts: 0,
  });
  return {
    url: server.url,
    async stop() {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Removes a scratch folder a run left behind when it died (SIGKILL, a crash, a power cut) before
 * its stop(): the server still running on it is stopped first (nothing else would ever stop it).
 * Answers the pid of that server, if there was one.
 */
export async function removeScratchFolder(
  folder: string,
  log: (line: string) => void = () => undefined,
): Promise<number | undefined> {
  const stopped = await stopStaleServer(path.join(folder, 'pg'), log);
  // A server that was just stopped may still be removing its own files (postmaster.pid, sockets):
  // a removal that meets a folder emptied under it retries instead of failing.
  rmSync(folder, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
  return stopped;
}
