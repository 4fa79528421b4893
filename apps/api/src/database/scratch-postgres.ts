/**
 * A throwaway embedded PostgreSQL for `migration:check` when no database URL is configured.
 * TODO(lead): wire to runtime/embedded-postgres.ts once it lands.
 */
export async function startScratchPostgres(): Promise<{ url: string; stop(): Promise<void> }> {
  throw new Error('No database: set DATABASE_URL or TEST_DATABASE_URL');
}
