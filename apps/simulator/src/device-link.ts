// One field device's MQTT connection: 3.1.1 with a persistent session (clientId = username) and a
// retained last will of `online: false`. Events of a connection already replaced are ignored.
import mqtt, { type MqttClient } from 'mqtt';
import { deviceTopic, type DeviceCredentials } from '#contracts';

export interface LinkHandlers {
  connected(sessionPresent: boolean): void;
  message(topic: string, payload: Buffer): void;
  offline(): void;
  error(message: string): void;
  publishError(message: string): void;
}

export class DeviceLink {
  private client: MqttClient | undefined;
  private handlers: LinkHandlers | undefined;
  /** Messages handed to the client (each once, whatever its QoS 1 retries). */
  published = 0;

  constructor(
    private readonly credentials: DeviceCredentials,
    private readonly brokerUrl: string,
    private readonly reconnectPeriodMs: number,
  ) {}

  /** A connection is wanted (it may be reconnecting). */
  get open(): boolean {
    return this.client !== undefined;
  }

  get connected(): boolean {
    return this.client?.connected === true;
  }

  connect(handlers: LinkHandlers): void {
    const { credentials } = this;
    this.handlers = handlers;
    const client = mqtt.connect(this.brokerUrl, {
      protocolVersion: 4,
      clean: false,
      clientId: credentials.username,
      username: credentials.username,
      password: credentials.password === '' ? undefined : credentials.password,
      reconnectPeriod: this.reconnectPeriodMs,
      // A field device keeps trying after a refusal (a restarting api answers "server unavailable"
      // for a moment); mqtt.js would otherwise give up for good on any refused CONNACK.
      reconnectOnConnackError: true,
      connectTimeout: 10_000,
      keepalive: 30,
      queueQoSZero: false,
      will: {
        topic: deviceTopic(credentials, 'status'),
        payload: Buffer.from('{"online":false}'),
        qos: 1,
        retain: true,
      },
    });
    this.client = client;
    client.on('connect', (connack) => {
      if (this.client === client) handlers.connected(connack.sessionPresent);
    });
    client.on('message', (topic, payload) => handlers.message(topic, payload));
    client.on('offline', () => {
      if (this.client === client) handlers.offline();
    });
    client.on('error', (error) => {
      if (this.client === client) handlers.error(error.message);
    });
  }

  subscribe(topic: string): void {
    this.client?.subscribe(topic, { qos: 1 });
  }

  /** Ends the socket without DISCONNECT, so the broker publishes the last will; false if none. */
  drop(): boolean {
    const client = this.client;
    this.client = undefined;
    if (client === undefined) return false;
    client.end(true);
    return true;
  }

  /** A graceful close publishes `lastWords` (retained) itself, then disconnects cleanly. */
  async close(graceful: boolean, topic: string, lastWords: string): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (client === undefined) return;
    if (graceful && client.connected) {
      await client.publishAsync(topic, lastWords, { qos: 1, retain: true }).catch(() => undefined);
      await client.endAsync(false).catch(() => undefined);
    } else {
      client.end(true);
    }
  }

  publish(topic: string, payload: string, retain: boolean): void {
    const client = this.client;
    if (client === undefined || !client.connected) return;
    this.published += 1;
    client.publish(topic, payload, { qos: 1, retain }, (error) => {
      if (error !== undefined && error !== null && this.client === client)
        this.handlers?.publishError(error.message);
    });
  }
}
