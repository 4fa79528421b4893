/**
 * The "api" and "embedded" pipelines: the whole Nest app (IngestService, the mqtt-packet consumers,
 * PUBACK after commit, every module listening to `telemetry.accepted`), against the bench's
 * Mosquitto or with its own in-process aedes.
 */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { loadAppConfig } from '#config';
import { createClock } from '#contracts';
import { createApp } from '../../apps/api/src/app.factory.js';
import { DomainEvents } from '../../apps/api/src/common/domain-events.js';
import { startEmbeddedBroker } from '../../apps/api/src/runtime/embedded-broker.js';
import { BrokerLink, ingestConsumerClientIds } from '../../apps/api/src/telemetry/broker-link.js';
import '../../apps/api/src/telemetry/telemetry.events.js';
import { BENCH_METRICS } from './bench-fleet.js';
import { ingestOverrides, purgeSessions, type Pipeline } from './pipeline-common.js';

export async function apiPipeline(
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
        await purgeSessions(brokerUrl!, ingestConsumerClientIds(config.ingest));
      }
    },
  };
}
