import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres } from '../runtime/embedded-postgres.js';

/**
 * A throwaway embedded PostgreSQL for `migration:check` / `migration:generate` when no database
 * URL is configured (a fresh machine, CI's first pass): started in a temporary folder, removed
 * again by stop().
 */
export async function startScratchPostgres(
  settings?: Readonly<Record<string, string>>,
): Promise<{ url: string; stop(): Promise<void> }> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'yumiao-migration-pg-'));
  // mkdtemp makes it 0700; as root the server runs as `postgres`, which must enter it.
  chmodSync(dataDir, 0o755);
  const server = await startEmbeddedPostgres({ dataDir, database: 'postgres', settings });
  return {
    url: server.url,
    async stop() {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
