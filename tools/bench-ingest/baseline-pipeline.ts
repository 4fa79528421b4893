/**
 * The "baseline" pipeline: no framework, the same database work as the api (see below).
 */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { loadAppConfig } from '#config';
import { SERVER_SUBSCRIPTIONS, parseDevicePayload, parseTopic, type TelemetrySample } from '#contracts';
import { createDataSource } from '../../apps/api/src/database/data-source.js';
import { MqttIngestConsumer } from '../../apps/api/src/telemetry/mqtt-ingest-consumer.js';
import type { ReadingRow } from '../../apps/api/src/telemetry/ingest.js';
import { ReadingSeriesRepository } from '../../apps/api/src/telemetry/reading-series.repository.js';
import { TelemetryRepository } from '../../apps/api/src/telemetry/telemetry.repository.js';
import { FOLD_INTERVAL_MS } from '../../apps/api/src/telemetry/telemetry.jobs.js';
import { BENCH_METRICS } from './bench-fleet.js';
import { ingestOverrides, purgeSessions, type Pipeline } from './pipeline-common.js';

/**
 * No framework: socket consumers -> JSON.parse + ajv -> batch -> the same SQL -> PUBACK. Batching
 * and concurrency as the api ships them (rows per batch, flush time, concurrent batch writers,
 * consumer connections sharing the subscriptions), so the two differ only in what runs in Node.
 */
export async function baselinePipeline(brokerUrl: string, databaseUrl: string): Promise<Pipeline> {
  const { ingest } = loadAppConfig({ DATABASE_URL: databaseUrl, ...ingestOverrides() });
  const dataSource = createDataSource(databaseUrl, { poolSize: ingest.writers + 2 });
  await dataSource.initialize();
  const repository = new TelemetryRepository(dataSource, new ReadingSeriesRepository(dataSource));
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
