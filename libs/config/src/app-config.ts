import path from 'node:path';
import { NURSERY_TIME_ZONE } from '#contracts';
import { EnvReader, type Env } from './env-parsers.js';

/**
 * The api's configuration, loaded once at boot. Embedded mode (no DATABASE_URL / MQTT_URL) starts
 * its own PostgreSQL and aedes broker; with both URLs set it starts nothing embedded.
 */
export interface AppConfig {
  readonly port: number;
  readonly httpHost: string;
  /**
   * The dashboard's address for phones when the nursery gave the PC a name or a fixed address
   * (`DASHBOARD_URL=http://yumiao.lan:3000/`): listed first and drawn as the QR code. Unset: the
   * PC's private LAN addresses are used.
   */
  readonly dashboardUrl: string | undefined;
  readonly dataDir: string;
  /** Unset in embedded mode: the embedded PostgreSQL's URL is known only once it runs. */
  readonly databaseUrl: string | undefined;
  readonly mqtt: {
    readonly url: string | undefined;
    readonly username: string | undefined;
    readonly password: string | undefined;
    /**
     * The dynamic security plugin's admin account (MQTT_DYNSEC_USERNAME / MQTT_DYNSEC_PASSWORD);
     * unset, the one `npm run mosquitto:migrate-dynsec` kept in DATA_DIR, if any.
     */
    readonly dynsecUsername: string | undefined;
    readonly dynsecPassword: string | undefined;
    /** Where the embedded broker listens (embedded mode only). */
    readonly host: string;
    readonly port: number;
  };
  readonly embeddedDatabase: boolean;
  /**
   * Where the embedded cluster (and a copy of the binaries) go when the `postgres` user cannot
   * enter DATA_DIR, as root in a private home: persistent, not /var/tmp.
   */
  readonly embeddedPgRoot: string;
  readonly embeddedBroker: boolean;
  readonly demoSeed: boolean;
  readonly simulator: boolean;
  readonly siteCode: string;
  /**
   * Who the manager calls when the 系统状态 card says to (`ENGINEER_PHONE`, set by whoever installs
   * the PC); unset: the card says only "联系工程师".
   */
  readonly engineerPhone: string | undefined;
  readonly jwtSecret: string | undefined;
  readonly accessTokenTtlSeconds: number;
  readonly refreshTokenTtlDays: number;
  readonly admin: { readonly phone: string; readonly password: string } | undefined;
  readonly rawRetentionDays: number;
  /** Telemetry ingest batching and back-pressure (apps/api/src/telemetry). */
  readonly ingest: {
    /** Flush a batch at this many readings... */
    readonly batchRows: number;
    /** ...or this many milliseconds after its first message. */
    readonly flushMs: number;
    /** Messages received but not yet committed before the consumer stops reading. */
    readonly maxQueuedMessages: number;
    /** Batches written concurrently (separate transactions). */
    readonly writers: number;
    /** Consumer connections to an external broker; more than one share `$share/<MQTT_CLIENT_ID>/...`. */
    readonly consumers: number;
    /** The external-broker consumer's fixed client id (its persistent session). */
    readonly clientId: string;
  };
  readonly nurseryTimeZone: string;
  /** A 4G/GSM modem's AT port for SMS and calls (`SMS_MODEM=/dev/ttyUSB2`); unset: no modem. */
  readonly smsModem: { readonly path: string; readonly baudRate: number } | undefined;
  /** Backups the api writes itself (apps/api/src/backup). */
  readonly backup: {
    /** Where archives go; default DATA_DIR/backups. */
    readonly dir: string;
    /** BACKUP_DIR is a removable stick: a backup first checks it is mounted (another device). */
    readonly removable: boolean;
    /** Nightly backup time, nursery time, 'HH:MM'. */
    readonly time: string;
    /** Archives are cut into volumes below this size (FAT32 sticks refuse files of 4 GiB). */
    readonly volumeBytes: number;
  };
  /**
   * The disk watch (apps/api/src/disk): a volume of DATA_DIR, the cluster or BACKUP_DIR is at a
   * level when its free space is below the percentage of its size or the size in MB, whichever
   * comes first. From the warning level old raw readings and old backups are shed.
   */
  readonly disk: {
    readonly warningPercent: number;
    readonly warningMb: number;
    readonly criticalPercent: number;
    readonly criticalMb: number;
    /** postgres.log is cut at this size, keeping one older file: at most twice this on disk. */
    readonly postgresLogMb: number;
  };
  readonly corsOrigins: readonly string[] | true;
  /**
   * The site is only ever reached over HTTPS (a proxy in front that is not on loopback): send HSTS
   * and `upgrade-insecure-requests` on every answer. Off, they go only on requests that came over HTTPS.
   */
  readonly httpsOnly: boolean;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Simulated time for tests and demos: time = start + (wall - anchor) x speed. */
  readonly testClock: { readonly start: number; readonly anchor: number; readonly speed: number } | undefined;
}

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const PHONE = /^1\d{10}$/;
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export function loadAppConfig(env: Env = process.env, now: () => number = Date.now): AppConfig {
  const read = new EnvReader(env);
  const databaseUrl = read.url('DATABASE_URL', ['postgres', 'postgresql']);
  const mqttUrl = read.url('MQTT_URL', ['mqtt', 'mqtts', 'tcp', 'ws', 'wss']);
  const embeddedDatabase = env['DATABASE_URL'] === undefined || env['DATABASE_URL'] === '';
  const embeddedBroker = env['MQTT_URL'] === undefined || env['MQTT_URL'] === '';
  const embedded = embeddedDatabase && embeddedBroker;

  const adminPhone = read.string('ADMIN_PHONE');
  const adminPassword = read.string('ADMIN_PASSWORD');
  if (adminPhone !== undefined && !PHONE.test(adminPhone)) {
    read.problems.push(
      `ADMIN_PHONE=${adminPhone} is invalid (expected an 11-digit mobile number starting with 1)`,
    );
  }
  if ((adminPhone === undefined) !== (adminPassword === undefined)) {
    read.problems.push('ADMIN_PHONE and ADMIN_PASSWORD must be set together');
  }
  if (adminPassword !== undefined && adminPassword.length < 8) {
    read.problems.push('ADMIN_PASSWORD is too short (expected at least 8 characters)');
  }

  const jwtSecret = read.string('JWT_SECRET');
  if (jwtSecret !== undefined && jwtSecret.length < 32) {
    read.problems.push('JWT_SECRET is too short (expected at least 32 characters)');
  }

  const logLevel = read.string('LOG_LEVEL', 'info') ?? 'info';
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) {
    read.problems.push(`LOG_LEVEL=${logLevel} is invalid (expected one of ${LOG_LEVELS.join(', ')})`);
  }

  const cors = read.string('CORS_ORIGINS');
  const dashboardUrl = read.string('DASHBOARD_URL');
  if (dashboardUrl !== undefined && !/^https?:\/\/[^/\s]+(\/\S*)?$/.test(dashboardUrl)) {
    read.problems.push(`DASHBOARD_URL=${dashboardUrl} is invalid (expected http://<address>:<port>/)`);
  }
  const smsModemPath = read.string('SMS_MODEM');
  const disk = readDiskLevels(read);
  const testClock = readTestClock(read, now);

  const dataDir = path.resolve(read.string('DATA_DIR', './data') ?? './data');
  const config: AppConfig = {
    port: read.integer('PORT', 3000, { min: 0, max: 65535 }),
    httpHost: read.string('HTTP_HOST', '0.0.0.0') ?? '0.0.0.0',
    dashboardUrl,
    dataDir,
    databaseUrl,
    mqtt: {
      url: mqttUrl,
      username: read.string('MQTT_USERNAME'),
      password: read.string('MQTT_PASSWORD'),
      dynsecUsername: read.string('MQTT_DYNSEC_USERNAME'),
      dynsecPassword: read.string('MQTT_DYNSEC_PASSWORD'),
      host: read.string('MQTT_HOST', '127.0.0.1') ?? '127.0.0.1',
      port: read.integer('MQTT_PORT', 1883, { min: 0, max: 65535 }),
    },
    embeddedDatabase,
    embeddedPgRoot: path.resolve(read.string('EMBEDDED_PG_ROOT', '/var/lib/yumiao') ?? '/var/lib/yumiao'),
    embeddedBroker,
    demoSeed: read.boolean('DEMO_SEED', embedded),
    simulator: read.boolean('SIMULATOR', embedded),
    siteCode: read.matching('SITE_CODE', 'xnz', /^[a-z0-9-]{1,32}$/, 'lowercase letters, digits and dashes'),
    engineerPhone:
      read.matching('ENGINEER_PHONE', '', /^(\+?[0-9][0-9 -]{4,19})?$/, 'a phone number') || undefined,
    jwtSecret,
    accessTokenTtlSeconds: read.integer('ACCESS_TOKEN_TTL_S', 900, { min: 30, max: 86_400 }),
    refreshTokenTtlDays: read.integer('REFRESH_TOKEN_TTL_DAYS', 30, { min: 1, max: 365 }),
    admin:
      adminPhone !== undefined && adminPassword !== undefined
        ? { phone: adminPhone, password: adminPassword }
        : undefined,
    rawRetentionDays: read.integer('RAW_RETENTION_DAYS', 180, { min: 1, max: 3650 }),
    ingest: {
      // 5,000 rows or 50 ms: on 2 cores, 2,000 rows or 25 ms left PostgreSQL short of 10,000 msgs/s
      // (more, smaller statements); the 50 ms costs a quiet nursery nothing (docs/benchmarks.md).
      batchRows: read.integer('INGEST_BATCH_ROWS', 5000, { min: 1, max: 50_000 }),
      flushMs: read.integer('INGEST_FLUSH_MS', 50, { min: 1, max: 5_000 }),
      maxQueuedMessages: read.integer('INGEST_MAX_QUEUED', 20_000, { min: 10, max: 1_000_000 }),
      writers: read.integer('INGEST_WRITERS', 2, { min: 1, max: 8 }),
      consumers: read.integer('INGEST_CONSUMERS', 4, { min: 1, max: 16 }),
      clientId: read.matching(
        'MQTT_CLIENT_ID',
        'yumiao-api-ingest',
        /^[A-Za-z0-9_-]{1,64}$/,
        'letters, digits, _ and -',
      ),
    },
    nurseryTimeZone: read.timeZone('TZ_NURSERY', NURSERY_TIME_ZONE),
    smsModem: smsModemPath
      ? {
          path: smsModemPath,
          baudRate: read.integer('SMS_MODEM_BAUD', 115_200, { min: 1200, max: 4_000_000 }),
        }
      : undefined,
    backup: {
      dir: path.resolve(read.string('BACKUP_DIR') ?? path.join(dataDir, 'backups')),
      removable: read.boolean('BACKUP_REMOVABLE', false),
      time: read.matching('BACKUP_TIME', '02:30', /^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM, 24-hour nursery time'),
      // Below FAT32's 4 GiB limit with room to spare; tests set a small size to see the split.
      volumeBytes: read.integer('BACKUP_VOLUME_BYTES', 3_900_000_000, { min: 4096, max: 4_000_000_000 }),
    },
    disk,
    corsOrigins:
      cors === undefined
        ? true
        : cors
            .split(',')
            .map((origin) => origin.trim())
            .filter(Boolean),
    httpsOnly: read.boolean('HTTPS_ONLY', false),
    logLevel: logLevel as AppConfig['logLevel'],
    testClock,
  };
  if (read.problems.length > 0) throw new ConfigError(read.problems);
  return config;
}

function readDiskLevels(read: EnvReader): AppConfig['disk'] {
  const disk = {
    warningPercent: read.number('DISK_WARNING_PCT', 15, { min: 0, max: 90 }) ?? 15,
    warningMb: read.integer('DISK_WARNING_MB', 2048, { min: 0, max: 10_000_000 }),
    criticalPercent: read.number('DISK_CRITICAL_PCT', 5, { min: 0, max: 90 }) ?? 5,
    criticalMb: read.integer('DISK_CRITICAL_MB', 500, { min: 0, max: 10_000_000 }),
    postgresLogMb: read.integer('POSTGRES_LOG_MB', 10, { min: 1, max: 10_000 }),
  };
  if (disk.criticalPercent > disk.warningPercent) {
    read.problems.push(
      `DISK_CRITICAL_PCT=${disk.criticalPercent} is above DISK_WARNING_PCT=${disk.warningPercent} (expected at most the warning level)`,
    );
  }
  if (disk.criticalMb > disk.warningMb) {
    read.problems.push(
      `DISK_CRITICAL_MB=${disk.criticalMb} is above DISK_WARNING_MB=${disk.warningMb} (expected at most the warning level)`,
    );
  }
  return disk;
}

function readTestClock(read: EnvReader, now: () => number): AppConfig['testClock'] {
  const start = read.instant('TEST_CLOCK_START');
  const anchor = read.instant('TEST_CLOCK_ANCHOR');
  const speed = read.number('TEST_CLOCK_SPEED', undefined, { min: 0, max: 100_000 });
  if (start === undefined) {
    if (anchor !== undefined || speed !== undefined) {
      read.problems.push('TEST_CLOCK_ANCHOR and TEST_CLOCK_SPEED need TEST_CLOCK_START');
    }
    return undefined;
  }
  return { start, anchor: anchor ?? now(), speed: speed ?? 1 };
}
