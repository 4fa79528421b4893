import net from 'node:net';
import type { Aedes, Subscription } from 'aedes';
import { listen } from './ports.js';

export interface MqttListener {
  /** mqtt://host:port where clients connect (0.0.0.0 and :: are reported as 127.0.0.1). */
  readonly url: string;
  readonly port: number;
  /** Stops accepting, closes aedes (which ends its clients) and waits for the listener to close. */
  close(): Promise<void>;
  /** The listening server now: a new one after a failure reopened it (tests close it to fail it). */
  server(): net.Server;
  /** How many times the listener was reopened after it closed or failed by itself. */
  readonly reopened: number;
}

export interface MqttListenerOptions {
  readonly host: string;
  /** 0 lets the kernel pick a free port. */
  readonly port: number;
  /** The variable named in the "port in use" message. */
  readonly portVariable?: string;
  /** One line per failure and per reopening (the api's log). */
  readonly log?: (line: string) => void;
}

/** Backoff between attempts to reopen a failed listener: 1 s doubling to 30 s. */
const REOPEN_FIRST_MS = 1_000;
const REOPEN_MAX_MS = 30_000;

const SHARED_PREFIX = /^\$share\/[^/]+\/(.+)$/;

/**
 * aedes acknowledges `$share/<group>/<topic>` but delivers nothing to it; one process has one
 * consumer per group anyway, so a plain subscription is equivalent. Rewritten in place: aedes
 * persists the SUBSCRIBE packet's own subscription objects for a persistent session (clean=false),
 * and a copy would leave `$share/...` stored there and deliver nothing to that session.
 */
export function unshareSubscription(subscription: Subscription): Subscription {
  const shared = SHARED_PREFIX.exec(subscription.topic);
  if (shared?.[1] !== undefined) subscription.topic = shared[1];
  return subscription;
}

/**
 * Serves an aedes broker on a plain TCP listener. The product's embedded broker and the test
 * harness's broker both start this way; on a listen failure aedes is closed before the error
 * (a {@link PortInUseError} for a taken port) is thrown.
 */
export async function listenMqtt(aedes: Aedes, options: MqttListenerOptions): Promise<MqttListener> {
  const sockets = new Set<net.Socket>();
  const log = options.log ?? (() => undefined);
  const createServer = (): net.Server => {
    const created = net.createServer(aedes.handle);
    created.on('connection', (socket) => {
      sockets.add(socket);
      socket.once('close', () => sockets.delete(socket));
    });
    return created;
  };
  let server = createServer();
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
  let reopened = 0;
  let retryTimer: NodeJS.Timeout | undefined;

  /**
   * aedes runs in the api's process, so nothing outside restarts its listener: a listener that
   * fails or closes by itself (an accept error, file descriptors exhausted) is reopened on the same
   * port, with backoff, while the clients already connected keep their sockets.
   */
  const watch = (watched: net.Server): void => {
    watched.on('error', (error) => {
      log(`MQTT listener error: ${error.message}`);
      if (!watched.listening) reopenLater(watched, REOPEN_FIRST_MS);
    });
    watched.on('close', () => reopenLater(watched, REOPEN_FIRST_MS));
  };
  // A closed listener emits 'close' only once its connections are gone: a look each second finds
  // one that stopped listening while devices stay connected.
  const check = setInterval(() => {
    if (!server.listening) reopenLater(server, REOPEN_FIRST_MS);
  }, 1_000);
  check.unref();
  const reopenLater = (failed: net.Server, delayMs: number): void => {
    if (closing !== undefined || failed !== server || retryTimer !== undefined) return;
    log(`MQTT listener on port ${port} stopped; reopening in ${delayMs / 1000} s`);
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      void reopen(failed, delayMs);
    }, delayMs);
    retryTimer.unref();
  };
  const reopen = async (failed: net.Server, delayMs: number): Promise<void> => {
    if (closing !== undefined || failed !== server) return;
    const next = createServer();
    try {
      await listen(next, port, options.host, options.portVariable ?? 'MQTT_PORT');
    } catch (error) {
      log(
        `MQTT listener could not reopen on port ${port}: ${error instanceof Error ? error.message : String(error)}`,
      );
      reopenLater(failed, Math.min(delayMs * 2, REOPEN_MAX_MS));
      return;
    }
    server = next;
    reopened += 1;
    watch(next);
    log(`MQTT listener reopened on port ${port}`);
  };
  watch(server);

  return {
    url: `mqtt://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    server: () => server,
    get reopened() {
      return reopened;
    },
    close() {
      closing ??= (async () => {
        clearInterval(check);
        if (retryTimer !== undefined) clearTimeout(retryTimer);
        // Stop accepting first, then close aedes, which ends the client connections; the server's
        // close callback fires once they are gone.
        const current = server;
        const serverClosed = new Promise<void>((resolve) =>
          current.listening ? current.close(() => resolve()) : resolve(),
        );
        await new Promise<void>((resolve) => aedes.close(() => resolve()));
        for (const socket of sockets) socket.destroy();
        await serverClosed;
      })();
      return closing;
    },
  };
}
