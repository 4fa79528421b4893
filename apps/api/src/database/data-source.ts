import pg from 'pg';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities.js';
import { MIGRATIONS } from './migrations/index.js';
import { SnakeNamingStrategy } from './snake-naming.strategy.js';

// Calendar dates (`date`) stay 'YYYY-MM-DD' strings in raw queries too: node-postgres would turn
// them into a JavaScript Date at local midnight, shifting a sowing date across time zones.
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);

/**
 * The one data source definition, used by the app, the migration CLI and the tests alike.
 * The schema changes only through migrations: `synchronize` stays false everywhere.
 */
export function dataSourceOptions(
  url: string,
  extra: { poolSize?: number; applicationName?: string } = {},
): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    // gen_random_uuid() is built into PostgreSQL 13+: no extension to install (the embedded
    // server and managed databases may not allow CREATE EXTENSION).
    uuidExtension: 'pgcrypto',
    installExtensions: false,
    namingStrategy: new SnakeNamingStrategy(),
    poolSize: extra.poolSize ?? 10,
    applicationName: extra.applicationName ?? 'yumiao-api',
    // Instants are timestamptz and calendar dates are `date`: keep `date` as 'YYYY-MM-DD' strings
    // so a sowing date never shifts by a time zone on its way through JavaScript.
    parseInt8: true,
  };
}

export function createDataSource(
  url: string,
  extra?: { poolSize?: number; applicationName?: string },
): DataSource {
  return new DataSource(dataSourceOptions(url, extra));
}

/** Runs pending migrations on a database and closes the connection. */
export async function migrateDatabase(url: string): Promise<void> {
  const dataSource = createDataSource(url, { poolSize: 2, applicationName: 'yumiao-migrate' });
  await dataSource.initialize();
  try {
    await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await dataSource.destroy();
  }
}
