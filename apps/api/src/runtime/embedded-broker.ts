import net from 'node:net';
import { Aedes, type AuthenticateError, type Client, type PublishPacket, type Subscription } from 'aedes';
import { listen } from './ports.js';

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
}

/** aedes answers CONNACK return code 5 (not authorized) for this. */
const NOT_AUTHORIZED = 5 as AuthenticateError['returnCode'];
const SHARED_PREFIX = /^\$share\/[^/]+\/(.+)$/;

/**
 * aedes 1.2 (MQTT 3.1.1) on a plain TCP listener. Until the app sets its hooks every connection is
 * refused: there is no anonymous access, not even for the seconds of the boot.
 */
export async function startEmbeddedBroker(options: EmbeddedBrokerOptions): Promise<EmbeddedBroker> {
  let hooks: BrokerHooks | undefined;

  const aedes = await Aedes.createBroker({
    authenticate: (client, username, password, done) => {
      if (hooks === undefined) {
        done(notAuthorized('the broker is not ready for connections yet'), false);
        return;
      }
      hooks.authenticate(client, username, password).then(
        (accepted) => done(accepted ? null : notAuthorized('bad username or password'), accepted),
        (error: unknown) => done(notAuthorized(String(error)), false),
      );
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
      // aedes acknowledges `$share/<group>/<topic>` but delivers nothing to it; as a single
      // process we have one consumer per group anyway, so a plain subscription is equivalent.
      // Rewritten in place: aedes persists the SUBSCRIBE packet's own subscription objects for a
      // persistent session (clean=false), and a copy would leave `$share/...` stored there.
      const shared = SHARED_PREFIX.exec(subscription.topic);
      if (shared?.[1] !== undefined) subscription.topic = shared[1];
      const plain = subscription;
      hooks.authorizeSubscribe(client, plain).then(
        (granted) => done(null, granted),
        (error: unknown) => done(error instanceof Error ? error : new Error(String(error))),
      );
    },
  });

  const server = net.createServer(aedes.handle);
  const sockets = new Set<net.Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  try {
    await listen(server, options.port, options.host, options.portVariable ?? 'MQTT_PORT');
  } catch (error) {
    await new Promise<void>((resolve) => aedes.close(() => resolve()));
    throw error;
  }
  const address = server.address();
  const port = address !== null && typeof address === 'object' ? address.port : options.port;
  const host = options.host === '0.0.0.0' || options.host === '::' ? '127.0.0.1' : options.host;

  let closing: Promise<void> | undefined;
  return {
    aedes,
    url: `mqtt://${host.includes(':') ? `[${host}]` : host}:${port}`,
    setHooks(next) {
      hooks = next;
    },
    close() {
      closing ??= (async () => {
        // Stop accepting first, then close aedes, which ends the client connections; the server's
        // close callback fires once they are gone.
        const serverClosed = new Promise<void>((resolve) => server.close(() => resolve()));
        await new Promise<void>((resolve) => aedes.close(() => resolve()));
        for (const socket of sockets) socket.destroy();
        await serverClosed;
      })();
      return closing;
    },
  };
}

function notAuthorized(message: string): AuthenticateError {
  return Object.assign(new Error(message), { returnCode: NOT_AUTHORIZED });
}
