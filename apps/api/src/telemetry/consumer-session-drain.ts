import { SERVER_SUBSCRIPTIONS } from '#contracts';
import { MqttIngestConsumer, type MqttIngestConsumerOptions } from './mqtt-ingest-consumer.js';
import { withTimeout } from '../common/with-timeout.js';

/** The consumer sessions the api last used at the external broker (kept in the settings table). */
export interface ConsumerSessions {
  /** The shared-subscription group (MQTT_CLIENT_ID) those sessions subscribed under. */
  readonly group: string;
  readonly clientIds: readonly string[];
}

export const CONSUMER_SESSIONS_SETTING = 'ingest.consumer-sessions';

/** How long a draining session must stay quiet before it counts as empty. */
const QUIET_MS = 2_000;
/** A session the broker does not answer for is left for the next start. */
const CONNECT_TIMEOUT_MS = 30_000;

/** The sessions of the last run that this run no longer uses. */
export function staleSessions(previous: ConsumerSessions | null, currentIds: readonly string[]): string[] {
  if (previous === null) return [];
  const current = new Set(currentIds);
  return previous.clientIds.filter((id) => !current.has(id));
}

/**
 * Empties and deletes one persistent session the api no longer uses. Fewer consumers than last
 * time (INGEST_CONSUMERS lowered, or MQTT_CLIENT_ID changed) leaves the old sessions at the broker,
 * and Mosquitto keeps handing them their share of the shared subscription while nobody reads them:
 * those readings would be stranded. So: connect as that session (clean=false) without
 * subscribing, unsubscribe its filters (no new messages reach it), ingest what it holds until it
 * is quiet and every message is committed, disconnect, then connect once with clean=true, which
 * deletes the session.
 */
export async function drainConsumerSession(
  clientId: string,
  group: string,
  connection: Pick<
    MqttIngestConsumerOptions,
    'url' | 'username' | 'password' | 'handle' | 'saturated' | 'room' | 'log'
  >,
): Promise<void> {
  const filters = [
    ...SERVER_SUBSCRIPTIONS,
    ...SERVER_SUBSCRIPTIONS.map((topic) => `$share/${group}/${topic}`),
  ];
  const draining = new MqttIngestConsumer({
    ...connection,
    clientId,
    subscriptions: [],
    unsubscribe: filters,
  });
  await whileConnected(draining, async () => {
    const connectedAt = Date.now();
    for (;;) {
      const quietSince = Math.max(draining.lastMessageTime, connectedAt);
      if (draining.inFlight === 0 && Date.now() - quietSince >= QUIET_MS) return;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  });
  // A clean session holds nothing to ingest: connecting with clean=true is what deletes it.
  const deleting = new MqttIngestConsumer({
    ...connection,
    clientId,
    clean: true,
    subscriptions: [],
    handle: () => Promise.resolve(),
  });
  await whileConnected(deleting, () => Promise.resolve());
}

/** Starts the connection, runs `work` once it is connected, and always disconnects. */
async function whileConnected(consumer: MqttIngestConsumer, work: () => Promise<void>): Promise<void> {
  consumer.start();
  try {
    await withTimeout(consumer.whenConnected(), CONNECT_TIMEOUT_MS, 'the broker did not answer');
    await work();
  } finally {
    await consumer.stop();
  }
}
