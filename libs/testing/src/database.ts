import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { loadTestConfig } from '#config';

export interface TestDatabase {
  /** postgres://... of a database made for this test file only. */
  readonly url: string;
  readonly name: string;
  /** Drops the database (closing any connection still open on it). */
  drop(): Promise<void>;
}

/** Applies the schema to a database; the api's data source provides it (migrations only). */
export type Migrator = (url: string) => Promise<void>;

export interface UseTestDatabaseOptions {
  /** Run the migrations on the new database before returning it. */
  readonly migrate?: Migrator;
}

/**
 * A fresh database `t_<random>` for one test file, on TEST_DATABASE_URL's server when set, else on
 * the embedded PostgreSQL that scripts/jest-global-setup.mjs starts once per jest run (it exports
 * its URL as TEST_DATABASE_URL for the workers). Call in beforeAll; drop() in afterAll.
 */
export async function useTestDatabase(options: UseTestDatabaseOptions = {}): Promise<TestDatabase> {
  const server = serverUrl();
  const name = `t_${randomBytes(6).toString('hex')}`;
  await onServer(server, (client) => client.query(`create database ${name}`));
  const url = withDatabase(server, name);
  let dropped = false;
  const database: TestDatabase = {
    url,
    name,
    async drop() {
      if (dropped) return;
      dropped = true;
      // WITH (FORCE) (PostgreSQL 13+) ends connections a pool forgot to close.
      await onServer(server, (client) => client.query(`drop database if exists ${name} with (force)`));
    },
  };
  if (options.migrate !== undefined) {
    try {
      await migrateTestDatabase(url, options.migrate);
    } catch (error) {
      await database.drop();
      throw error;
    }
  }
  return database;
}

/** The hook point for the schema: runs the given migrator and names the database on failure. */
export async function migrateTestDatabase(url: string, migrate: Migrator): Promise<void> {
  try {
    await migrate(url);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`Migrating the test database ${new URL(url).pathname.slice(1)} failed: ${message}`, {
      cause: error,
    });
  }
}

function serverUrl(): string {
  const url = loadTestConfig().databaseUrl;
  if (url === undefined) {
    throw new Error(
      'No test PostgreSQL: run the tests through `npm test` (which starts an embedded one) ' +
        'or set TEST_DATABASE_URL=postgres://user@host:port/db',
    );
  }
  return url;
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** Runs `work` on one short-lived connection to `url`. */
export async function onServer<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
