import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import mqtt, { type MqttClient } from 'mqtt';
import type { AppConfig } from '#config';
import { APP_CONFIG, RUNTIME_SERVICES } from '../common/tokens.js';
import type { RuntimeServices } from '../runtime/runtime-services.js';
import { withTimeout } from '../common/with-timeout.js';

/**
 * How long a command's publish may wait for the broker's PUBACK. mqtt.js keeps an unacknowledged
 * publish pending for as long as the client is disconnected or stopping, and the tick job that
 * fires a schedule awaits it: without a bound one lost acknowledgement held the tick, and a stop,
 * forever. A publish that times out leaves the command queued; commands.service resends it.
 */
const PUBLISH_TIMEOUT_MS = 10_000;

/**
 * Publishes commands at QoS 1, never retained (a retained "irrigate" would replay on every
 * reconnect, §4.2): straight into the embedded aedes, or through an mqtt.js client with the api's
 * broker account on an external broker.
 */
@Injectable()
export class CommandPublisher implements OnModuleDestroy {
  private readonly logger = new Logger('commands');
  private client: Promise<MqttClient> | undefined;

  constructor(
    @Inject(RUNTIME_SERVICES) private readonly services: RuntimeServices,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async publish(topic: string, payload: object): Promise<void> {
    const body = Buffer.from(JSON.stringify(payload));
    const broker = this.services.broker;
    if (broker.kind === 'embedded') {
      await new Promise<void>((resolve, reject) =>
        broker.broker.aedes.publish(
          { cmd: 'publish', topic, payload: body, qos: 1, retain: false, dup: false },
          (error) => (error ? reject(error) : resolve()),
        ),
      );
      return;
    }
    const client = await this.connect(broker.url, broker.username, broker.password);
    await withTimeout(
      client.publishAsync(topic, body, { qos: 1, retain: false }),
      PUBLISH_TIMEOUT_MS,
      `the broker did not acknowledge ${topic} within ${PUBLISH_TIMEOUT_MS / 1000} s`,
    );
  }

  private connect(
    url: string,
    username: string | undefined,
    password: string | undefined,
  ): Promise<MqttClient> {
    this.client ??= (async () => {
      const account = username !== undefined ? { username, password } : await this.apiAccount();
      const client = mqtt.connect(url, {
        username: account.username,
        password: account.password,
        clientId: `yumiao-api-commands-${process.pid}`,
        protocolVersion: 4,
        clean: true,
        reconnectPeriod: 2000,
        connectTimeout: 10_000,
      });
      client.on('error', (error) => this.logger.warn(`command publisher: ${error.message}`));
      return client;
    })();
    return this.client;
  }

  /**
   * The api's broker account: MQTT_USERNAME/MQTT_PASSWORD, else the one the devices module keeps in
   * DATA_DIR/mqtt-api-account.json (read, not created, here: the devices module owns it).
   */
  private async apiAccount(): Promise<{ username: string | undefined; password: string | undefined }> {
    if (this.config.mqtt.username !== undefined)
      return { username: this.config.mqtt.username, password: this.config.mqtt.password };
    try {
      const stored = JSON.parse(
        await readFile(path.join(this.config.dataDir, 'mqtt-api-account.json'), 'utf8'),
      ) as {
        username: string;
        password: string;
      };
      return stored;
    } catch {
      return { username: undefined, password: undefined };
    }
  }

  /**
   * A polite end waits for in-flight publishes to be acknowledged, which can be forever while the
   * broker is unreachable: after 2 s it ends by force.
   */
  async onModuleDestroy(): Promise<void> {
    const client = await this.client;
    if (!client) return;
    const ended = await withTimeout(client.endAsync(), 2_000, 'end').then(
      () => true,
      () => false,
    );
    if (!ended) await client.endAsync(true);
  }
}
