/**
 * Ingest benchmark (not a test): `npm run bench:ingest`.
 *
 * Starts its own Mosquitto from deploy/mosquitto/mosquitto.conf (anonymous, a free port) and uses
 * PostgreSQL at BENCH_DATABASE_URL / DATABASE_URL / TEST_DATABASE_URL (a scratch database per
 * pipeline). A separate process opens 1,000 device connections and publishes QoS 1 messages with
 * 5 values each, stepping the rate up. For each pipeline it prints, per step: sent, stored,
 * p50/p99 publish-to-commit (device timestamp -> the commit of its batch), api CPU seconds per
 * 1,000 messages and RSS. The step stops at p99 > 1 s or any loss.
 *
 * Pipelines: "api" (the Nest app: IngestService + mqtt-packet consumer, acknowledge after commit)
 * and "baseline" (no framework: the same consumer socket code, JSON.parse + ajv, batches written
 * with the same SQL (TelemetryRepository.writeBatch: readings with their rollup journal row,
 * duplicates; TelemetryRepository.foldJournal on the api's timer), acknowledged after
 * commit, with the api's shipped batch size, flush time, batch writers and consumer connections).
 * BENCH_RATES overrides the steps, BENCH_STEP_S their length, BENCH_PIPELINES which run (in order);
 * INGEST_* variables reach both pipelines.
 */
import 'reflect-metadata';
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import mqttPacket from 'mqtt-packet';
import mqtt from 'mqtt';
import pg from 'pg';
import { loadAppConfig, loadTestConfig } from '#config';
import {
  SERVER_SUBSCRIPTIONS,
  createClock,
  parseDevicePayload,
  parseTopic,
  type TelemetrySample,
} from '#contracts';
import { startMosquitto } from '#testing';
import { createApp } from '../apps/api/src/app.factory.js';
import { DomainEvents } from '../apps/api/src/common/domain-events.js';
import { createDataSource, migrateDatabase } from '../apps/api/src/database/data-source.js';
import { hashMosquittoPassword } from '../apps/api/src/devices/mosquitto-password.js';
import { startEmbeddedBroker } from '../apps/api/src/runtime/embedded-broker.js';
import { BrokerLink } from '../apps/api/src/telemetry/broker-link.js';
import { MqttIngestConsumer } from '../apps/api/src/telemetry/mqtt-ingest-consumer.js';
import type { ReadingRow } from '../apps/api/src/telemetry/ingest.js';
import { TelemetryRepository } from '../apps/api/src/telemetry/telemetry.repository.js';
import { FOLD_INTERVAL_MS } from '../apps/api/src/telemetry/telemetry.jobs.js';
import '../apps/api/src/telemetry/telemetry.events.js';
import { startScratchPostgres } from '../apps/api/src/database/scratch-postgres.js';

const DEVICES = 1000;
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
const METRICS = ['air_temp_c', 'air_rh_pct', 'co2_ppm', 'light_lux', 'battery_v'];
const say = (line: string) => process.stdout.write(`${line}\n`);

// ---------------------------------------------------------------- load generator (child process)
/**
 * 1,000 device connections on plain sockets: CONNECT from mqtt-packet, PUBLISH packets encoded by
 * hand, PUBACKs counted. mqtt.js with 1,000 clients took about 0.4 of a core per 5,000 msgs/s on
 * this 2-core machine, CPU the pipelines under test then lacked; the devices it stands for run on
 * their own hardware. MQTT 3.1.1, QoS 1, keepalive off, one packet id counter per connection.
 */
class BenchDevice {
  acked = 0;
  private packetId = 0;
  private pending: Buffer = Buffer.alloc(0);
  private readonly topic: Buffer;
  readonly ready: Promise<void>;

  constructor(url: string, index: number) {
    const { hostname, port } = new URL(url);
    this.topic = Buffer.from(`nursery/v1/xnz/z${index % 10}/d${index}/tele`);
    const socket = net.connect({ host: hostname, port: Number(port), noDelay: true });
    this.socket = socket;
    this.ready = new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.on('data', (chunk: Buffer) => {
        if (this.read(chunk)) resolve();
      });
    });
    socket.write(
      mqttPacket.generate({
        cmd: 'connect',
        protocolId: 'MQTT',
        protocolVersion: 4,
        clean: true,
        keepalive: 0,
        clientId: `bench-dev-${index}`,
        // The embedded broker checks these against the registry; Mosquitto (anonymous) ignores them.
        username: `xnz-z${index % 10}-d${index}`,
        password: Buffer.from('x'),
      }),
    );
  }

  private readonly socket: net.Socket;
  private connected = false;

  /** Counts PUBACKs; true once the CONNACK came. Every packet a broker sends here is 4 bytes. */
  private read(chunk: Buffer): boolean {
    const data = this.pending.length > 0 ? Buffer.concat([this.pending, chunk]) : chunk;
    let offset = 0;
    for (; offset + 4 <= data.length; offset += 4) {
      const type = data[offset] >> 4;
      if (type === 2) this.connected = true;
      else if (type === 4) this.acked += 1;
    }
    this.pending = data.subarray(offset);
    return this.connected;
  }

  publish(payload: string): void {
    this.packetId = (this.packetId % 65_535) + 1;
    const body = Buffer.byteLength(payload);
    const remaining = 2 + this.topic.length + 2 + body;
    const lengthBytes = remaining < 128 ? 1 : remaining < 16_384 ? 2 : 3;
    const packet = Buffer.allocUnsafe(1 + lengthBytes + remaining);
    packet[0] = 0x32; // PUBLISH, QoS 1
    let n = remaining;
    let at = 1;
    do {
      let byte = n % 128;
      n = Math.floor(n / 128);
      if (n > 0) byte |= 0x80;
      packet[at++] = byte;
    } while (n > 0);
    packet.writeUInt16BE(this.topic.length, at);
    this.topic.copy(packet, at + 2);
    at += 2 + this.topic.length;
    packet.writeUInt16BE(this.packetId, at);
    packet.write(payload, at + 2);
    this.socket.write(packet);
  }
}

async function generate(url: string): Promise<void> {
  const devices = Array.from({ length: DEVICES }, (_, i) => new BenchDevice(url, i));
  await Promise.all(devices.map((d) => d.ready));
  const lastTs = new Array<number>(DEVICES).fill(0);
  let next = 0;
  const ackedTotal = () => devices.reduce((sum, d) => sum + d.acked, 0);
  process.on('message', (message: { rate: number; seconds: number }) => {
    const total = Math.round(message.rate * message.seconds);
    const ackedBefore = ackedTotal();
    let sent = 0;
    const started = Date.now();
    const timer = setInterval(() => {
      const due = Math.min(total, Math.floor(((Date.now() - started) / 1000) * message.rate)) - sent;
      for (let k = 0; k < due; k++) {
        const index = next++ % DEVICES;
        const ts = Math.max(Date.now(), lastTs[index] + 1);
        lastTs[index] = ts;
        const values = METRICS.map((m, j) => `"${m}":${m === 'battery_v' ? 12 : 20 + j + (ts % 7)}`);
        devices[index].publish(`{"ts":${ts},"seq":${ts},"values":{${values.join(',')}}}`);
        sent++;
      }
      if (sent >= total) {
        clearInterval(timer);
        const waitAcks = setInterval(() => {
          const acked = ackedTotal() - ackedBefore;
          if (acked >= sent || Date.now() - started > message.seconds * 1000 + 120_000) {
            clearInterval(waitAcks);
            process.send?.({ sent, acked, seconds: (Date.now() - started) / 1000 });
          }
        }, 20);
      }
    }, 10);
  });
  process.send?.({ ready: true });
}

// ---------------------------------------------------------------- shared measurement
interface Pipeline {
  readonly name: string;
  /** Called with (device ts, commit time) for every committed reading of the first metric. */
  onCommit(listener: (ts: number, at: number) => void): void;
  stored(): Promise<number>;
  close(): Promise<void>;
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
}

async function scratchDatabase(server: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `bench_ingest_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = Object.assign(new URL(server), { pathname: `/${name}` }).toString();
  await migrateDatabase(url);
  const sql = new pg.Client({ connectionString: url });
  await sql.connect();
  for (let z = 0; z < 10; z++) {
    const zone = (
      await sql.query<{ id: string }>(
        `INSERT INTO zones (site, code, kind, name) VALUES ('xnz', $1, 'greenhouse', $1) RETURNING id`,
        [`z${z}`],
      )
    ).rows[0];
    const hash = hashMosquittoPassword('x');
    await sql.query(
      `INSERT INTO devices (site, zone_id, zone_code, device, kind, interval_s, username, password_hash)
       SELECT 'xnz', $1, $2::text, 'd' || i, 'env', 1, 'xnz-' || $2::text || '-d' || i, $3
         FROM generate_series($4::int, 999, 10) AS i`,
      [zone.id, `z${z}`, hash, z],
    );
  }
  await sql.end();
  return {
    url,
    async drop() {
      const again = new pg.Client({ connectionString: server });
      await again.connect();
      await again.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await again.end();
    },
  };
}

async function countRows(url: string): Promise<number> {
  const sql = new pg.Client({ connectionString: url });
  await sql.connect();
  try {
    return Number((await sql.query<{ n: string }>('SELECT count(*) AS n FROM readings')).rows[0]?.n ?? 0);
  } finally {
    await sql.end();
  }
}

async function apiPipeline(
  brokerUrl: string | undefined,
  databaseUrl: string,
  dataDir: string,
): Promise<Pipeline & { brokerUrl: string }> {
  const config = loadAppConfig({
    DATABASE_URL: databaseUrl,
    ...(brokerUrl !== undefined ? { MQTT_URL: brokerUrl } : {}),
    MQTT_CLIENT_ID: `bench-api-${randomBytes(3).toString('hex')}`,
    DATA_DIR: dataDir,
    DEMO_SEED: '0',
    SIMULATOR: '0',
    LOG_LEVEL: 'warn',
    INGEST_MAX_QUEUED: '50000',
    ...ingestOverrides(),
  });
  const embedded =
    brokerUrl === undefined ? await startEmbeddedBroker({ host: '127.0.0.1', port: 0 }) : undefined;
  const app = await createApp(config, {
    databaseUrl,
    broker:
      embedded !== undefined
        ? { kind: 'embedded', broker: embedded, url: embedded.url }
        : { kind: 'external', url: brokerUrl!, username: undefined, password: undefined },
    clock: createClock(undefined),
  });
  await app.init();
  await app.get(BrokerLink).connected();
  const listeners: ((ts: number, at: number) => void)[] = [];
  app.get(DomainEvents).on('telemetry.accepted', (event) => {
    const at = Date.now();
    for (const reading of event.readings)
      if (reading.metric === METRICS[0]) for (const l of listeners) l(reading.ts, at);
  });
  return {
    name: embedded ? 'embedded' : 'api',
    brokerUrl: embedded?.url ?? brokerUrl!,
    onCommit: (listener) => listeners.push(listener),
    stored: () => countRows(databaseUrl),
    async close() {
      await app.close();
      await embedded?.close();
      if (!embedded) {
        const ids = Array.from({ length: config.ingest.consumers }, (_, i) =>
          config.ingest.consumers > 1 ? `${config.ingest.clientId}-${i + 1}` : config.ingest.clientId,
        );
        await purgeSessions(brokerUrl!, ids);
      }
    },
  };
}

/** The INGEST_* variables of this process, for the api and the baseline alike. */
function ingestOverrides(): Record<string, string> {
  return Object.fromEntries(
    Object.entries(process.env).filter(
      (entry): entry is [string, string] => entry[0].startsWith('INGEST_') && entry[1] !== undefined,
    ),
  );
}

/**
 * A pipeline's persistent sessions outlive it at the broker and would keep queueing every message
 * of the next pipeline's steps (Mosquitto work the next pipeline would pay for): end them.
 */
async function purgeSessions(url: string, clientIds: readonly string[]): Promise<void> {
  await Promise.all(
    clientIds.map(
      (clientId) =>
        new Promise<void>((resolve) => {
          const client = mqtt.connect(url, { protocolVersion: 4, clientId, clean: true, reconnectPeriod: 0 });
          client.once('connect', () => client.end(false, () => resolve()));
          client.once('error', () => client.end(true, () => resolve()));
        }),
    ),
  );
}

/**
 * No framework: socket consumers -> JSON.parse + ajv -> batch -> the same SQL -> PUBACK. Batching
 * and concurrency as the api ships them (rows per batch, flush time, concurrent batch writers,
 * consumer connections sharing the subscriptions), so the two differ only in what runs in Node.
 */
async function baselinePipeline(brokerUrl: string, databaseUrl: string): Promise<Pipeline> {
  const { ingest } = loadAppConfig({ DATABASE_URL: databaseUrl, ...ingestOverrides() });
  const dataSource = createDataSource(databaseUrl, { poolSize: ingest.writers + 2 });
  await dataSource.initialize();
  const repository = new TelemetryRepository(dataSource);
  await repository.ensurePartitions(Date.now() - 86_400_000, Date.now() + 86_400_000);
  const ids = new Map<string, string>();
  for (const row of await dataSource.query<{ id: string; zone_code: string; device: string }[]>(
    'SELECT id, zone_code, device FROM devices',
  )) {
    ids.set(`${row.zone_code}/${row.device}`, row.id);
  }
  const listeners: ((ts: number, at: number) => void)[] = [];
  // Messages waiting for a batch, taken from `head` on.
  let queue: { rows: ReadingRow[]; resolve: () => void }[] = [];
  let head = 0;
  let queuedRows = 0;
  let timer: NodeJS.Timeout | undefined;
  let writing = 0;
  const flush = async (): Promise<void> => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (writing >= ingest.writers || head === queue.length) return;
    writing += 1;
    const batch: ReadingRow[] = [];
    const done: (() => void)[] = [];
    while (head < queue.length && batch.length < ingest.batchRows) {
      const message = queue[head++];
      for (const row of message.rows) batch.push(row);
      done.push(message.resolve);
    }
    queuedRows -= batch.length;
    if (head === queue.length) {
      queue = [];
      head = 0;
    }
    schedule();
    for (;;) {
      try {
        await repository.writeBatch({ readings: batch, deadLetters: [], pending: [], presence: [] });
        break;
      } catch {
        await new Promise((r) => setTimeout(r, 200));
      }
    }
    const at = Date.now();
    for (const row of batch) if (row.metric === METRICS[0]) for (const l of listeners) l(row.ts, at);
    for (const wake of done) wake();
    writing -= 1;
    schedule();
  };
  const schedule = (): void => {
    if (queuedRows >= ingest.batchRows) void flush();
    else if (queuedRows > 0) timer ??= setTimeout(() => void flush(), ingest.flushMs);
  };
  // The api's fold (TelemetryJobs.fold): the same statement on the same timer, drained when behind.
  let folding = false;
  const fold = setInterval(() => {
    if (folding) return;
    folding = true;
    void repository
      .foldAll()
      .catch(() => undefined)
      .finally(() => (folding = false));
  }, FOLD_INTERVAL_MS);
  const clientIds = Array.from(
    { length: ingest.consumers },
    (_, i) => `bench-baseline-${randomBytes(3).toString('hex')}-${i}`,
  );
  const subscriptions =
    ingest.consumers > 1
      ? SERVER_SUBSCRIPTIONS.map((topic) => `$share/bench-baseline/${topic}`)
      : [...SERVER_SUBSCRIPTIONS];
  const consumers = clientIds.map(
    (clientId) =>
      new MqttIngestConsumer({
        url: brokerUrl,
        username: undefined,
        password: undefined,
        clientId,
        subscriptions,
        handle: (topic, payload) => {
          const parsed = parseTopic(topic);
          const result = parseDevicePayload('tele', payload);
          const id = parsed && ids.get(`${parsed.zone}/${parsed.device}`);
          if (!result.ok || !id) return Promise.resolve();
          const now = Date.now();
          const rows: ReadingRow[] = [];
          for (const sample of (Array.isArray(result.payload)
            ? result.payload
            : [result.payload]) as TelemetrySample[]) {
            for (const [metric, value] of Object.entries(sample.values)) {
              rows.push({
                deviceId: id,
                metric,
                ts: Number(sample.ts),
                value: Number(value),
                seq: sample.seq ?? null,
                receivedAt: now,
              });
            }
          }
          return new Promise<void>((resolve) => {
            queue.push({ rows, resolve });
            queuedRows += rows.length;
            schedule();
          });
        },
        saturated: () => queue.length - head >= 50_000,
        room: () => new Promise((r) => setTimeout(r, 50)),
      }),
  );
  for (const consumer of consumers) consumer.start();
  await Promise.all(consumers.map((consumer) => consumer.whenConnected()));
  return {
    name: 'baseline',
    onCommit: (listener) => listeners.push(listener),
    stored: () => countRows(databaseUrl),
    async close() {
      clearInterval(fold);
      await Promise.all(consumers.map((consumer) => consumer.stop()));
      await purgeSessions(brokerUrl, clientIds);
      await dataSource.destroy();
    },
  };
}

interface StepResult {
  rate: number;
  sent: number;
  stored: number;
  lost: number;
  p50: number;
  p99: number;
  cpuPer1k: number;
  rssMb: number;
  achieved: number;
}

async function runPipeline(
  pipeline: Pipeline,
  generator: ReturnType<typeof fork>,
  rates: readonly number[],
  stepS: number,
): Promise<StepResult[]> {
  const results: StepResult[] = [];
  let latencies: number[] = [];
  let expected = await pipeline.stored();
  pipeline.onCommit((ts, at) => latencies.push(at - ts));
  for (const rate of rates) {
    latencies = [];
    const cpuBefore = process.cpuUsage();
    generator.send({ rate, seconds: stepS });
    const { sent, acked, seconds } = await new Promise<{ sent: number; acked: number; seconds: number }>(
      (resolve) =>
        generator.once('message', (m) => resolve(m as { sent: number; acked: number; seconds: number })),
    );
    expected += acked * METRICS.length;
    // Wait until everything is stored, or nothing moved for 10 s (then the difference is lost).
    let stored = await pipeline.stored();
    let lastChange = Date.now();
    while (stored < expected && Date.now() - lastChange < 10_000) {
      await new Promise((r) => setTimeout(r, 250));
      const now = await pipeline.stored();
      if (now !== stored) lastChange = Date.now();
      stored = now;
    }
    const cpu = process.cpuUsage(cpuBefore);
    latencies.sort((a, b) => a - b);
    const result: StepResult = {
      rate,
      sent,
      stored: stored - (expected - acked * METRICS.length),
      lost: Math.max(0, expected - stored),
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      cpuPer1k: ((cpu.user + cpu.system) / 1e6 / Math.max(1, sent)) * 1000,
      rssMb: process.memoryUsage().rss / 1024 / 1024,
      // The rate the devices managed to publish and have acknowledged (a slow step stretches).
      achieved: sent / Math.max(stepS, seconds),
    };
    expected = stored;
    results.push(result);
    say(
      `  ${pipeline.name.padEnd(8)} ${String(rate).padStart(6)} msgs/s: sent ${sent}, rows stored ${result.stored}, lost ${result.lost}, ` +
        `p50 ${result.p50.toFixed(0)} ms, p99 ${result.p99.toFixed(0)} ms, CPU ${result.cpuPer1k.toFixed(3)} s/1k msgs, RSS ${result.rssMb.toFixed(0)} MB`,
    );
    if (result.p99 > 1000 || result.lost > 0) break;
  }
  return results;
}

async function main(): Promise<void> {
  if (process.argv[2] === '--generate') return generate(process.argv[3]);
  const configured =
    process.env['BENCH_DATABASE_URL'] ?? loadAppConfig().databaseUrl ?? loadTestConfig().databaseUrl;
  // Without a configured server the bench starts its own (embedded) PostgreSQL, as `npm start` does.
  const scratch = configured === undefined ? await startScratchPostgres(STOCK_POSTGRES_SIZES) : undefined;
  try {
    await measure(configured ?? scratch!.url);
  } finally {
    await scratch?.stop();
  }
}

async function measure(server: string): Promise<void> {
  const rates = (process.env['BENCH_RATES'] ?? '1000,5000,10000,15000,20000,25000').split(',').map(Number);
  const stepS = Number(process.env['BENCH_STEP_S'] ?? 10);
  const mosquitto = await startMosquitto();
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'yumiao-bench-ingest-'));
  say(
    `Mosquitto ${mosquitto.url} (shipped config); PostgreSQL ${new URL(server).host}; ${DEVICES} device connections, QoS 1, ${METRICS.length} values/message, ${stepS} s steps`,
  );
  const startGenerator = async (url: string) => {
    const child = fork(fileURLToPath(import.meta.url), ['--generate', url], { stdio: 'inherit' });
    await new Promise((resolve) => child.once('message', resolve));
    return child;
  };
  const generator = await startGenerator(mosquitto.url);
  const summary: Record<string, StepResult[]> = {};
  try {
    const names = (process.env['BENCH_PIPELINES'] ?? 'baseline,api,embedded').split(',') as (
      'baseline' | 'api' | 'embedded'
    )[];
    for (const name of names) {
      const database = await scratchDatabase(server);
      if (name === 'embedded') {
        // For information: the api with its in-process aedes (devices log in against the registry).
        const pipeline = await apiPipeline(undefined, database.url, dataDir);
        const own = await startGenerator(pipeline.brokerUrl);
        say(`${name}:`);
        summary[name] = await runPipeline(pipeline, own, rates, stepS);
        own.kill();
        await pipeline.close();
        await database.drop();
        continue;
      }
      const pipeline =
        name === 'api'
          ? await apiPipeline(mosquitto.url, database.url, dataDir)
          : await baselinePipeline(mosquitto.url, database.url);
      say(`${name}:`);
      summary[name] = await runPipeline(pipeline, generator, rates, stepS);
      await pipeline.close();
      await database.drop();
    }
  } finally {
    generator.kill();
    await mosquitto.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
  const best = (results: readonly StepResult[]) =>
    results.filter((r) => r.lost === 0 && r.p99 <= 1000).reduce((a, r) => Math.max(a, r.achieved), 0);
  const at = (results: readonly StepResult[], rate: number) => results.find((r) => r.rate === rate);
  const api = summary['api'] ?? [];
  const baseline = summary['baseline'] ?? [];
  say('');
  say('| figure | api | baseline | api / baseline |');
  say('|---|---|---|---|');
  const row = (label: string, a: number | undefined, b: number | undefined, digits = 0) =>
    say(
      `| ${label} | ${a?.toFixed(digits) ?? '—'} | ${b?.toFixed(digits) ?? '—'} | ${a !== undefined && b ? (a / b).toFixed(2) : '—'} |`,
    );
  row('highest sustained msgs/s', best(api), best(baseline));
  row('highest sustained rows/s', best(api) * METRICS.length, best(baseline) * METRICS.length);
  for (const rate of [1000, 5000]) {
    row(`p50 publish-to-commit at ${rate} msgs/s (ms)`, at(api, rate)?.p50, at(baseline, rate)?.p50);
    row(`p99 publish-to-commit at ${rate} msgs/s (ms)`, at(api, rate)?.p99, at(baseline, rate)?.p99);
  }
  row(
    'CPU s per 1,000 msgs at 5,000 msgs/s (whole bench process)',
    at(api, 5000)?.cpuPer1k,
    at(baseline, 5000)?.cpuPer1k,
    3,
  );
  row('RSS MB (bench process, end)', api.at(-1)?.rssMb, baseline.at(-1)?.rssMb);
  const embedded = summary['embedded'];
  if (embedded) {
    say('');
    say(
      `embedded aedes (for information): highest sustained ${best(embedded).toFixed(0)} msgs/s; ` +
        embedded.map((r) => `${r.rate}/s p50 ${r.p50.toFixed(0)} p99 ${r.p99.toFixed(0)} ms`).join('; '),
    );
  }
  process.exit(0);
}

await main();
