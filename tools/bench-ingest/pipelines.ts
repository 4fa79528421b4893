/**
 * The pipelines under test, each run in a process of its own (`bench-ingest.js --pipeline NAME`) so
 * its CPU and RSS are its own: "api" (the whole Nest app against the bench's Mosquitto), "embedded"
 * (the api with its in-process aedes) and "baseline" (no framework, the same database work).
 * The parent drives steps over IPC; the process measures publish-to-commit (device timestamp ->
 * commit of its batch, both on this machine's clock), its CPU time and its peak RSS per step.
 */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import mqtt from 'mqtt';
import { loadAppConfig } from '#config';
import {
  SERVER_SUBSCRIPTIONS,
  createClock,
  parseDevicePayload,
  parseTopic,
  type TelemetrySample,
} from '#contracts';
import { createApp } from '../../apps/api/src/app.factory.js';
import { DomainEvents } from '../../apps/api/src/common/domain-events.js';
import { createDataSource } from '../../apps/api/src/database/data-source.js';
import { startEmbeddedBroker } from '../../apps/api/src/runtime/embedded-broker.js';
import { BrokerLink } from '../../apps/api/src/telemetry/broker-link.js';
import { MqttIngestConsumer } from '../../apps/api/src/telemetry/mqtt-ingest-consumer.js';
import type { ReadingRow } from '../../apps/api/src/telemetry/ingest.js';
import { TelemetryRepository } from '../../apps/api/src/telemetry/telemetry.repository.js';
import { FOLD_INTERVAL_MS } from '../../apps/api/src/telemetry/telemetry.jobs.js';
import '../../apps/api/src/telemetry/telemetry.events.js';
import { BENCH_METRICS } from './bench-fleet.js';

export type PipelineName = 'baseline' | 'api' | 'embedded';

interface Pipeline {
  readonly brokerUrl: string;
  /** Called with (device ts, commit time) for every committed reading of the first metric. */
  onCommit(listener: (ts: number, at: number) => void): void;
  close(): Promise<void>;
}

/** What the parent sends a pipeline process, and what it answers. */
export type PipelineRequest = { type: 'start-step' } | { type: 'end-step' } | { type: 'close' };
export interface StepFigures {
  readonly type: 'step';
  readonly p50: number;
  readonly p99: number;
  readonly cpuSeconds: number;
  readonly peakRssMb: number;
}
export type PipelineReply =
  { type: 'ready'; brokerUrl: string } | { type: 'step-started' } | StepFigures | { type: 'closed' };

async function apiPipeline(
  brokerUrl: string | undefined,
  databaseUrl: string,
  dataDir: string,
): Promise<Pipeline> {
  const config = loadAppConfig({
    DATABASE_URL: databaseUrl,
    ...(brokerUrl !== undefined ? { MQTT_URL: brokerUrl } : {}),
    MQTT_CLIENT_ID: `bench-api-${randomBytes(3).toString('hex')}`,
    DATA_DIR: dataDir,
    DEMO_SEED: '0',
    SIMULATOR: '0',
    // The bench's devices fall silent between steps: sensor-offline warnings would bury the figures.
    LOG_LEVEL: 'error',
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
      if (reading.metric === BENCH_METRICS[0]) for (const l of listeners) l(reading.ts, at);
  });
  return {
    brokerUrl: embedded?.url ?? brokerUrl!,
    onCommit: (listener) => listeners.push(listener),
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
    for (const row of batch) if (row.metric === BENCH_METRICS[0]) for (const l of listeners) l(row.ts, at);
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
        // The api's cap on messages waiting for a commit (INGEST_MAX_QUEUED), so both hold as much.
        saturated: () => queue.length - head >= ingest.maxQueuedMessages,
        room: () => new Promise((r) => setTimeout(r, 50)),
      }),
  );
  for (const consumer of consumers) consumer.start();
  await Promise.all(consumers.map((consumer) => consumer.whenConnected()));
  return {
    brokerUrl,
    onCommit: (listener) => listeners.push(listener),
    async close() {
      clearInterval(fold);
      await Promise.all(consumers.map((consumer) => consumer.stop()));
      await purgeSessions(brokerUrl, clientIds);
      await dataSource.destroy();
    },
  };
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
}

/** The `--pipeline` child: builds one pipeline, then answers the parent's step requests. */
export async function runPipelineProcess(
  name: PipelineName,
  brokerUrl: string,
  databaseUrl: string,
  dataDir: string,
): Promise<void> {
  const pipeline =
    name === 'baseline'
      ? await baselinePipeline(brokerUrl, databaseUrl)
      : await apiPipeline(name === 'embedded' ? undefined : brokerUrl, databaseUrl, dataDir);
  let latencies: number[] = [];
  pipeline.onCommit((ts, at) => latencies.push(at - ts));
  let cpuBefore = process.cpuUsage();
  let peakRss = 0;
  // RSS peaks while a step's queue fills, not at its end: sample it.
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
  const reply = (message: PipelineReply) => process.send?.(message);
  process.on('message', (request: PipelineRequest) => {
    if (request.type === 'start-step') {
      latencies = [];
      cpuBefore = process.cpuUsage();
      peakRss = process.memoryUsage().rss;
      reply({ type: 'step-started' });
    } else if (request.type === 'end-step') {
      const cpu = process.cpuUsage(cpuBefore);
      const sorted = latencies.sort((a, b) => a - b);
      reply({
        type: 'step',
        p50: percentile(sorted, 50),
        p99: percentile(sorted, 99),
        cpuSeconds: (cpu.user + cpu.system) / 1e6,
        peakRssMb: Math.max(peakRss, process.memoryUsage().rss) / 1024 / 1024,
      });
    } else {
      clearInterval(sampler);
      void pipeline.close().then(() => {
        reply({ type: 'closed' });
        process.exit(0);
      });
    }
  });
  reply({ type: 'ready', brokerUrl: pipeline.brokerUrl });
}
