import { loadAppConfig, loadTestConfig } from '#config';
import { startScratchPostgres } from '../apps/api/src/database/scratch-postgres.js';

/**
 * Runs a benchmark against BENCH_DATABASE_URL, DATABASE_URL or TEST_DATABASE_URL, or, with none
 * set, a PostgreSQL of its own (embedded, as `npm start` runs), stopped afterwards.
 */
export async function withBenchPostgres(measure: (serverUrl: string) => Promise<void>): Promise<void> {
  const configured =
    process.env['BENCH_DATABASE_URL'] ?? loadAppConfig().databaseUrl ?? loadTestConfig().databaseUrl;
  if (configured !== undefined) return measure(configured);
  const scratch = await startScratchPostgres({ relocationRoot: loadAppConfig().embeddedPgRoot });
  try {
    await measure(scratch.url);
  } finally {
    await scratch.stop();
  }
}
