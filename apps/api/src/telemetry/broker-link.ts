import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import type { Client } from 'aedes';
import type { AppConfig } from '#config';
import { SERVER_SUBSCRIPTIONS, parseTopic, type Clock } from '#contracts';
import { DomainEvents } from '../common/domain-events.js';
import { APP_CONFIG, CLOCK, RUNTIME_SERVICES } from '../common/tokens.js';
import { BrokerStatus } from '../health/broker-status.js';
import { mayPublish, maySubscribe, type BrokerAccount } from '../devices/broker-acl.js';
import { loadApiBrokerAccount, type ApiBrokerAccount } from '../devices/broker-accounts.js';
import { DeviceDirectory } from '../devices/device-directory.js';
import '../devices/devices.events.js';
import { verifyMosquittoPassword } from '../devices/mosquitto-password.js';
import type { BrokerHooks } from '../runtime/embedded-broker.js';
import type { RuntimeServices } from '../runtime/runtime-services.js';
import { SettingsRepository } from '../settings/settings.repository.js';
import {
  CONSUMER_SESSIONS_SETTING,
  drainConsumerSession,
  staleSessions,
  type ConsumerSessions,
} from './consumer-session-drain.js';
import { IngestService } from './ingest.service.js';
import { MqttIngestConsumer } from './mqtt-ingest-consumer.js';
import { TelemetryRepository } from './telemetry.repository.js';

/**
 * The client ids of the api's consumer connections to an external broker (each keeps a persistent
 * session there): the configured id, numbered when there are several.
 */
export function ingestConsumerClientIds(ingest: AppConfig['ingest']): string[] {
  return Array.from({ length: ingest.consumers }, (_, index) =>
    ingest.consumers > 1 ? `${ingest.clientId}-${index + 1}` : ingest.clientId,
  );
}

/** How long a logged-in connection not yet registered by aedes keeps its device online. */
const JOINING_MS = 10_000;

/**
 * Connects the ingest to the broker: with the embedded aedes, as its hooks (device logins, the ACL,
 * and a PUBACK that waits for the commit because aedes writes it only after authorizePublish
 * resolves); with an external broker, as a persistent-session consumer.
 */
@Injectable()
export class BrokerLink implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('mqtt');
  private readonly consumers: MqttIngestConsumer[] = [];
  private readonly accounts = new WeakMap<Client, BrokerAccount>();
  /**
   * Each device's connections: logged in (joining, with the time) or registered by aedes (live).
   * A new connection with a client id already in use replaces the old one, and aedes reports the
   * old one's disconnect before it registers the new one: joining ones count for a while.
   */
  private readonly connections = new Map<string, Map<Client, { live: boolean; since: number }>>();
  private apiAccount: ApiBrokerAccount | undefined;
  private closing = false;

  constructor(
    private readonly ingest: IngestService,
    private readonly directory: DeviceDirectory,
    private readonly repository: TelemetryRepository,
    private readonly status: BrokerStatus,
    private readonly events: DomainEvents,
    private readonly settings: SettingsRepository,
    @Inject(RUNTIME_SERVICES) private readonly services: RuntimeServices,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.apiAccount = await loadApiBrokerAccount(this.config);
    const broker = this.services.broker;
    if (broker.kind === 'embedded') {
      broker.broker.setHooks(this.hooks());
      broker.broker.aedes.on('client', (client) => this.registered(client));
      broker.broker.aedes.on('clientDisconnect', (client) => this.disconnected(client));
      broker.broker.aedes.on('clientError', (client) => this.forgetJoining(client));
      this.events.on('device.access-revoked', ({ deviceId }) => this.endConnections(deviceId));
      return;
    }
    const writer = this.ingest.writer;
    const count = this.config.ingest.consumers;
    // Each connection has its own in-flight window at the broker (Mosquitto's max_inflight_messages
    // counts the PUBACKs this consumer holds until commit); several share the subscriptions.
    const subscriptions =
      count > 1
        ? // The group is this api's client id: two api deployments (or two test runs) on one broker
          // must not split each other's messages between them.
          SERVER_SUBSCRIPTIONS.map((topic) => `$share/${this.config.ingest.clientId}/${topic}`)
        : [...SERVER_SUBSCRIPTIONS];
    for (const clientId of ingestConsumerClientIds(this.config.ingest)) {
      this.consumers.push(
        new MqttIngestConsumer({
          url: broker.url,
          username: broker.username ?? this.apiAccount.username,
          password: broker.password ?? this.apiAccount.password,
          clientId,
          subscriptions,
          handle: (topic, payload) => this.ingest.ingest(topic, payload),
          saturated: () => writer.saturated,
          room: () => writer.room(),
          log: (level, message) => (level === 'warn' ? this.logger.warn(message) : this.logger.log(message)),
        }),
      );
    }
    this.status.useProbe(() => this.consumers.length > 0 && this.consumers.every((c) => c.connected));
    for (const consumer of this.consumers) consumer.start();
    // In the background: the new consumers ingest meanwhile, and readiness says a drain runs.
    void this.drainStaleSessions({
      url: broker.url,
      username: broker.username ?? this.apiAccount.username,
      password: broker.password ?? this.apiAccount.password,
    });
  }

  /**
   * Sessions of the last run's consumers that this run does not use are emptied into the ingest
   * and deleted (consumer-session-drain.ts); then this run's sessions are recorded. A drain that
   * fails leaves the record as it was, so the next start tries again.
   */
  private async drainStaleSessions(broker: {
    url: string;
    username: string;
    password: string;
  }): Promise<void> {
    const current: ConsumerSessions = {
      group: this.config.ingest.clientId,
      clientIds: ingestConsumerClientIds(this.config.ingest),
    };
    try {
      const previous = await this.settings.get<ConsumerSessions | null>(CONSUMER_SESSIONS_SETTING, null);
      const stale = staleSessions(previous, current.clientIds);
      for (const clientId of stale) {
        if (this.closing) return;
        this.status.setDraining(clientId);
        this.logger.warn(`draining the unused ingest session ${clientId} at the broker`);
        await drainConsumerSession(clientId, previous?.group ?? current.group, {
          ...broker,
          handle: (topic, payload) => this.ingest.ingest(topic, payload),
          saturated: () => this.ingest.writer.saturated,
          room: () => this.ingest.writer.room(),
          log: (level, message) => (level === 'warn' ? this.logger.warn(message) : this.logger.log(message)),
        });
        this.logger.warn(`the unused ingest session ${clientId} is drained and deleted`);
      }
      await this.settings.set(CONSUMER_SESSIONS_SETTING, current);
    } catch (error) {
      this.logger.warn(
        `draining unused ingest sessions stopped, retried at the next start: ${String(error)}`,
      );
    } finally {
      this.status.setDraining(undefined);
    }
  }

  async onModuleDestroy(): Promise<void> {
    this.closing = true;
    await Promise.all(this.consumers.map((consumer) => consumer.stop()));
  }

  /** For tests and the benchmark: the external consumer, once connected. */
  async connected(): Promise<void> {
    await Promise.all(this.consumers.map((consumer) => consumer.whenConnected()));
  }

  hooks(): BrokerHooks {
    return {
      authenticate: async (client, username, password) => {
        if (username === undefined || password === undefined) return false;
        const secret = password.toString('utf8');
        const api = this.apiAccount;
        if (api && username === api.username && verifyMosquittoPassword(secret, api.passwordHash)) {
          this.accounts.set(client, { kind: 'api', username });
          return true;
        }
        const entry = this.directory.byMqttUsername(username);
        if (!entry || !entry.enabled || !verifyMosquittoPassword(secret, entry.passwordHash)) return false;
        this.accounts.set(client, { kind: 'device', entry });
        this.connectionsOf(entry.id).set(client, { live: false, since: Date.now() });
        return true;
      },
      authorizePublish: async (client, packet) => {
        const account = this.accounts.get(client);
        if (!account || !mayPublish(this.current(account), packet.topic)) {
          throw new Error(`publish to ${packet.topic} not allowed`);
        }
        const parsed = parseTopic(packet.topic);
        if (parsed === undefined || parsed.channel === 'cmd') return;
        // Resolving after the commit is what makes aedes send the PUBACK only then.
        await this.ingest.writer.room();
        await this.ingest.ingest(
          packet.topic,
          Buffer.isBuffer(packet.payload) ? packet.payload : Buffer.from(packet.payload),
        );
      },
      authorizeSubscribe: async (client, subscription) => {
        const account = this.accounts.get(client);
        return account && maySubscribe(this.current(account), subscription.topic) ? subscription : null;
      },
    };
  }

  /** A disabled or rotated device loses its rights at once, not at its next login. */
  private current(account: BrokerAccount): BrokerAccount {
    if (account.kind === 'api') return account;
    const entry = this.directory.byId(account.entry.id);
    return entry && entry.username === account.entry.username
      ? { kind: 'device', entry }
      : { kind: 'device', entry: { ...account.entry, enabled: false } };
  }

  /**
   * A disabled device, or one given a new password, is cut off now, not at its next login: a
   * stolen password stops working for the connection that already used it too.
   */
  private endConnections(deviceId: string): void {
    const connections = this.connections.get(deviceId);
    if (connections === undefined) return;
    for (const client of [...connections.keys()]) client.close();
  }

  private connectionsOf(deviceId: string): Map<Client, { live: boolean; since: number }> {
    let connections = this.connections.get(deviceId);
    if (!connections) {
      connections = new Map();
      this.connections.set(deviceId, connections);
    }
    return connections;
  }

  private registered(client: Client): void {
    const account = this.accounts.get(client);
    if (account?.kind === 'device')
      this.connectionsOf(account.entry.id).set(client, { live: true, since: Date.now() });
  }

  private forgetJoining(client: Client): void {
    const account = this.accounts.get(client);
    if (account?.kind !== 'device') return;
    const connections = this.connections.get(account.entry.id);
    if (connections?.get(client)?.live === false) connections.delete(client);
  }

  private disconnected(client: Client): void {
    const account = this.accounts.get(client);
    if (account?.kind !== 'device' || this.closing) return;
    const { entry } = account;
    const connections = this.connectionsOf(entry.id);
    connections.delete(client);
    const now = Date.now();
    for (const [other, state] of connections) {
      if (!state.live && now - state.since > JOINING_MS) connections.delete(other);
    }
    // Still connected another way (or replaced by a new connection with the same client id).
    if (connections.size > 0) return;
    this.connections.delete(entry.id);
    // The last will (if any) already went through the ingest; this covers devices without one.
    const at = this.clock.now();
    this.ingest.writer.forgetSeen(entry.id);
    void this.repository
      .markOffline(entry.id, at)
      .then(() =>
        this.events.emit('device.presence', {
          site: entry.site,
          zone: entry.zone,
          device: entry.device,
          deviceId: entry.id,
          presence: 'offline',
          at,
          reason: 'disconnected',
        }),
      )
      .catch((error: unknown) => this.logger.warn(`presence not written: ${String(error)}`));
  }
}
