import net from 'node:net';
import { afterEach, describe, expect, it } from '@jest/globals';
import mqttPacket, { type Packet } from 'mqtt-packet';
import { waitFor } from '#testing';
import { MqttIngestConsumer } from './mqtt-ingest-consumer.js';

/** A scripted broker: records what the consumer sends and lets the test push packets to it. */
async function fakeBroker() {
  const received: Packet[] = [];
  let socket: net.Socket | undefined;
  const server = net.createServer((s) => {
    socket = s;
    const parser = mqttPacket.parser({ protocolVersion: 4 });
    parser.on('packet', (packet: Packet) => {
      received.push(packet);
      if (packet.cmd === 'connect')
        s.write(mqttPacket.generate({ cmd: 'connack', returnCode: 0, sessionPresent: false }));
      if (packet.cmd === 'subscribe')
        s.write(
          mqttPacket.generate({
            cmd: 'suback',
            messageId: packet.messageId,
            granted: packet.subscriptions.map(() => 1),
          }),
        );
    });
    s.on('data', (chunk: Buffer) => parser.parse(chunk));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as net.AddressInfo).port;
  return {
    url: `mqtt://127.0.0.1:${port}`,
    received,
    publish(messageId: number, topic: string) {
      socket?.write(
        mqttPacket.generate({
          cmd: 'publish',
          messageId,
          qos: 1,
          dup: false,
          retain: false,
          topic,
          payload: Buffer.from('{}'),
        }),
      );
    },
    dropClient() {
      socket?.destroy();
    },
    close: () =>
      new Promise<void>((resolve) => {
        socket?.destroy();
        server.close(() => resolve());
      }),
  };
}

describe('MqttIngestConsumer (mqtt-packet): acknowledge after commit without stalling', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  it('connects with a persistent session, reads on while commits are pending, and acknowledges each message only after its commit', async () => {
    const broker = await fakeBroker();
    const commits = new Map<string, () => void>();
    const consumer = new MqttIngestConsumer({
      url: broker.url,
      username: 'api',
      password: 'secret',
      clientId: 'yumiao-test-consumer',
      subscriptions: ['nursery/v1/+/+/+/tele'],
      handle: (topic) => new Promise<void>((resolve) => commits.set(topic, resolve)),
      saturated: () => false,
      room: () => Promise.resolve(),
    });
    cleanups.push(
      () => consumer.stop(),
      () => broker.close(),
    );
    consumer.start();
    await consumer.whenConnected();
    const connect = broker.received.find((p) => p.cmd === 'connect') as mqttPacket.IConnectPacket;
    expect(connect).toMatchObject({ clean: false, clientId: 'yumiao-test-consumer', username: 'api' });
    expect(broker.received.find((p) => p.cmd === 'subscribe')).toMatchObject({
      subscriptions: [{ topic: 'nursery/v1/+/+/+/tele', qos: 1 }],
    });

    for (let id = 1; id <= 100; id++) broker.publish(id, `nursery/v1/s/z/d${id}/tele`);
    // All 100 reach the ingest although none is committed: the pipeline does not wait for acks.
    await waitFor(() => commits.size === 100, { what: '100 messages handed to the ingest' });
    expect(broker.received.filter((p) => p.cmd === 'puback')).toHaveLength(0);

    for (let id = 1; id <= 50; id++) commits.get(`nursery/v1/s/z/d${id}/tele`)?.();
    await waitFor(() => broker.received.filter((p) => p.cmd === 'puback').length === 50, {
      what: '50 PUBACKs',
    });
    const acked = broker.received
      .filter((p): p is mqttPacket.IPubackPacket => p.cmd === 'puback')
      .map((p) => p.messageId);
    expect(acked.sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
  });

  it('never acknowledges a message of a lost connection (the broker redelivers it) and reconnects by itself', async () => {
    const broker = await fakeBroker();
    const commits: (() => void)[] = [];
    const consumer = new MqttIngestConsumer({
      url: broker.url,
      username: undefined,
      password: undefined,
      clientId: 'yumiao-test-consumer-2',
      subscriptions: ['nursery/v1/+/+/+/tele'],
      reconnectMs: 20,
      handle: () => new Promise<void>((resolve) => commits.push(resolve)),
      saturated: () => false,
      room: () => Promise.resolve(),
    });
    cleanups.push(
      () => consumer.stop(),
      () => broker.close(),
    );
    consumer.start();
    await consumer.whenConnected();
    broker.publish(7, 'nursery/v1/s/z/d/tele');
    await waitFor(() => commits.length === 1);
    broker.dropClient();
    await waitFor(() => broker.received.filter((p) => p.cmd === 'connect').length === 2, {
      what: 'a reconnect',
    });
    commits[0]?.();
    await consumer.whenConnected();
    broker.publish(8, 'nursery/v1/s/z/d/tele');
    await waitFor(() => commits.length === 2);
    commits[1]?.();
    await waitFor(() => broker.received.some((p) => p.cmd === 'puback'));
    expect(broker.received.filter((p) => p.cmd === 'puback').map((p) => p.messageId)).toEqual([8]);
  });

  it('pauses reading while the ingest queue is full and resumes when room returns', async () => {
    const broker = await fakeBroker();
    let full = false;
    let wake: () => void = () => undefined;
    const handled: string[] = [];
    const consumer = new MqttIngestConsumer({
      url: broker.url,
      username: undefined,
      password: undefined,
      clientId: 'yumiao-test-consumer-3',
      subscriptions: ['nursery/v1/+/+/+/tele'],
      handle: (topic) => {
        handled.push(topic);
        return Promise.resolve();
      },
      saturated: () => full,
      room: () => new Promise<void>((resolve) => (wake = resolve)),
    });
    cleanups.push(
      () => consumer.stop(),
      () => broker.close(),
    );
    consumer.start();
    await consumer.whenConnected();
    full = true;
    broker.publish(1, 'nursery/v1/s/z/a/tele');
    await waitFor(() => handled.length === 1);
    broker.publish(2, 'nursery/v1/s/z/b/tele');
    // Paused: the second message waits in TCP buffers; nothing consumes it until room returns.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(handled).toHaveLength(1);
    full = false;
    wake();
    await waitFor(() => handled.length === 2, { what: 'reading resumed' });
  });
});
