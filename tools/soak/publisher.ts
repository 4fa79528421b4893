import mqtt, { type MqttClient } from 'mqtt';
import type { Clock } from '#contracts';

export interface SoakDevice {
  readonly site: string;
  readonly zoneCode: string;
  readonly device: string;
  readonly username: string;
  readonly password: string;
}

export const topicOf = (device: SoakDevice, channel = 'tele'): string =>
  `nursery/v1/${device.site}/${device.zoneCode}/${device.device}/${channel}`;

/** What one acknowledged reading must have left: its device, time and number of values. */
export interface AckedReading {
  readonly device: string;
  readonly ts: number;
  readonly values: number;
}

interface Ack {
  readonly publishedAt: number;
  readonly ackedAt: number;
}

/** Values of every reading: two metrics of an env sensor. */
const VALUES = 2;
/**
 * Readings a device keeps unacknowledged before it stops sending new ones. The broker takes a
 * connection's messages one after the other, each acknowledged after its commit, so a device that
 * piled up minutes of single readings would need minutes to send them: what the soak measures is
 * the server coming back, not that queue (real devices send a backlog as one array).
 */
const WINDOW = 20;

/** An MQTT 3.1.1 device session as the simulator's: persistent, its username as client id. */
export function connectDevice(url: string, device: SoakDevice): MqttClient {
  const client = mqtt.connect(url, {
    protocolVersion: 4,
    clientId: device.username,
    username: device.username,
    password: device.password,
    clean: false,
    reconnectPeriod: 250,
    // As a field device (and the simulator): try again after a refused CONNACK too.
    reconnectOnConnackError: true,
    connectTimeout: 5_000,
  });
  client.on('error', () => undefined);
  return client;
}

/**
 * The ground truth for "no acknowledged reading lost or doubled": devices of the soak's own that
 * publish a reading every `everyMs` wall milliseconds at QoS 1, stamped with the simulated time,
 * and keep every reading whose PUBACK came back. The api acknowledges only after the commit, so
 * each of these must be in the database exactly once. While the broker is away mqtt.js keeps the
 * readings and sends them when it is back, as a device would.
 */
export class GroundTruthPublisher {
  private readonly clients: MqttClient[];
  private readonly lastTs = new Map<string, number>();
  private readonly acks: Ack[] = [];
  readonly acked: AckedReading[] = [];
  /** Every reading published, acknowledged or not, as `device@ts`. */
  readonly publishedKeys = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private inFlight = 0;
  private readonly inFlightOf = new Map<string, number>();
  published = 0;
  /** Readings not sent because the device's window was full (the broker was away). */
  held = 0;

  constructor(
    url: string,
    private readonly devices: readonly SoakDevice[],
    private readonly clock: Clock,
    private readonly everyMs: number,
  ) {
    this.clients = devices.map((device) => connectDevice(url, device));
  }

  start(): void {
    this.timer = setInterval(() => this.publishAll(), this.everyMs);
  }

  /**
   * The wall time of the first acknowledgement of a reading published at or after `since`, i.e.
   * when ingest was seen working again after a fault that began then.
   */
  firstAckAfter(since: number): number | undefined {
    let first: number | undefined;
    for (let i = this.acks.length - 1; i >= 0; i -= 1) {
      const ack = this.acks[i];
      if (ack.ackedAt < since) break;
      if (ack.publishedAt >= since && (first === undefined || ack.ackedAt < first)) first = ack.ackedAt;
    }
    return first;
  }

  /** Stops publishing, waits up to `graceMs` for the acknowledgements still due, then disconnects. */
  async stop(graceMs: number): Promise<{ unacknowledged: number }> {
    clearInterval(this.timer);
    const deadline = Date.now() + graceMs;
    while (this.inFlight > 0 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 100));
    const unacknowledged = this.inFlight;
    await Promise.all(this.clients.map((client) => client.endAsync(true)));
    return { unacknowledged };
  }

  private publishAll(): void {
    const now = this.clock.now();
    for (const [index, device] of this.devices.entries()) {
      const waiting = this.inFlightOf.get(device.device) ?? 0;
      if (waiting >= WINDOW) {
        this.held += 1;
        continue;
      }
      this.inFlightOf.set(device.device, waiting + 1);
      // Whole simulated seconds, strictly increasing per device: each reading has its own key.
      const ts = Math.max(Math.floor(now / 1000) * 1000, (this.lastTs.get(device.device) ?? 0) + 1000);
      this.lastTs.set(device.device, ts);
      this.publishedKeys.add(`${device.device}@${ts}`);
      const payload = JSON.stringify({
        ts,
        seq: this.published,
        values: { air_temp_c: 15 + ((ts / 60_000) % 10), air_rh_pct: 70 },
      });
      const publishedAt = Date.now();
      this.published += 1;
      this.inFlight += 1;
      this.clients[index].publish(topicOf(device), payload, { qos: 1 }, (error) => {
        this.inFlight -= 1;
        this.inFlightOf.set(device.device, (this.inFlightOf.get(device.device) ?? 1) - 1);
        if (error) return;
        this.acks.push({ publishedAt, ackedAt: Date.now() });
        this.acked.push({ device: device.device, ts, values: VALUES });
      });
    }
  }
}
