/**
 * Ingest benchmark (not a test): `npm run bench:ingest`.
 *
 * Starts its own Mosquitto from deploy/mosquitto/mosquitto.conf (anonymous, a free port) and uses
 * PostgreSQL at BENCH_DATABASE_URL / DATABASE_URL / TEST_DATABASE_URL, or starts its own embedded
 * one (a scratch database per pipeline either way). A separate process opens 1,000 device
 * connections and publishes QoS 1 messages with 5 values each, stepping the rate up. Each pipeline
 * runs in a process of its own (bench-ingest/pipeline-process.ts), so the CPU and RSS printed are its own;
 * per step it prints: sent, stored, p50/p99 publish-to-commit (device timestamp -> the commit of its
 * batch), CPU seconds per 1,000 messages and peak RSS. The step stops at p99 > 1 s or any loss.
 *
 * Pipelines: "api" (the Nest app: IngestService + mqtt-packet consumers, acknowledge after commit),
 * "baseline" (no framework: the same consumer socket code, JSON.parse + ajv, batches written with
 * the same SQL and folded on the api's timer, acknowledged after commit, with the api's shipped
 * batch size, flush time, batch writers, consumer connections and queue cap) and "embedded" (the
 * api with its in-process aedes, for information). BENCH_RATES overrides the steps, BENCH_STEP_S
 * their length, BENCH_PIPELINES which run (in order); INGEST_* variables reach every pipeline;
 * BENCH_CPU_PROF_DIR=DIR writes a CPU profile of each pipeline process there.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadAppConfig, loadTestConfig } from '#config';
import { startMosquitto } from '#testing';
import { startScratchPostgres } from '../apps/api/src/database/scratch-postgres.js';
import { BENCH_DEVICES, BENCH_METRICS, countRows, scratchDatabase } from './bench-ingest/bench-fleet.js';
import { generate } from './bench-ingest/load-generator.js';
import type {
  PipelineName,
  PipelineReply,
  PipelineRequest,
  StepFigures,
} from './bench-ingest/pipeline-common.js';

/**
 * The bench's own PostgreSQL gets PostgreSQL's stock memory and WAL sizes, those of the postgres
 * image docker-compose.yml runs for a nursery with a real broker, not the embedded default's
 * (sized for an idle mini-PC: 32 MB of buffers and 256 MB of WAL halved the rate it sustained).
 */
const STOCK_POSTGRES_SIZES = {
  shared_buffers: '128MB',
  wal_buffers: '-1',
  max_wal_size: '1GB',
  min_wal_size: '80MB',
  max_connections: '100',
};
const DEFAULT_RATES = '1000,5000,10000,12500,15000,17500,20000,22500,25000,27500,30000';
const say = (line: string) => process.stdout.write(`${line}\n`);
const entry = fileURLToPath(import.meta.url);
const pipelineEntry = fileURLToPath(new URL('./bench-ingest/pipeline-process.js', import.meta.url));

/**
 * A fixed CPU job timed before the run: this shared VM's speed has been seen to differ by nearly
 * 2x between days, so runs on different days compare through this figure (their ratios to the
 * baseline compare directly).
 */
function machineSpeedMs(): number {
  const payload =
    '{"ts":1796000000000,"seq":42,"values":{"air_temp_c":18.6,"air_rh_pct":71.2,"co2_ppm":640}}';
  const started = performance.now();
  let sum = 0;
  for (let i = 0; i < 300_000; i++) {
    const sample = JSON.parse(payload) as { seq: number };
    sample.seq = i;
    sum += JSON.stringify(sample).length;
  }
  if (sum === 0) throw new Error('unreachable');
  return performance.now() - started;
}

/** Sends a request to a child process and waits for its reply of the given type. */
function ask<T extends PipelineReply['type']>(
  child: ChildProcess,
  request: PipelineRequest | undefined,
  type: T,
): Promise<Extract<PipelineReply, { type: T }>> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: PipelineReply) => {
      if (message.type !== type) return;
      child.off('message', onMessage);
      child.off('exit', onExit);
      resolve(message as Extract<PipelineReply, { type: T }>);
    };
    const onExit = (code: number | null) => {
      child.off('message', onMessage);
      reject(new Error(`pipeline process exited (${code}) awaiting ${type}`));
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
    if (request) child.send(request);
  });
}

async function startGenerator(brokerUrl: string): Promise<ChildProcess> {
  const child = fork(entry, ['--generate', brokerUrl], { stdio: 'inherit' });
  await new Promise((resolve) => child.once('message', resolve));
  return child;
}

interface StepResult {
  rate: number;
  sent: number;
  stored: number;
  lost: number;
  p50: number;
  p99: number;
  cpuPer1k: number;
  peakRssMb: number;
  achieved: number;
}

async function runSteps(
  name: PipelineName,
  pipeline: ChildProcess,
  databaseUrl: string,
  generator: ChildProcess,
  rates: readonly number[],
  stepS: number,
): Promise<StepResult[]> {
  const results: StepResult[] = [];
  let expected = await countRows(databaseUrl);
  for (const rate of rates) {
    await ask(pipeline, { type: 'start-step' }, 'step-started');
    generator.send({ rate, seconds: stepS });
    const { sent, acked, seconds } = await new Promise<{ sent: number; acked: number; seconds: number }>(
      (resolve) =>
        generator.once('message', (m) => resolve(m as { sent: number; acked: number; seconds: number })),
    );
    expected += acked * BENCH_METRICS.length;
    // Wait until everything is stored, or nothing moved for 10 s (then the difference is lost).
    let stored = await countRows(databaseUrl);
    let lastChange = Date.now();
    while (stored < expected && Date.now() - lastChange < 10_000) {
      await new Promise((r) => setTimeout(r, 250));
      const now = await countRows(databaseUrl);
      if (now !== stored) lastChange = Date.now();
      stored = now;
    }
    const figures: StepFigures = await ask(pipeline, { type: 'end-step' }, 'step');
    const result: StepResult = {
      rate,
      sent,
      stored: stored - (expected - acked * BENCH_METRICS.length),
      lost: Math.max(0, expected - stored),
      p50: figures.p50,
      p99: figures.p99,
      cpuPer1k: (figures.cpuSeconds / Math.max(1, sent)) * 1000,
      peakRssMb: figures.peakRssMb,
      // The rate the devices managed to publish and have acknowledged (a slow step stretches).
      achieved: sent / Math.max(stepS, seconds),
    };
    expected = stored;
    results.push(result);
    say(
      `  ${name.padEnd(8)} ${String(rate).padStart(6)} msgs/s: sent ${sent}, rows stored ${result.stored}, lost ${result.lost}, ` +
        `p50 ${result.p50.toFixed(0)} ms, p99 ${result.p99.toFixed(0)} ms, CPU ${result.cpuPer1k.toFixed(3)} s/1k msgs, peak RSS ${result.peakRssMb.toFixed(0)} MB`,
    );
    if (result.p99 > 1000 || result.lost > 0) break;
  }
  return results;
}

async function main(): Promise<void> {
  const [role, ...args] = process.argv.slice(2);
  if (role === '--generate') return generate(args[0]);
  const configured =
    process.env['BENCH_DATABASE_URL'] ?? loadAppConfig().databaseUrl ?? loadTestConfig().databaseUrl;
  // Without a configured server the bench starts its own (embedded) PostgreSQL, as `npm start` does.
  const scratch =
    configured === undefined
      ? await startScratchPostgres({
          relocationRoot: loadAppConfig().embeddedPgRoot,
          settings: STOCK_POSTGRES_SIZES,
        })
      : undefined;
  try {
    await measure(configured ?? scratch!.url);
  } finally {
    // Before exiting: an exit from inside measure() left every run's PostgreSQL running.
    await scratch?.stop();
  }
  process.exit(0);
}

async function measure(server: string): Promise<void> {
  // Steps of 2,500 above 10,000 msgs/s: with steps of 5,000 one lucky or unlucky step moved the
  // api / baseline ratio by a quarter.
  const rates = (process.env['BENCH_RATES'] ?? DEFAULT_RATES).split(',').map(Number);
  const stepS = Number(process.env['BENCH_STEP_S'] ?? 10);
  const speed = machineSpeedMs();
  const mosquitto = await startMosquitto();
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'yumiao-bench-ingest-'));
  say(
    `Mosquitto ${mosquitto.url} (shipped config); PostgreSQL ${new URL(server).host}; ${BENCH_DEVICES} device connections, QoS 1, ${BENCH_METRICS.length} values/message, ${stepS} s steps; machine speed reference ${speed.toFixed(0)} ms (300,000 JSON round trips, lower is faster)`,
  );
  const generator = await startGenerator(mosquitto.url);
  const summary: Partial<Record<PipelineName, StepResult[]>> = {};
  try {
    const names = (process.env['BENCH_PIPELINES'] ?? 'baseline,api,embedded').split(',') as PipelineName[];
    for (const name of names) {
      const database = await scratchDatabase(server);
      const profileDir = process.env['BENCH_CPU_PROF_DIR'];
      const pipeline = fork(pipelineEntry, [name, mosquitto.url, database.url, dataDir], {
        stdio: 'inherit',
        // A V8 CPU profile of the pipeline process (open it in Chrome DevTools), for finding its cost.
        execArgv: [
          ...process.execArgv,
          ...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []),
        ],
      });
      let devices: ChildProcess | undefined;
      try {
        const { brokerUrl } = await ask(pipeline, undefined, 'ready');
        // The embedded api brings its own broker: its devices connect there.
        devices = name === 'embedded' ? await startGenerator(brokerUrl) : generator;
        say(`${name} (pid ${pipeline.pid}):`);
        summary[name] = await runSteps(name, pipeline, database.url, devices, rates, stepS);
        await ask(pipeline, { type: 'close' }, 'closed');
      } finally {
        if (devices !== undefined && devices !== generator) devices.kill();
        if (pipeline.exitCode === null) pipeline.kill();
        await database.drop();
      }
    }
  } finally {
    generator.kill();
    await mosquitto.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
  printSummary(summary);
}

function printSummary(summary: Partial<Record<PipelineName, StepResult[]>>): void {
  const best = (results: readonly StepResult[]) =>
    results.filter((r) => r.lost === 0 && r.p99 <= 1000).reduce((a, r) => Math.max(a, r.achieved), 0);
  const at = (results: readonly StepResult[], rate: number) => results.find((r) => r.rate === rate);
  const api = summary.api ?? [];
  const baseline = summary.baseline ?? [];
  say('');
  say('| figure | api | baseline | api / baseline |');
  say('|---|---|---|---|');
  const row = (label: string, a: number | undefined, b: number | undefined, digits = 0) =>
    say(
      `| ${label} | ${a?.toFixed(digits) ?? '—'} | ${b?.toFixed(digits) ?? '—'} | ${a !== undefined && b ? (a / b).toFixed(2) : '—'} |`,
    );
  row('highest sustained msgs/s', best(api), best(baseline));
  row('highest sustained rows/s', best(api) * BENCH_METRICS.length, best(baseline) * BENCH_METRICS.length);
  for (const rate of [1000, 5000]) {
    row(`p50 publish-to-commit at ${rate} msgs/s (ms)`, at(api, rate)?.p50, at(baseline, rate)?.p50);
    row(`p99 publish-to-commit at ${rate} msgs/s (ms)`, at(api, rate)?.p99, at(baseline, rate)?.p99);
  }
  row(
    'CPU s per 1,000 msgs at 5,000 msgs/s (pipeline process)',
    at(api, 5000)?.cpuPer1k,
    at(baseline, 5000)?.cpuPer1k,
    3,
  );
  for (const rate of [5000, 10000]) {
    row(
      `peak RSS MB at ${rate} msgs/s (pipeline process)`,
      at(api, rate)?.peakRssMb,
      at(baseline, rate)?.peakRssMb,
    );
  }
  const sustained = (results: readonly StepResult[]) => results.find((r) => r.achieved === best(results));
  row('peak RSS MB at the highest sustained step', sustained(api)?.peakRssMb, sustained(baseline)?.peakRssMb);
  const embedded = summary.embedded;
  if (embedded) {
    say('');
    say(
      `embedded aedes (for information): highest sustained ${best(embedded).toFixed(0)} msgs/s; ` +
        embedded
          .map(
            (r) =>
              `${r.rate}/s p50 ${r.p50.toFixed(0)} p99 ${r.p99.toFixed(0)} ms, peak RSS ${r.peakRssMb.toFixed(0)} MB`,
          )
          .join('; '),
    );
  }
}

await main();
