/**
 * Alarm engine micro-benchmark (not a test): `npm run bench:alarms [-- --seconds 60]`.
 *
 * Feeds synthetic `telemetry.accepted` batches for 1,000 env devices in 10 zones (as bench:ingest:
 * 5 messages a second per device, 5 values each, 25,000 readings per simulated second, coalesced per
 * zone in batches of 20 messages) through the alarm engine's handler, and runs the engine's periodic
 * evaluation once per simulated second, on a simulated clock, with an in-memory stand-in for the
 * repository (no database: only the engine's own CPU is measured). Prints the handler's µs per
 * reading, the evaluation's mean and worst time, and the longest synchronous block seen by a
 * setImmediate probe while the evaluations ran (what ingest acknowledgements would wait behind).
 */
import 'reflect-metadata';
import { performance } from 'node:perf_hooks';
import type { AppConfig } from '#config';
import type { Clock } from '#contracts';
import { AlarmEngine } from '../apps/api/src/alarms/alarm-engine.service.js';
import type { AlarmNotifier } from '../apps/api/src/alarms/alarm-notifier.service.js';
import { AlarmTransitions } from '../apps/api/src/alarms/alarm-transitions.service.js';
import type { AlarmsRepository } from '../apps/api/src/alarms/alarms.repository.js';
import { SEED_PROFILES } from '#agronomy';
import type { HouseRow } from '../apps/api/src/thresholds/house-limits.js';
import type { ThresholdsReadModel } from '../apps/api/src/thresholds/thresholds.read-model.js';
import { ThresholdsService } from '../apps/api/src/thresholds/thresholds.service.js';
import { TelemetryWindowFeed } from '../apps/api/src/window/telemetry-window.feed.js';
import type { DeviceRow, WindowReadModel } from '../apps/api/src/window/window.read-model.js';
import type { DomainEvents } from '../apps/api/src/common/domain-events.js';
import type { TickService } from '../apps/api/src/scheduling/tick.service.js';
import type { SystemEventsService } from '../apps/api/src/system/system-events.service.js';

const DEVICES = 1000;
const ZONES = 10;
const MESSAGES_PER_DEVICE_PER_S = 5;
const MESSAGES_PER_BATCH = 20;
const METRICS = ['air_temp_c', 'air_rh_pct', 'co2_ppm', 'light_lux', 'battery_v'];
const START = Date.UTC(2026, 0, 15, 4, 0); // 12:00 in the nursery, a winter day
const say = (line: string) => process.stdout.write(`${line}\n`);

function argument(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  const value = index >= 0 ? Number(process.argv[index + 1]) : Number.NaN;
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

async function main(): Promise<void> {
  const seconds = argument('seconds', 60);
  let now = START;
  const clock = { now: () => now } as unknown as Clock;
  const zones: HouseRow[] = Array.from({ length: ZONES }, (_, z) => ({
    site: 'xnz',
    code: `z${z}`,
    kind: 'greenhouse',
    hasHeating: true,
  }));
  const devices: DeviceRow[] = Array.from({ length: DEVICES }, (_, i) => ({
    site: 'xnz',
    zone: `z${i % ZONES}`,
    device: `d${i}`,
    kind: 'env',
    intervalS: 1,
    presence: 'online',
    lastSeenAt: new Date(START),
  }));
  const repository = {
    openAlarms: () => Promise.resolve([]),
    hourlyAirMeans: () => Promise.resolve([]),
    irrigationPrograms: () => Promise.resolve([]),
  } as unknown as AlarmsRepository;
  const thresholdsReadModel = {
    houses: () => Promise.resolve(zones),
    batchesInHouses: () => Promise.resolve([]),
    settings: () => Promise.resolve([]),
  } as unknown as ThresholdsReadModel;
  const windowReadModel = { devices: () => Promise.resolve(devices) } as unknown as WindowReadModel;
  const events = { on: () => () => undefined, emit: () => undefined } as unknown as DomainEvents;
  const tick = { register: () => undefined } as unknown as TickService;
  const notifier = { tick: () => Promise.resolve() } as unknown as AlarmNotifier;
  const config = { siteCode: 'xnz', nurseryTimeZone: 'Asia/Shanghai' } as unknown as AppConfig;
  const thresholds = new ThresholdsService(thresholdsReadModel, {
    profiles: () => Promise.resolve(SEED_PROFILES),
  });
  const feed = new TelemetryWindowFeed(windowReadModel, events, clock, config);
  const transitions = new AlarmTransitions(repository, thresholds, notifier, events, config);
  const systemEvents = { openOfKind: () => Promise.resolve([]) } as unknown as SystemEventsService;
  const engine = new AlarmEngine(
    repository,
    thresholds,
    feed,
    transitions,
    tick,
    notifier,
    config,
    systemEvents,
  );
  await feed.onApplicationBootstrap();
  engine.onApplicationBootstrap();

  // One simulated second of batches, prepared up front so the loop measures only the engine.
  type Batch = {
    site: string;
    zone: string;
    readings: { device: string; metric: string; ts: number; value: number }[];
  };
  const secondOf = (t0: number): Batch[] => {
    const batches: Batch[] = [];
    for (let z = 0; z < ZONES; z++) {
      let batch: Batch | undefined;
      let messages = 0;
      for (let m = 0; m < MESSAGES_PER_DEVICE_PER_S; m++) {
        for (let i = z; i < DEVICES; i += ZONES) {
          if (!batch || messages === MESSAGES_PER_BATCH) {
            batch = { site: 'xnz', zone: `z${z}`, readings: [] };
            batches.push(batch);
            messages = 0;
          }
          const ts = t0 + m * (1000 / MESSAGES_PER_DEVICE_PER_S) + (i % 7);
          METRICS.forEach((metric, j) =>
            batch!.readings.push({
              device: `d${i}`,
              metric,
              ts,
              value: metric === 'battery_v' ? 12 : 20 + j + (ts % 7),
            }),
          );
          messages++;
        }
      }
    }
    return batches;
  };

  let handlerMs = 0;
  let readings = 0;
  let evaluations = 0;
  let evaluationMs = 0;
  let worstEvaluationMs = 0;
  let longestBlockMs = 0;
  let firstBlockMs = 0;
  let longestBlockCpuMs = 0;
  for (let s = 0; s < seconds; s++) {
    const batches = secondOf(now);
    let started = performance.now();
    for (const batch of batches) {
      feed.onTelemetry(batch);
      readings += batch.readings.length;
    }
    handlerMs += performance.now() - started;
    now += 1000;
    // A probe that runs between event-loop turns: the largest gap between two of its runs is the
    // longest stretch the evaluation kept the loop to itself. Wall time includes the moments the
    // shared machine did not schedule us; the process's CPU time between the same runs does not.
    let probing = true;
    let last = performance.now();
    let lastCpu = process.cpuUsage();
    const probe = () => {
      const at = performance.now();
      const cpu = process.cpuUsage(lastCpu);
      longestBlockMs = Math.max(longestBlockMs, at - last);
      longestBlockCpuMs = Math.max(longestBlockCpuMs, (cpu.user + cpu.system) / 1000);
      last = at;
      lastCpu = process.cpuUsage();
      if (probing) setImmediate(probe);
    };
    setImmediate(probe);
    started = performance.now();
    await engine.evaluate(now);
    const took = performance.now() - started;
    probing = false;
    await new Promise((resolve) => setImmediate(resolve));
    if (evaluations === 0) {
      // The first evaluation also pays for warm-up (Intl time zones, first compilation): shown apart.
      firstBlockMs = longestBlockMs;
      longestBlockMs = 0;
      longestBlockCpuMs = 0;
    }
    evaluations++;
    evaluationMs += took;
    worstEvaluationMs = Math.max(worstEvaluationMs, took);
  }
  say(
    `${DEVICES} devices in ${ZONES} zones, ${seconds} simulated s, ${readings.toLocaleString('en')} readings, ${evaluations} evaluations`,
  );
  say(`handler: ${((handlerMs * 1000) / readings).toFixed(3)} µs per reading`);
  say(
    `evaluation: mean ${(evaluationMs / evaluations).toFixed(1)} ms, worst ${worstEvaluationMs.toFixed(1)} ms; per reading (handler + evaluation) ${(((handlerMs + evaluationMs) * 1000) / readings).toFixed(3)} µs`,
  );
  say(
    `longest synchronous block during evaluation: ${longestBlockMs.toFixed(1)} ms wall, ${longestBlockCpuMs.toFixed(1)} ms CPU (first evaluation, warming up: ${firstBlockMs.toFixed(1)} ms wall)`,
  );
  say(`heap used: ${(process.memoryUsage().heapUsed / 1e6).toFixed(0)} MB`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
