/**
 * Soak (not a test): `npm run soak [-- --minutes N --seed N]`.
 *
 * The whole product on the embedded default (the api with its PostgreSQL and MQTT broker, the demo
 * seed) in a temporary folder on free ports, on a simulated clock at high speed: the greenhouse
 * simulator's devices report once a simulated minute, ground-truth devices of the soak's own
 * publish at QoS 1 and keep what was acknowledged, and orders with a deposit are placed through
 * HTTP. For `--minutes` of wall time, faults are injected at random (seeded, printed): a SIGKILL of
 * the embedded PostgreSQL, of the api, of the whole tree (api, PostgreSQL, simulator), a burst of
 * bad payloads, a round of bad HTTP requests; after each, the time until HTTP and ingest work
 * again. Then, once ingest is idle, the invariants are read from the database. Prints a table and
 * PASS/FAIL lines; exits 1 when an invariant broke. docs/operations.md says what it proves.
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClock } from '#contracts';
import { freeStablePort } from '#net';
import { SoakApi } from './soak/api-runner.js';
import { FAULT_KINDS, firstLine, injectFault, sleep, type FaultKind, type FaultRun } from './soak/faults.js';
import { SoakHttp } from './soak/http-client.js';
import { ControlWitness } from './soak/control.js';
import { parseOptions } from './soak/options.js';
import { OrderPlacer } from './soak/orders.js';
import { connectDevice, GroundTruthPublisher, type SoakDevice } from './soak/publisher.js';
import { seededRandom } from './soak/random.js';
import { faultTable, invariantLines } from './soak/report.js';
import { SoakSimulator } from './soak/simulator-runner.js';
import { registerDevices, stopAndCheck } from './soak/stack.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const ADMIN = { phone: '13900000009', password: 'soak-manager-password' };
/** Early spring at the nursery: sowing and ordering in full swing. */
const SIMULATED_START = '2027-03-01T06:00:00+08:00';
/** The simulator's devices report once a simulated minute. */
const DEVICE_INTERVAL_S = 60;
/** Each ground-truth device publishes this often (wall ms). */
const PUBLISH_EVERY_MS = 100;
const ORDER_EVERY_MS = 4_000;
/** Wall seconds between two faults, drawn from this range. */
const GAP_S = [5, 15] as const;
const DAY_MS = 86_400_000;

const say = (line: string): void => {
  process.stdout.write(`${line}\n`);
};
const seconds = (value: number | undefined): string => (value === undefined ? '-' : `${value.toFixed(1)} s`);

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2));
  // Two streams: the faults and their gaps repeat exactly with the same seed, whatever the orders drew.
  const random = seededRandom(options.seed);
  const orderRandom = seededRandom(options.seed + 1);
  const root = mkdtempSync(path.join(os.tmpdir(), 'yumiao-soak-'));
  // As root the server runs as `postgres`, which must enter the data folder (the cluster stays in
  // DATA_DIR/pg) and a relocation root of the soak's own (never the machine's /var/lib/yumiao).
  chmodSync(root, 0o755);
  const dataDir = path.join(root, 'data');
  const pgRoot = path.join(root, 'pg-root');
  mkdirSync(dataDir, { mode: 0o755 });
  mkdirSync(pgRoot, { mode: 0o755 });
  const clockSettings = { start: SIMULATED_START, anchor: Date.now(), speed: options.speed };
  const clock = createClock({ ...clockSettings, start: Date.parse(SIMULATED_START) });
  say(
    `soak: seed ${options.seed}, ${options.minutes} min of faults at speed ${options.speed} ` +
      `(a simulated day every ${(DAY_MS / options.speed / 1000).toFixed(0)} s), in ${root}`,
  );

  const api = new SoakApi({
    root: ROOT,
    dataDir,
    pgRoot,
    // The api is started again on these after each crash: below the ephemeral range (ports.ts).
    port: await freeStablePort(),
    mqttPort: await freeStablePort(),
    logFile: path.join(root, 'api.log'),
    admin: ADMIN,
    clock: clockSettings,
  });
  let simulator: SoakSimulator | undefined;
  try {
    const bootStarted = Date.now();
    await api.start();
    say(
      `api ready in ${((Date.now() - bootStarted) / 1000).toFixed(1)} s (first start: cluster, migrations, demo seed)`,
    );
    const http = new SoakHttp(api.url, ADMIN);
    const devices = await registerDevices(
      http,
      ['soak-1', 'soak-2', 'soak-3', 'soak-bad'],
      DEVICE_INTERVAL_S,
    );
    const badDevice = devices.pop() as SoakDevice;

    simulator = new SoakSimulator({
      root: ROOT,
      brokerUrl: api.mqttUrl,
      seedDevicesFile: path.join(dataDir, 'simulator-devices.json'),
      devicesFile: path.join(root, 'simulator-devices.json'),
      intervalS: DEVICE_INTERVAL_S,
      seed: options.seed,
      logFile: path.join(root, 'simulator.log'),
      clock: clockSettings,
    });
    await simulator.start();
    const publisher = new GroundTruthPublisher(api.mqttUrl, devices, clock, PUBLISH_EVERY_MS);
    publisher.start();
    const badClient = connectDevice(api.mqttUrl, badDevice);
    const placer = new OrderPlacer(http, clock, orderRandom);
    await placer.start(ORDER_EVERY_MS);
    const control = new ControlWitness(http, clock);
    await control.start(api.mqttUrl, 3_000);
    say(
      `${simulator.deviceCount} simulated devices every ${DEVICE_INTERVAL_S} simulated s, ` +
        `${devices.length} ground-truth devices every ${PUBLISH_EVERY_MS} ms, an order every ${ORDER_EVERY_MS / 1000} s`,
    );

    const simulatedFrom = clock.now();
    const faults: FaultRun[] = [];
    const context = {
      api,
      simulator,
      publisher,
      placer,
      http,
      clock,
      badDevice: { device: badDevice, client: badClient },
      seed: options.seed,
    };
    // Each kind once first, in a random order; then any kind.
    const planned: FaultKind[] = random.shuffle(FAULT_KINDS);
    const end = Date.now() + options.minutes * 60_000;
    for (;;) {
      await sleep(random.int(GAP_S[0], GAP_S[1]) * 1000);
      if (Date.now() >= end) break;
      const kind = planned.shift() ?? random.pick(FAULT_KINDS);
      const run = await injectFault(kind, context);
      faults.push(run);
      say(
        `${new Date(run.at).toISOString()}  ${kind.padEnd(13)} HTTP ${seconds(run.httpS).padStart(7)}  ` +
          `ingest ${seconds(run.ingestS).padStart(7)}${run.problems.length > 0 ? `  ${run.problems.join('; ')}` : ''}`,
      );
    }
    const simulatedDays = (clock.now() - simulatedFrom) / DAY_MS;

    say('faults over: stopping the orders, the devices and the simulator; waiting for ingest to be idle');
    const { invariants, unacknowledged } = await stopAndCheck({ ...context, control, devices }, faults);

    say('');
    say(
      `${options.minutes} min of faults, seed ${options.seed}: ${faults.length} faults over ${simulatedDays.toFixed(1)} ` +
        `simulated days; ${publisher.published} ground-truth readings published, ${publisher.acked.length} acknowledged, ` +
        `${publisher.held} held back while the api was away` +
        `${unacknowledged > 0 ? ` (${unacknowledged} still unacknowledged at the end)` : ''}`,
    );
    const outcomes = (kind: 'order' | 'payment'): string => {
      const writes = placer.writes.filter((write) => write.kind === kind);
      const count = (outcome: string) => writes.filter((write) => write.outcome === outcome).length;
      return `${writes.length} ${kind}s (${count('ok')} answered, ${count('refused')} refused, ${count('unknown')} unanswered)`;
    };
    say(`${outcomes('order')}, ${outcomes('payment')}`);
    for (const write of placer.writes.filter((w) => w.outcome === 'unknown'))
      say(
        `  unanswered ${write.kind} ${write.key}: first attempt ${write.first ?? '?'}, last ${write.status ?? 'no answer'}`,
      );
    say('');
    say(faultTable(faults));
    say('');
    say(invariantLines(invariants));
    const failed = invariants.filter((item) => !item.pass).length;
    say(
      failed === 0 ? '\nsoak: every invariant held' : `\nsoak: ${failed} invariants broken (logs in ${root})`,
    );
    if (!options.keep && failed === 0) rmSync(root, { recursive: true, force: true });
    return failed === 0 ? 0 : 1;
  } catch (error) {
    say(`soak failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    say(`last api output:\n${api.output()}`);
    say(`logs in ${root}`);
    await api.killTree(simulator === undefined ? [] : [simulator.pid]).catch(() => undefined);
    return 1;
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    say(`soak failed: ${firstLine(error)}`);
    process.exit(1);
  },
);
