import { EnvReader, type Env } from './env-parsers.js';
import { ConfigError } from './app-config.js';

/** What the test harness reads from its environment (libs/testing uses it). */
export interface TestConfig {
  readonly databaseUrl: string | undefined;
  readonly mqttUrl: string | undefined;
  /** With REQUIRE_ALL=1 a missing system program (mosquitto, chromium, socat, systemd-analyze) fails the suite. */
  readonly requireAll: boolean;
  readonly mosquittoBinary: string;
  /** Mosquitto's dynamic security plugin (Debian's path; the official image has /usr/lib/...). */
  readonly mosquittoDynsecPlugin: string;
  readonly chromiumBinary: string;
  /** socat makes the pseudo-terminal the test modem answers on. */
  readonly socatBinary: string;
  /** systemd-analyze checks the service unit (no systemd needs to run). */
  readonly systemdAnalyzeBinary: string;
  readonly keepArtifacts: boolean;
  /** UPDATE_SCREENSHOTS=1: the browser test also refreshes docs/screenshot-technician.png. */
  readonly updateScreenshots: boolean;
  /** FUZZ_SEED: replays the HTTP fuzz test's run of that seed (a new seed each run otherwise). */
  readonly fuzzSeed: number | undefined;
}

const DEBIAN_DYNSEC_PLUGIN = '/usr/lib/x86_64-linux-gnu/mosquitto_dynamic_security.so';

export function loadTestConfig(env: Env = process.env): TestConfig {
  const read = new EnvReader(env);
  const config: TestConfig = {
    databaseUrl: read.url('TEST_DATABASE_URL', ['postgres', 'postgresql']),
    mqttUrl: read.url('TEST_MQTT_URL', ['mqtt', 'tcp']),
    requireAll: read.boolean('REQUIRE_ALL', false),
    mosquittoBinary: read.string('TEST_MOSQUITTO_BIN', '/usr/sbin/mosquitto') ?? '/usr/sbin/mosquitto',
    mosquittoDynsecPlugin: read.string('TEST_MOSQUITTO_DYNSEC', DEBIAN_DYNSEC_PLUGIN) ?? DEBIAN_DYNSEC_PLUGIN,
    chromiumBinary: read.string('TEST_CHROMIUM_BIN', '/usr/bin/chromium') ?? '/usr/bin/chromium',
    socatBinary: read.string('TEST_SOCAT_BIN', '/usr/bin/socat') ?? '/usr/bin/socat',
    systemdAnalyzeBinary:
      read.string('TEST_SYSTEMD_ANALYZE_BIN', '/usr/bin/systemd-analyze') ?? '/usr/bin/systemd-analyze',
    keepArtifacts: read.boolean('TEST_KEEP_ARTIFACTS', false),
    updateScreenshots: read.boolean('UPDATE_SCREENSHOTS', false),
    fuzzSeed:
      read.string('FUZZ_SEED') === undefined
        ? undefined
        : read.integer('FUZZ_SEED', 0, { min: 0, max: 2 ** 31 - 1 }),
  };
  if (read.problems.length > 0) throw new ConfigError(read.problems);
  return config;
}
