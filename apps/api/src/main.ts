import 'reflect-metadata';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { ConfigError, loadAppConfig, redact, type AppConfig } from '#config';
import { createClock } from '#contracts';
import { createApp } from './app.factory.js';
import { backupBeforeMigrations } from './backup/pre-migration-backup.js';
import { acquireDataDirLock, DataDirLockedError } from './runtime/data-dir-lock.js';
import { startEmbeddedBroker } from './runtime/embedded-broker.js';
import { startEmbeddedPostgres } from './runtime/embedded-postgres.js';
import { waitForDatabase } from './runtime/wait-for-database.js';
import { isFree, portInUse, PortInUseError } from '#net';
import type { RuntimeServices } from './runtime/runtime-services.js';
import { createShutdown, exitOnSignals } from './runtime/shutdown.js';
import { startSimulator } from './runtime/simulator-process.js';
import { dashboardUrls, privateLanAddresses } from './system/lan-addresses.js';
import { lanBanner } from './system/lan-banner.js';

// Boots, and nothing else: config -> DATA_DIR lock -> PostgreSQL and broker (embedded or external)
// -> clock -> Nest app -> listen -> simulator, and the ordered stop on SIGINT/SIGTERM.

const say = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

async function main(): Promise<void> {
  let config: AppConfig;
  try {
    config = loadAppConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }

  // Fail before starting anything when a port we must bind is taken (PORT 0 means "any").
  if (config.port !== 0 && !(await isFree(config.port, config.httpHost))) {
    await failWith(await portInUse(config.port, 'PORT', Object.assign(new Error(), { code: 'EADDRINUSE' })));
  }
  if (
    config.embeddedBroker &&
    config.mqtt.port !== 0 &&
    !(await isFree(config.mqtt.port, config.mqtt.host))
  ) {
    await failWith(
      await portInUse(config.mqtt.port, 'MQTT_PORT', Object.assign(new Error(), { code: 'EADDRINUSE' })),
    );
  }

  const shutdown = createShutdown(say);
  exitOnSignals(shutdown, say);
  const lines: string[] = [];

  try {
    const lock = acquireDataDirLock(config.dataDir);
    shutdown.add('lock', 'the DATA_DIR lock', () => lock.release());
    if (lock.clearedStale) say(`Cleared a stale lock left in ${config.dataDir} by a stopped process`);

    let databaseUrl: string;
    let databaseServer: RuntimeServices['databaseServer'];
    let databaseLocation: RuntimeServices['databaseLocation'];
    if (config.embeddedDatabase) {
      say('Starting the embedded PostgreSQL...');
      const database = await startEmbeddedPostgres({
        dataDir: config.dataDir,
        relocationRoot: config.embeddedPgRoot,
        log: say,
        logMaxBytes: config.disk.postgresLogMb * 1024 * 1024,
      });
      shutdown.add('database', 'PostgreSQL', () => database.stop());
      databaseUrl = database.url;
      databaseServer = database.watch;
      databaseLocation = {
        clusterDir: database.layout.clusterDir,
        binariesDir: database.layout.nativeDir,
        logFile: database.logFile,
      };
      lines.push(
        `PostgreSQL (embedded) on 127.0.0.1:${database.port}, cluster in ${database.layout.clusterDir}`,
        `  binaries in ${database.layout.nativeDir}`,
      );
      if (database.layout.relocatedTo !== undefined) {
        lines.push(
          `  (the postgres user cannot enter ${config.dataDir}: its cluster lives in ${database.layout.relocatedTo})`,
        );
      }
    } else {
      databaseUrl = config.databaseUrl ?? '';
      lines.push(`PostgreSQL: ${redact(databaseUrl)}`);
      if (!(await waitForDatabase(databaseUrl, say, () => shutdown.requested))) return shutdown.booted();
    }
    if (shutdown.requested) return shutdown.booted();

    let broker: RuntimeServices['broker'];
    if (config.embeddedBroker) {
      const embedded = await startEmbeddedBroker({
        host: config.mqtt.host,
        port: config.mqtt.port,
        log: say,
      });
      shutdown.add('broker', 'the MQTT broker', () => embedded.close());
      broker = { kind: 'embedded', broker: embedded, url: embedded.url };
      lines.push(`MQTT broker (embedded, MQTT 3.1.1) on ${embedded.url}`);
    } else {
      broker = {
        kind: 'external',
        url: config.mqtt.url ?? '',
        username: config.mqtt.username,
        password: config.mqtt.password,
      };
      lines.push(`MQTT broker: ${redact(broker.url)}`);
    }
    if (shutdown.requested) return shutdown.booted();

    const accountsFile = path.join(config.dataDir, 'demo-accounts.json');
    const accountsExisted = existsSync(accountsFile);
    const services: RuntimeServices = {
      databaseUrl,
      broker,
      clock: createClock(config.testClock),
      databaseServer,
      databaseLocation,
      exit: (reason, code) => void shutdown.run(reason, code),
    };
    // The app runs the migrations as it starts: an update's migrations on real data come after a backup.
    await backupBeforeMigrations({ databaseUrl, config, now: services.clock.now(), log: say });
    if (shutdown.requested) return shutdown.booted();
    const app = await createApp(config, services);
    shutdown.add('app', 'the Nest application', () => app.close());
    if (shutdown.requested) return shutdown.booted();

    try {
      await app.listen(config.port, config.httpHost);
    } catch (error) {
      throw await portInUse(config.port, 'PORT', error);
    }
    const httpServer = app.getHttpServer() as {
      address(): AddressInfo | string | null;
    };
    const address = httpServer.address();
    const port = address !== null && typeof address === 'object' ? address.port : config.port;
    const base = `http://localhost:${port}`;

    if (config.simulator) {
      const simulator = await startSimulator({
        brokerUrl: broker.url,
        devicesFile: path.join(config.dataDir, 'simulator-devices.json'),
        pidFile: path.join(config.dataDir, 'simulator.pid'),
        log: say,
      });
      if (simulator !== undefined) {
        shutdown.add('simulator', 'the simulator', () => simulator.stop());
        lines.push(
          `Simulator running (pid ${simulator.pid}), devices from ${config.dataDir}/simulator-devices.json`,
        );
      }
    }

    say('');
    say(`Yumiao is running: dashboard ${base}/  API docs ${base}/api/docs`);
    for (const line of lines) say(line);
    say(`Data in ${config.dataDir}`);
    for (const line of lanBanner({
      urls: dashboardUrls(config.dashboardUrl, privateLanAddresses(), port),
      brokerHost: config.embeddedBroker ? config.mqtt.host : undefined,
    }))
      say(line);
    printDemoAccounts(accountsFile, !accountsExisted);
    say('Press Ctrl-C to stop.');
    shutdown.booted();
  } catch (error) {
    await failWith(error, () => shutdown.run('the boot failed', 1));
  }
}

function printDemoAccounts(file: string, justCreated: boolean): void {
  if (!existsSync(file)) return;
  if (!justCreated) {
    say(`Demo accounts: ${file}`);
    return;
  }
  try {
    const accounts = JSON.parse(readFileSync(file, 'utf8')) as {
      phone: string;
      password: string;
      role: string;
      name: string;
    }[];
    say(`Demo accounts (created now; also in ${file}):`);
    for (const account of accounts) {
      say(`  ${account.role.padEnd(10)} ${account.phone}  password ${account.password}  (${account.name})`);
    }
  } catch {
    say(`Demo accounts: ${file}`);
  }
}

/** Known boot failures print one line; anything else prints its stack. Then exit 1. */
async function failWith(error: unknown, cleanUp?: () => Promise<void>): Promise<never> {
  if (error instanceof PortInUseError || error instanceof DataDirLockedError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(
      `Yumiao could not start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
  }
  if (cleanUp !== undefined) await cleanUp();
  process.exit(1);
}

await main();
