import net from 'node:net';
import { afterEach, describe, expect, it } from '@jest/globals';
import { freePort, mqttClient, uniqueId, waitFor } from '#testing';
import type { MqttClient } from 'mqtt';
import { startEmbeddedBroker, type BrokerHooks, type EmbeddedBroker } from './embedded-broker.js';
import { PortInUseError } from '#net';

const acceptAll: BrokerHooks = {
  authenticate: () => Promise.resolve(true),
  authorizePublish: () => Promise.resolve(),
  authorizeSubscribe: (_client, subscription) => Promise.resolve(subscription),
};

describe('embedded broker', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function broker(): Promise<EmbeddedBroker> {
    const started = await startEmbeddedBroker({ host: '127.0.0.1', port: await freePort() });
    cleanups.push(() => started.close());
    return started;
  }

  async function client(url: string, options: Parameters<typeof mqttClient>[1] = {}): Promise<MqttClient> {
    const connected = await mqttClient(url, options);
    cleanups.push(() => connected.endAsync(true));
    return connected;
  }

  it('holds a login that comes before the hooks and checks it with them once they are set', async () => {
    const started = await broker();
    let device: MqttClient | undefined;
    const connecting = client(started.url, { username: 'device-1', password: 'x' }).then((connected) => {
      device = connected;
    });
    const intruder = expect(mqttClient(started.url, { username: 'intruder', password: 'x' })).rejects.toThrow(
      /Not authorized/i,
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(device).toBeUndefined();
    started.setHooks({
      ...acceptAll,
      authenticate: (_c, username) => Promise.resolve(username === 'device-1'),
    });
    await connecting;
    await intruder;
  });

  it('answers "server unavailable", never "not authorized", when the hooks come later than the hold', async () => {
    const started = await startEmbeddedBroker({
      host: '127.0.0.1',
      port: await freePort(),
      loginHoldMs: 200,
    });
    cleanups.push(() => started.close());
    await expect(mqttClient(started.url, { username: 'device-1', password: 'x' })).rejects.toThrow(
      /Server unavailable/i,
    );
    started.setHooks(acceptAll);
    await client(started.url, { username: 'device-1', password: 'x' });
  });

  it('refuses the login the hook rejects', async () => {
    const started = await broker();
    started.setHooks({
      ...acceptAll,
      authenticate: (_c, username) => Promise.resolve(username === 'device-1'),
    });
    await expect(mqttClient(started.url, { username: 'intruder', password: 'x' })).rejects.toThrow(
      /Not authorized/i,
    );
    await client(started.url, { username: 'device-1', password: 'x' });
  });

  it('withholds the PUBACK until authorizePublish resolves', async () => {
    const started = await broker();
    let release: () => void = () => undefined;
    let hookCalled = false;
    started.setHooks({
      ...acceptAll,
      authorizePublish: () => {
        hookCalled = true;
        return new Promise<void>((resolve) => {
          release = resolve;
        });
      },
    });
    const device = await client(started.url);
    let acknowledged = false;
    const published = device.publishAsync(`${uniqueId('ack')}/t`, 'x', { qos: 1 }).then(() => {
      acknowledged = true;
    });
    await waitFor(() => hookCalled, { what: 'authorizePublish to be called' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(acknowledged).toBe(false);
    release();
    await published;
    expect(acknowledged).toBe(true);
  });

  it('refuses a publish the hook rejects: the connection closes and no subscriber receives it', async () => {
    const started = await broker();
    const topic = `${uniqueId('deny')}/t`;
    started.setHooks({
      ...acceptAll,
      authorizePublish: (_client, packet) =>
        packet.payload.toString() === 'refused'
          ? Promise.reject(new Error('not your topic'))
          : Promise.resolve(),
    });
    const listener = await client(started.url);
    await listener.subscribeAsync(topic, { qos: 1 });
    const received: string[] = [];
    listener.on('message', (_topic, payload) => received.push(payload.toString()));
    const device = await client(started.url);
    const closed = new Promise<void>((resolve) => device.once('close', () => resolve()));
    device.publish(topic, 'refused', { qos: 1 }, () => undefined);
    await closed;
    // A message the hook accepts, sent after the refusal, marks when the refused one would have come.
    const other = await client(started.url);
    await other.publishAsync(topic, 'accepted', { qos: 1 });
    await waitFor(() => received.includes('accepted'), { what: 'the accepted message' });
    expect(received).toEqual(['accepted']);
  });

  it.each([
    ['a clean session', true],
    ['a persistent session (aedes stores the subscription as sent)', false],
  ])(
    'turns $share/<group>/<topic> into a plain subscription that receives messages, for %s',
    async (_name, clean) => {
      const started = await broker();
      started.setHooks(acceptAll);
      const topic = `${uniqueId('share')}/readings`;
      const consumer = await client(started.url, { clean, clientId: uniqueId('consumer') });
      await consumer.subscribeAsync(`$share/api/${topic}`, { qos: 1 });
      const received = new Promise<string>((resolve) =>
        consumer.once('message', (_t, payload) => resolve(payload.toString())),
      );
      const device = await client(started.url);
      await device.publishAsync(topic, 'hello', { qos: 1 });
      await expect(received).resolves.toBe('hello');
    },
  );

  it('names MQTT_PORT when its port is taken', async () => {
    const blocker = net.createServer();
    const port = await freePort();
    await new Promise<void>((resolve) => blocker.listen(port, '127.0.0.1', resolve));
    cleanups.push(() => new Promise<void>((resolve) => blocker.close(() => resolve())));
    const attempt = startEmbeddedBroker({ host: '127.0.0.1', port });
    await expect(attempt).rejects.toThrow(PortInUseError);
    await expect(attempt).rejects.toThrow(
      new RegExp(`^Port ${port} is in use: set MQTT_PORT to a free port \\(for example MQTT_PORT=\\d+\\)$`),
    );
  });
});
