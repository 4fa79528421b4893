import { randomBytes } from 'node:crypto';
import { Aedes } from 'aedes';
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import { loadTestConfig } from '#config';
import { listenMqtt, unshareSubscription } from '#net';

export interface TestBroker {
  /** mqtt://host:port */
  readonly url: string;
  /** Set when the broker runs in this process (no TEST_MQTT_URL): tests may hook into it. */
  readonly aedes: Aedes | undefined;
  close(): Promise<void>;
}

/**
 * TEST_MQTT_URL when set (close() then does nothing), else an aedes broker (MQTT 3.1.1) on a free
 * port in this process, open to every client and with `$share/<group>/` rewritten to a plain
 * subscription as the api's embedded broker does. Tests share an external broker, so they must
 * use their own client ids and topics (see {@link mqttClient} and {@link uniqueId}).
 */
export async function useTestBroker(options: { private?: boolean } = {}): Promise<TestBroker> {
  // A private broker for a test that must hear no other test file's devices, even when the run
  // shares one Mosquitto (TEST_MQTT_URL) between them.
  const external = options.private ? undefined : loadTestConfig().mqttUrl;
  if (external !== undefined) return { url: external, aedes: undefined, close: () => Promise.resolve() };

  const aedes = await Aedes.createBroker({
    authorizeSubscribe: (_client, subscription, done) => done(null, unshareSubscription(subscription)),
  });
  const listener = await listenMqtt(aedes, { host: '127.0.0.1', port: 0 });
  return { url: listener.url, aedes, close: () => listener.close() };
}

/** A short id unique to this test process, for MQTT client ids, topics and names. */
export function uniqueId(prefix = 't'): string {
  return `${prefix}-${process.pid}-${randomBytes(4).toString('hex')}`;
}

/**
 * An mqtt.js client, connected (MQTT 3.1.1 by default, the protocol the embedded broker speaks),
 * with a unique client id unless one is given. Rejects when the broker refuses the connection.
 */
export async function mqttClient(url: string, options: IClientOptions = {}): Promise<MqttClient> {
  const client = mqtt.connect(url, {
    protocolVersion: 4,
    clientId: uniqueId('test'),
    reconnectPeriod: 0,
    connectTimeout: 5_000,
    ...options,
  });
  await new Promise<void>((resolve, reject) => {
    const onError = (error: Error): void => {
      client.end(true);
      reject(error);
    };
    client.once('connect', () => {
      client.off('error', onError);
      resolve();
    });
    client.once('error', onError);
    client.once('close', () => reject(new Error(`The connection to ${url} closed before CONNACK`)));
  });
  return client;
}
