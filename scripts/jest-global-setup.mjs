// Once per jest run: when TEST_DATABASE_URL is not set, start PostgreSQL and Mosquitto containers
// where a container runtime answers, else the embedded PostgreSQL (the api's
// own runtime code, built by scripts/test.mjs) in a temporary folder and export its URL as
// TEST_DATABASE_URL; jest workers inherit it, and each test file creates its own database on it.
import { existsSync, mkdtempSync, chmodSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Where the api relocates embedded clusters by default; the suite must leave nothing there. */
export const MACHINE_PG_ROOT = '/var/lib/yumiao';

export function entriesOf(dir) {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

export default async function globalSetup() {
  // Clusters the tests relocate (as root, a DATA_DIR the postgres user cannot enter) go to a
  // folder of this run, which jest workers and the apps they spawn inherit; the teardown removes
  // it and fails the run if anything appeared in the machine's own relocation root.
  globalThis.__yumiaoMachinePgRootBefore = entriesOf(MACHINE_PG_ROOT);
  if (!process.env.EMBEDDED_PG_ROOT) {
    const pgRoot = mkdtempSync(path.join(os.tmpdir(), 'yumiao-test-pgroot-'));
    chmodSync(pgRoot, 0o755);
    process.env.EMBEDDED_PG_ROOT = pgRoot;
    globalThis.__yumiaoTestPgRoot = pgRoot;
  }

  const { loadTestConfig } = await importBuilt('dist/libs/config/src/index.js');
  const testConfig = loadTestConfig();
  if (testConfig.databaseUrl !== undefined) return;

  // Where a container runtime answers, PostgreSQL 15 and Mosquitto 2 run in containers; where none
  // does (it says so within milliseconds), the embedded PostgreSQL below and aedes serve instead.
  const { startContainerServices } = await importBuilt('dist/libs/testing/src/containers.js');
  const containers = await startContainerServices();
  if (containers !== undefined) {
    globalThis.__yumiaoTestContainers = containers;
    process.env.TEST_DATABASE_URL = containers.databaseUrl;
    if (testConfig.mqttUrl === undefined) process.env.TEST_MQTT_URL = containers.mqttUrl;
    process.stdout.write(`\nTest services in containers: ${containers.databaseUrl}, ${containers.mqttUrl}\n`);
    return;
  }

  const { startEmbeddedPostgres } = await importBuilt('dist/apps/api/src/runtime/embedded-postgres.js');
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'yumiao-test-pg-'));
  // mkdtemp makes it 0700; as root the server runs as `postgres`, which must enter it.
  chmodSync(dataDir, 0o755);
  const started = Date.now();
  const server = await startEmbeddedPostgres({ dataDir, database: 'postgres' });
  globalThis.__yumiaoTestPostgres = { server, dataDir };
  process.env.TEST_DATABASE_URL = server.url;
  process.stdout.write(
    `\nEmbedded PostgreSQL for the tests on port ${server.port} (${Date.now() - started} ms)\n`,
  );
}

async function importBuilt(relative) {
  const file = path.join(root, relative);
  if (!existsSync(file)) {
    throw new Error(
      `${relative} is missing: run the tests through \`npm test\` (it builds first) or \`npm run build\``,
    );
  }
  return import(pathToFileURL(file).href);
}
