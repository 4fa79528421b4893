/**
 * The ingest benchmark's devices (a child process of `npm run bench:ingest`): 1,000 device
 * connections publishing QoS 1 telemetry at the rate the parent asks for, counting PUBACKs.
 */
import net from 'node:net';
import mqttPacket from 'mqtt-packet';
import { BENCH_DEVICES, BENCH_METRICS } from './bench-fleet.js';

/**
 * 1,000 device connections on plain sockets: CONNECT from mqtt-packet, PUBLISH packets encoded by
 * hand, PUBACKs counted. mqtt.js with 1,000 clients took about 0.4 of a core per 5,000 msgs/s on
 * this 2-core machine, CPU the pipelines under test then lacked; the devices it stands for run on
 * their own hardware. MQTT 3.1.1, QoS 1, keepalive off, one packet id counter per connection.
 */
class BenchDevice {
  acked = 0;
  private packetId = 0;
  private pending: Buffer = Buffer.alloc(0);
  private readonly topic: Buffer;
  readonly ready: Promise<void>;

  constructor(url: string, index: number) {
    const { hostname, port } = new URL(url);
    this.topic = Buffer.from(`nursery/v1/xnz/z${index % 10}/d${index}/tele`);
    const socket = net.connect({ host: hostname, port: Number(port), noDelay: true });
    this.socket = socket;
    this.ready = new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.on('data', (chunk: Buffer) => {
        if (this.read(chunk)) resolve();
      });
    });
    socket.write(
      mqttPacket.generate({
        cmd: 'connect',
        protocolId: 'MQTT',
        protocolVersion: 4,
        clean: true,
        keepalive: 0,
        clientId: `bench-dev-${index}`,
        // The embedded broker checks these against the registry; Mosquitto (anonymous) ignores them.
        username: `xnz-z${index % 10}-d${index}`,
        password: Buffer.from('x'),
      }),
    );
  }

  private readonly socket: net.Socket;
  private connected = false;

  /** Counts PUBACKs; true once the CONNACK came. Every packet a broker sends here is 4 bytes. */
  private read(chunk: Buffer): boolean {
    const data = this.pending.length > 0 ? Buffer.concat([this.pending, chunk]) : chunk;
    let offset = 0;
    for (; offset + 4 <= data.length; offset += 4) {
      const type = data[offset] >> 4;
      if (type === 2) this.connected = true;
      else if (type === 4) this.acked += 1;
    }
    this.pending = data.subarray(offset);
    return this.connected;
  }

  publish(payload: string): void {
    this.packetId = (this.packetId % 65_535) + 1;
    const body = Buffer.byteLength(payload);
    const remaining = 2 + this.topic.length + 2 + body;
    const lengthBytes = remaining < 128 ? 1 : remaining < 16_384 ? 2 : 3;
    const packet = Buffer.allocUnsafe(1 + lengthBytes + remaining);
    packet[0] = 0x32; // PUBLISH, QoS 1
    let n = remaining;
    let at = 1;
    do {
      let byte = n % 128;
      n = Math.floor(n / 128);
      if (n > 0) byte |= 0x80;
      packet[at++] = byte;
    } while (n > 0);
    packet.writeUInt16BE(this.topic.length, at);
    this.topic.copy(packet, at + 2);
    at += 2 + this.topic.length;
    packet.writeUInt16BE(this.packetId, at);
    packet.write(payload, at + 2);
    this.socket.write(packet);
  }
}

export async function generate(url: string): Promise<void> {
  const devices = Array.from({ length: BENCH_DEVICES }, (_, i) => new BenchDevice(url, i));
  await Promise.all(devices.map((d) => d.ready));
  const lastTs = new Array<number>(BENCH_DEVICES).fill(0);
  let next = 0;
  const ackedTotal = () => devices.reduce((sum, d) => sum + d.acked, 0);
  process.on('message', (message: { rate: number; seconds: number }) => {
    const total = Math.round(message.rate * message.seconds);
    const ackedBefore = ackedTotal();
    let sent = 0;
    const started = Date.now();
    const timer = setInterval(() => {
      const due = Math.min(total, Math.floor(((Date.now() - started) / 1000) * message.rate)) - sent;
      for (let k = 0; k < due; k++) {
        const index = next++ % BENCH_DEVICES;
        const ts = Math.max(Date.now(), lastTs[index] + 1);
        lastTs[index] = ts;
        const values = BENCH_METRICS.map((m, j) => `"${m}":${m === 'battery_v' ? 12 : 20 + j + (ts % 7)}`);
        devices[index].publish(`{"ts":${ts},"seq":${ts},"values":{${values.join(',')}}}`);
        sent++;
      }
      if (sent >= total) {
        clearInterval(timer);
        const waitAcks = setInterval(() => {
          const acked = ackedTotal() - ackedBefore;
          if (acked >= sent || Date.now() - started > message.seconds * 1000 + 120_000) {
            clearInterval(waitAcks);
            process.send?.({ sent, acked, seconds: (Date.now() - started) / 1000 });
          }
        }, 20);
      }
    }, 10);
  });
  process.send?.({ ready: true });
}
