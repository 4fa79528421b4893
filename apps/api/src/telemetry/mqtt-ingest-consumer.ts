import net from 'node:net';
import mqttPacket, { type Packet } from 'mqtt-packet';

export interface MqttIngestConsumerOptions {
  readonly url: string;
  readonly username: string | undefined;
  readonly password: string | undefined;
  /** Fixed: the broker keeps this persistent session (clean=false) across api restarts. */
  readonly clientId: string;
  readonly subscriptions: readonly string[];
  /** Default false (a persistent session); true deletes the session at the broker. */
  readonly clean?: boolean;
  /**
   * Filters to remove from the session after connecting, when `subscriptions` is empty: draining
   * a session no longer used stops new messages reaching it (consumer-session-drain.ts).
   */
  readonly unsubscribe?: readonly string[];
  readonly keepaliveS?: number;
  readonly reconnectMs?: number;
  /** Resolves once the message is committed; only then is its PUBACK sent. */
  handle(topic: string, payload: Buffer): Promise<void>;
  /** True while the ingest queue is full: stop reading. */
  saturated(): boolean;
  /** Resolves when the ingest queue has room again. */
  room(): Promise<void>;
  log?(level: 'info' | 'warn', message: string): void;
}

/**
 * The api's MQTT 3.1.1 consumer for an external broker, written on mqtt-packet over a TCP socket
 * because mqtt.js handles one incoming packet at a time: holding its PUBACK until the commit stalls
 * ingest at one message per commit (docs/stack-notes.md). Here parsing never waits; each QoS 1
 * PUBACK is written when its message's commit resolves (so acknowledgements may go out of order,
 * which MQTT allows), and the broker redelivers whatever was not acknowledged after a reconnect.
 * Back-pressure: when the ingest queue is full the socket is paused (TCP pushes back to the broker)
 * and resumed when room returns.
 */
export class MqttIngestConsumer {
  private socket: net.Socket | undefined;
  private generation = 0;
  private stopped = false;
  private connectedNow = false;
  private pingTimer: NodeJS.Timeout | undefined;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private pendingAcks: Buffer[] = [];
  private ackFlushScheduled = false;
  private waitingForRoom = false;
  private messageId = 1;
  private connectedWaiters: (() => void)[] = [];
  private uncommitted = 0;
  private lastMessageAt = 0;

  constructor(private readonly options: MqttIngestConsumerOptions) {}

  get connected(): boolean {
    return this.connectedNow;
  }

  /** Messages received and not yet committed. */
  get inFlight(): number {
    return this.uncommitted;
  }

  /** When the last message arrived (0: none yet). */
  get lastMessageTime(): number {
    return this.lastMessageAt;
  }

  start(): void {
    this.stopped = false;
    this.connect();
  }

  /** Resolves on the next successful CONNACK + SUBACK. */
  whenConnected(): Promise<void> {
    if (this.connectedNow) return Promise.resolve();
    return new Promise((resolve) => this.connectedWaiters.push(resolve));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    if (this.pingTimer) clearInterval(this.pingTimer);
    const socket = this.socket;
    this.socket = undefined;
    this.connectedNow = false;
    if (!socket || socket.destroyed) return;
    await new Promise<void>((resolve) => {
      socket.once('close', () => resolve());
      socket.end(mqttPacket.generate({ cmd: 'disconnect' }));
      setTimeout(() => socket.destroy(), 1_000).unref();
    });
  }

  private connect(): void {
    if (this.stopped) return;
    const url = new URL(this.options.url);
    const generation = ++this.generation;
    const socket = net.connect({ host: url.hostname, port: Number(url.port || 1883) });
    socket.setNoDelay(true);
    this.socket = socket;
    const parser = mqttPacket.parser({ protocolVersion: 4 });
    parser.on('packet', (packet: Packet) => this.onPacket(packet, socket, generation));
    parser.on('error', (error: Error) => {
      this.log('warn', `MQTT protocol error: ${error.message}`);
      socket.destroy();
    });
    socket.on('data', (chunk: Buffer) => parser.parse(chunk));
    socket.on('connect', () => {
      socket.write(
        mqttPacket.generate({
          cmd: 'connect',
          protocolId: 'MQTT',
          protocolVersion: 4,
          clean: this.options.clean ?? false,
          clientId: this.options.clientId,
          keepalive: this.options.keepaliveS ?? 30,
          ...(this.options.username !== undefined ? { username: this.options.username } : {}),
          ...(this.options.password !== undefined ? { password: Buffer.from(this.options.password) } : {}),
        }),
      );
    });
    socket.on('error', (error) => this.log('warn', `MQTT connection error: ${error.message}`));
    socket.on('close', () => {
      if (generation !== this.generation) return;
      this.connectedNow = false;
      // A new socket starts reading; back-pressure is judged afresh for it.
      this.waitingForRoom = false;
      if (this.pingTimer) clearInterval(this.pingTimer);
      this.pendingAcks = [];
      if (!this.stopped) {
        this.reconnectTimer = setTimeout(() => this.connect(), this.options.reconnectMs ?? 1_000);
      }
    });
  }

  private onPacket(packet: Packet, socket: net.Socket, generation: number): void {
    switch (packet.cmd) {
      case 'connack':
        if (packet.returnCode !== 0) {
          this.log('warn', `MQTT broker refused the connection (return code ${packet.returnCode ?? '?'})`);
          socket.destroy();
          return;
        }
        if (this.options.subscriptions.length > 0) {
          socket.write(
            mqttPacket.generate({
              cmd: 'subscribe',
              messageId: this.nextMessageId(),
              subscriptions: this.options.subscriptions.map((topic) => ({ topic, qos: 1 })),
            }),
          );
        } else if ((this.options.unsubscribe ?? []).length > 0) {
          socket.write(
            mqttPacket.generate({
              cmd: 'unsubscribe',
              messageId: this.nextMessageId(),
              unsubscriptions: [...(this.options.unsubscribe ?? [])],
            }),
          );
        }
        this.pingTimer = setInterval(
          () => {
            if (!socket.destroyed) socket.write(mqttPacket.generate({ cmd: 'pingreq' }));
          },
          ((this.options.keepaliveS ?? 30) * 1000) / 2,
        );
        if (this.options.subscriptions.length === 0 && (this.options.unsubscribe ?? []).length === 0) {
          this.markConnected();
        }
        return;
      case 'unsuback':
        this.markConnected();
        return;
      case 'suback':
        if (packet.granted.some((code) => typeof code === 'number' && code >= 128)) {
          this.log('warn', 'MQTT broker refused a subscription of the ingest consumer (check its ACL)');
        }
        this.markConnected();
        return;
      case 'publish': {
        const { topic, qos, messageId } = packet;
        const payload = Buffer.isBuffer(packet.payload) ? packet.payload : Buffer.from(packet.payload);
        this.lastMessageAt = Date.now();
        this.uncommitted += 1;
        const committed = this.options.handle(topic, payload).finally(() => {
          this.uncommitted -= 1;
        });
        if (qos > 0 && messageId !== undefined) {
          void committed.then(() => this.acknowledge(messageId, generation));
        }
        if (this.options.saturated()) this.pause(socket, generation);
        return;
      }
      default:
        return;
    }
  }

  private markConnected(): void {
    this.connectedNow = true;
    this.log('info', `MQTT ingest consumer ${this.options.clientId} connected to ${this.options.url}`);
    for (const wake of this.connectedWaiters.splice(0)) wake();
  }

  private pause(socket: net.Socket, generation: number): void {
    if (this.waitingForRoom) return;
    this.waitingForRoom = true;
    socket.pause();
    void this.options.room().then(() => {
      this.waitingForRoom = false;
      if (generation === this.generation && !socket.destroyed) socket.resume();
    });
  }

  /** PUBACKs of one tick go out in one write. */
  private acknowledge(messageId: number, generation: number): void {
    // A PUBACK for a message of an earlier connection must not go out: the broker redelivers it.
    if (generation !== this.generation || !this.socket || this.socket.destroyed) return;
    // A PUBACK is four fixed bytes (MQTT 3.1.1 §3.4); no need for mqtt-packet's generic writer.
    this.pendingAcks.push(Buffer.from([0x40, 0x02, messageId >> 8, messageId & 0xff]));
    if (this.ackFlushScheduled) return;
    this.ackFlushScheduled = true;
    setImmediate(() => {
      this.ackFlushScheduled = false;
      const acks = this.pendingAcks;
      this.pendingAcks = [];
      if (acks.length > 0 && generation === this.generation && this.socket && !this.socket.destroyed) {
        this.socket.write(Buffer.concat(acks));
      }
    });
  }

  private nextMessageId(): number {
    this.messageId = (this.messageId % 65_535) + 1;
    return this.messageId;
  }

  private log(level: 'info' | 'warn', message: string): void {
    this.options.log?.(level, message);
  }
}
