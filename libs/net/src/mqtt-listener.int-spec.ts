import { afterAll, describe, expect, it } from '@jest/globals';
import { Aedes } from 'aedes';
import mqtt, { type MqttClient } from 'mqtt';
import { waitFor } from '#testing';
import { listenMqtt, type MqttListener } from './mqtt-listener.js';

/**
 * Issue 22 item 1: aedes runs inside the api, so nothing outside restarts its listener. A listener
 * that stops by itself is reopened on the same port; connected clients keep their sessions.
 */
describe('the embedded broker listener', () => {
  let listener: MqttListener | undefined;
  const clients: MqttClient[] = [];

  afterAll(async () => {
    for (const client of clients) await client.endAsync(true);
    await listener?.close();
  });

  it('reopens on the same port after it stops by itself, and connected clients stay', async () => {
    const aedes = await Aedes.createBroker();
    const lines: string[] = [];
    listener = await listenMqtt(aedes, { host: '127.0.0.1', port: 0, log: (line) => lines.push(line) });
    const connect = async () => {
      const client = await mqtt.connectAsync(listener!.url, { protocolVersion: 4, reconnectPeriod: 0 });
      clients.push(client);
      return client;
    };
    const before = await connect();

    // As an accept failure would: the listening socket goes away, the connections stay.
    listener.server().close();
    await expect(
      mqtt.connectAsync(listener.url, { protocolVersion: 4, reconnectPeriod: 0, connectTimeout: 500 }),
    ).rejects.toThrow();
    await waitFor(() => listener!.reopened === 1, { what: 'the listener reopened', timeoutMs: 5_000 });

    const after = await connect();
    await after.subscribeAsync('t/reopened', { qos: 1 });
    const received = new Promise<string>((resolve) =>
      after.on('message', (_, payload) => resolve(payload.toString())),
    );
    await before.publishAsync('t/reopened', 'still here', { qos: 1 });
    expect(await received).toBe('still here');
    expect(lines).toEqual([
      `MQTT listener on port ${listener.port} stopped; reopening in 1 s`,
      `MQTT listener reopened on port ${listener.port}`,
    ]);
  });
});
