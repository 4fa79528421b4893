/**
 * `npm run migration:run | revert | generate -- Name | check`, on the built JavaScript (TypeORM's
 * CLI under ESM needs ts-node's fragile loader; this uses the same data source as the app).
 *
 * The database: DATABASE_URL, else TEST_DATABASE_URL, else an embedded PostgreSQL in a temporary
 * folder. `check` and `generate` migrate a scratch database from empty, then compare with the
 * entities.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, loadAppConfig, loadTestConfig } from '#config';
import { createDataSource } from './data-source.js';
import { pendingSchemaChanges } from './schema-drift.js';
import { createScratchDatabase } from './scratch-database.js';
import { startScratchPostgres } from './scratch-postgres.js';

type Command = 'run' | 'revert' | 'generate' | 'check';

async function serverUrl(): Promise<{ url: string; stop(): Promise<void> }> {
  const app = loadAppConfig();
  const test = loadTestConfig();
  const url = app.databaseUrl ?? test.databaseUrl;
  if (url !== undefined) return { url, stop: async () => {} };
  return startScratchPostgres({ relocationRoot: app.embeddedPgRoot });
}

async function withScratchDatabase<T>(work: (url: string) => Promise<T>): Promise<T> {
  const server = await serverUrl();
  try {
    const scratch = await createScratchDatabase(server.url, 'migration_check');
    try {
      return await work(scratch.url);
    } finally {
      await scratch.drop();
    }
  } finally {
    await server.stop();
  }
}

async function migratedDrift(url: string): Promise<{ up: string[]; down: string[] }> {
  const dataSource = createDataSource(url, { poolSize: 2, applicationName: 'yumiao-migration-cli' });
  await dataSource.initialize();
  try {
    await dataSource.runMigrations({ transaction: 'each' });
    return await pendingSchemaChanges(dataSource);
  } finally {
    await dataSource.destroy();
  }
}

function migrationSource(className: string, up: string[], down: string[]): string {
  const lines = (queries: string[]) =>
    queries.map((query) => `    await queryRunner.query(${JSON.stringify(query)});`).join('\n');
  return `import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ${className} implements MigrationInterface {
  name = '${className}';

  async up(queryRunner: QueryRunner): Promise<void> {
${lines(up)}
  }

  async down(queryRunner: QueryRunner): Promise<void> {
${lines([...down].reverse())}
  }
}
`;
}

async function main(command: Command, argument: string | undefined): Promise<number> {
  switch (command) {
    case 'run':
    case 'revert': {
      const server = await serverUrl();
      const dataSource = createDataSource(server.url, {
        poolSize: 2,
        applicationName: 'yumiao-migration-cli',
      });
      await dataSource.initialize();
      try {
        if (command === 'run') {
          const ran = await dataSource.runMigrations({ transaction: 'each' });
          console.log(
            ran.length === 0 ? 'No pending migrations.' : `Ran ${ran.map((m) => m.name).join(', ')}`,
          );
        } else {
          await dataSource.undoLastMigration({ transaction: 'each' });
          console.log('Reverted the last migration.');
        }
      } finally {
        await dataSource.destroy();
        await server.stop();
      }
      return 0;
    }
    case 'check': {
      const drift = await withScratchDatabase(migratedDrift);
      if (drift.up.length === 0) {
        console.log('migration:check: entities and migrations agree.');
        return 0;
      }
      console.error('migration:check: the entities differ from the migrations. Missing SQL:');
      for (const query of drift.up) console.error(`  ${query};`);
      console.error('Run `npm run migration:generate -- SomeName` and review the file it writes.');
      return 1;
    }
    case 'generate': {
      if (argument === undefined || !/^[A-Z][A-Za-z0-9]+$/.test(argument)) {
        console.error('Usage: npm run migration:generate -- PascalCaseName');
        return 2;
      }
      const drift = await withScratchDatabase(migratedDrift);
      if (drift.up.length === 0) {
        console.log('No changes: entities and migrations agree.');
        return 0;
      }
      const timestamp = Date.now();
      const className = `${argument}${timestamp}`;
      const here = path.dirname(fileURLToPath(import.meta.url));
      // Built file lives in dist/apps/api/src/database; write the source next to the others.
      const sourceDir = path.resolve(here, '../../../../../apps/api/src/database/migrations');
      const file = path.join(
        sourceDir,
        `${timestamp}-${argument.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase()}.ts`,
      );
      await writeFile(file, migrationSource(className, drift.up, drift.down));
      console.log(`Wrote ${path.relative(process.cwd(), file)}; add ${className} to migrations/index.ts.`);
      return 0;
    }
  }
}

const [command, argument] = process.argv.slice(2) as [string | undefined, string | undefined];
if (command !== 'run' && command !== 'revert' && command !== 'generate' && command !== 'check') {
  console.error('Usage: migration-cli run | revert | generate Name | check');
  process.exit(2);
}
main(command, argument).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof ConfigError ? error.message : error);
    process.exit(1);
  },
);
