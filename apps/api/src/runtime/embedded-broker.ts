import { Aedes, type AuthenticateError, type Client, type PublishPacket, type Subscription } from 'aedes';
import { listenMqtt, unshareSubscription } from '#net';

/**
 * What the api plugs into the embedded broker (telemetry implements it: device logins, ACLs and
 * acknowledge-after-commit ingest).
 */
export interface BrokerHooks {
  authenticate(client: Client, username: string | undefined, password: Buffer | undefined): Promise<boolean>;
  /**
   * Resolve = accept, reject = refuse (aedes then closes the connection). For QoS 1 the PUBACK is
   * written only after this resolves, so resolving after the commit gives acknowledge-after-commit.
   */
  authorizePublish(client: Client, packet: PublishPacket): Promise<void>;
  /** The subscription to grant (possibly rewritten), or null to refuse it. */
  authorizeSubscribe(client: Client, subscription: Subscription): Promise<Subscription | null>;
}

export interface EmbeddedBroker {
  readonly aedes: Aedes;
  setHooks(hooks: BrokerHooks): void;
  close(): Promise<void>;
  /** mqtt://host:port where devices connect (0.0.0.0 is reported as 127.0.0.1). */
  readonly url: string;
}

export interface EmbeddedBrokerOptions {
  readonly host: string;
  readonly port: number;
  /** The variable named in the "port in use" message. */
  readonly portVariable?: string;
  /** Lines about the listener failing and reopening (main.ts prints them). */
  readonly log?: (line: string) => void;
  /** How long a login before the hooks waits (tests); default {@link LOGIN_HOLD_MS}. */
  readonly loginHoldMs?: number;
}

/** aedes answers CONNACK return code 5 (not authorized) for this. */
const NOT_AUTHORIZED = 5 as AuthenticateError['returnCode'];
/** CONNACK return code 3: the network connection is made but the MQTT service is unavailable. */
const SERVER_UNAVAILABLE = 3 as AuthenticateError['returnCode'];
/** How long a login that arrives before the app's hooks waits for them (the app's boot). */
export const LOGIN_HOLD_MS = 15_000;

/**
 * aedes 1.2 (MQTT 3.1.1) on a plain TCP listener. The listener opens before the app has booted and
 * set its hooks; a login that arrives meanwhile (devices reconnecting to a restarted api) waits for
 * them, up to {@link LOGIN_HOLD_MS}, and is then checked like any other. A boot that takes longer
 * answers 3 (server unavailable), never 5: "not authorized" tells a device its credentials are
 * wrong, and mqtt.js (so the simulator) and many firmwares stop trying on it. There is no
 * anonymous access, not even for the seconds of the boot.
 */
export async function startEmbeddedBroker(options: EmbeddedBrokerOptions): Promise<EmbeddedBroker> {
  let hooks: BrokerHooks | undefined;
  const waiting = new Set<(hooks: BrokerHooks) => void>();
  const hooksSoon = (): Promise<BrokerHooks | undefined> =>
    new Promise((resolve) => {
      const timer = setTimeout(() => {
        waiting.delete(resolve);
        resolve(undefined);
      }, options.loginHoldMs ?? LOGIN_HOLD_MS);
      timer.unref();
      waiting.add((set) => {
        clearTimeout(timer);
        resolve(set);
      });
    });

  const aedes = await Aedes.createBroker({
    authenticate: (client, username, password, done) => {
      const check = (set: BrokerHooks): void => {
        set.authenticate(client, username, password).then(
          (accepted) => done(accepted ? null : notAuthorized('bad username or password'), accepted),
          (error: unknown) => done(notAuthorized(String(error)), false),
        );
      };
      if (hooks !== undefined) {
        check(hooks);
        return;
      }
      void hooksSoon().then((set) => {
        if (set !== undefined) check(set);
        else done(serverUnavailable('the broker is not ready for connections yet'), false);
      });
    },
    authorizePublish: (client, packet, done) => {
      // client is null for the broker's own publishes (e.g. $SYS); those need no authorisation.
      if (client === null) {
        done(null);
        return;
      }
      if (hooks === undefined) {
        done(new Error('publish refused: broker hooks not set'));
        return;
      }
      hooks.authorizePublish(client, packet).then(
        () => done(null),
        (error: unknown) => done(error instanceof Error ? error : new Error(String(error))),
      );
    },
    authorizeSubscribe: (client, subscription, done) => {
      if (hooks === undefined) {
        done(new Error('subscribe refused: broker hooks not set'));
        return;
      }
      const plain = unshareSubscription(subscription);
      hooks.authorizeSubscribe(client, plain).then(
        (granted) => done(null, granted),
        (error: unknown) => done(error instanceof Error ? error : new Error(String(error))),
      );
    },
  });

  const listener = await listenMqtt(aedes, {
    host: options.host,
    port: options.port,
    portVariable: options.portVariable ?? 'MQTT_PORT',
    log: options.log,
  });
  return {
    aedes,
    url: listener.url,
    setHooks(next) {
      hooks = next;
      for (const resume of waiting) resume(next);
      waiting.clear();
    },
    close: () => listener.close(),
  };
}

function notAuthorized(message: string): AuthenticateError {
  return Object.assign(new Error(message), { returnCode: NOT_AUTHORIZED });
}

function serverUnavailable(message: string): AuthenticateError {
  return Object.assign(new Error(message), { returnCode: SERVER_UNAVAILABLE });
}
