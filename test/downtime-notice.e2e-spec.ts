import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import mqtt from 'mqtt';
import { deviceTopic, formatStamp, type Clock, type IssuedDeviceResponse } from '#contracts';
import { waitFor } from '#testing';
import { createApp } from '../apps/api/src/app.factory.js';
import { TEST_ADMIN, startTestApi, type TestApi } from './support/api-harness.js';
import { startWebhookReceiver, type WebhookReceiver } from './support/webhook-receiver.js';

/**
 * After an unclean stop (the heartbeat file unmarked: a power cut, a SIGKILL) the duty roster is
 * told once, through the outbox, that the server was down from the last heartbeat to the start;
 * 15 minutes later the devices whose readings still miss part of the outage are listed. A clean
 * stop tells nobody. The api is restarted in-process on the same PostgreSQL database and data
 * folder; the unclean stop is faked by writing the heartbeat as a killed run leaves it.
 */
const MINUTE = 60_000;
/** The clock the api runs on: real time, moved forward by the test to reach the 15-minute check. */
let shift = 0;
const clock: Clock = { now: () => Date.now() + shift, speed: 1 };

describe('the roster hears of an unclean stop once, and of devices with gaps after 15 minutes', () => {
  let api: TestApi;
  let app: INestApplication;
  let receiver: WebhookReceiver;
  let admin: string;
  const devices: IssuedDeviceResponse[] = [];

  const told = (event: string) =>
    receiver.received.filter((r) => r.path === '/manager' && r.body['event'] === `alarm.${event}`);

  async function boot(): Promise<void> {
    app = await createApp(api.config, {
      databaseUrl: api.database.url,
      broker: {
        kind: 'external',
        url: api.broker.url,
        username: api.config.mqtt.username,
        password: api.config.mqtt.password,
      },
      clock,
    });
    await app.listen(new URL(api.url).port, '127.0.0.1');
  }

  /** Several alarm ticks (once a second) and outbox rounds. */
  const settle = () => new Promise((resolve) => setTimeout(resolve, 4_000));

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    api = await startTestApi({ clock });
    app = api.app;
    admin = await api.login(TEST_ADMIN.phone, TEST_ADMIN.password);
    const zone = await api.request('POST', '/api/zones', {
      token: admin,
      body: { code: 'gh1', kind: 'greenhouse', name: '1号育苗棚' },
    });
    expect([201, 409]).toContain(zone.status);
    for (const device of ['env-1', 'env-2']) {
      const registered = await api.request<IssuedDeviceResponse>('POST', '/api/devices', {
        token: admin,
        body: { zone: 'gh1', device, kind: 'env' },
      });
      expect(registered.status).toBe(201);
      devices.push(registered.body);
    }
    const roster = await api.request('PUT', '/api/alarms/roster', {
      token: admin,
      body: {
        entries: [
          { name: '李场长', shift: 'always', webhookUrl: `${receiver.url}/manager`, webhookFormat: 'json' },
        ],
      },
    });
    expect(roster.status).toBe(200);
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await api?.releaseServices();
    await receiver?.close();
  }, 60_000);

  it('says nothing after a clean stop', async () => {
    await app.close();
    await boot();
    await settle();
    expect(told('downtime')).toEqual([]);
    const notices = await api.request<{ reason: string }[]>('GET', '/api/alarms/notifications', {
      token: await api.login(TEST_ADMIN.phone, TEST_ADMIN.password),
    });
    expect(notices.body.filter((n) => n.reason.startsWith('downtime'))).toEqual([]);
  }, 60_000);

  it('tells the roster once "服务器在 … 至 … 期间停止运行", then lists the devices whose backlog did not arrive', async () => {
    await app.close();
    // What a killed run leaves: the last heartbeat, 30 minutes ago, not marked clean.
    const lastAlive = Date.now() - 30 * MINUTE;
    await writeFile(
      path.join(api.config.dataDir, 'heartbeat'),
      `${JSON.stringify({ aliveAt: new Date(lastAlive).toISOString(), clean: false })}\n`,
    );
    const startedAround = Date.now();
    await boot();
    await waitFor(() => told('downtime').length > 0, { timeoutMs: 20_000, what: 'the downtime notice' });
    const text = String(told('downtime')[0].body['text']);
    const started = /至 (\d{4}-\d\d-\d\d \d\d:\d\d) 期间停止运行/.exec(text)?.[1];
    expect(text).toContain(`服务器在 ${formatStamp(lastAlive)} 至 `);
    expect([formatStamp(startedAround), formatStamp(startedAround + MINUTE)]).toContain(started);

    // env-1 sends what it kept during the outage (one reading a minute); env-2 stays silent.
    const env1 = devices.find((d) => d.device === 'env-1')!;
    const client = await mqtt.connectAsync(api.broker.url, {
      username: env1.username,
      password: env1.password ?? undefined,
      clientId: env1.username,
      protocolVersion: 4,
    });
    const backlog = Array.from({ length: 33 }, (_, i) => ({
      ts: lastAlive - 2 * MINUTE + i * MINUTE,
      values: { air_temp_c: 14 + (i % 3) / 10 },
    }));
    await client.publishAsync(
      deviceTopic({ site: env1.site, zone: env1.zoneCode, device: env1.device }, 'tele'),
      JSON.stringify(backlog),
      { qos: 1 },
    );
    await client.endAsync();
    await settle();
    expect(told('downtime-gaps')).toEqual([]);

    // 15 minutes after the start the gaps are judged.
    shift = 16 * MINUTE;
    await waitFor(() => told('downtime-gaps').length > 0, {
      timeoutMs: 90_000,
      what: 'the device gap notice',
    });
    const gaps = String(told('downtime-gaps')[0].body['text']);
    expect(gaps).toContain('服务器停止期间');
    expect(gaps).toContain('gh1/env-2');
    expect(gaps).not.toContain('gh1/env-1');

    // Once each, and not again after another start.
    await settle();
    await app.close();
    await boot();
    await settle();
    expect(told('downtime')).toHaveLength(1);
    expect(told('downtime-gaps')).toHaveLength(1);
  }, 180_000);
});
