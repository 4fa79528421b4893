import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { mqttClient, uniqueId } from './broker.js';
import { startMosquitto, type RunningMosquitto } from './mosquitto.js';
import { requireProgram } from './programs.js';

// Named *.mosquitto.int-spec.ts: scripts/test.mjs leaves it out when mosquitto is missing.
describe('startMosquitto (shipped config)', () => {
  const running: RunningMosquitto[] = [];
  const folder = mkdtempSync(path.join(os.tmpdir(), 'yumiao-mosquitto-spec-'));
  afterAll(async () => {
    for (const broker of running) await broker.stop();
    rmSync(folder, { recursive: true, force: true });
  });

  it('is installed where the test config says', () => {
    expect(requireProgram('mosquitto').available).toBe(true);
  });

  it('runs the shipped limits on a free port and carries QoS 1 messages', async () => {
    const broker = await startMosquitto();
    running.push(broker);
    expect(broker.configText).toMatch(/^max_queued_messages 100000$/m);
    expect(broker.configText).toMatch(/^set_tcp_nodelay true$/m);
    const topic = `${uniqueId('mosq')}/t`;
    const consumer = await mqttClient(broker.url);
    await consumer.subscribeAsync(topic, { qos: 1 });
    const received = new Promise<string>((resolve) =>
      consumer.once('message', (_t, p) => resolve(p.toString())),
    );
    const device = await mqttClient(broker.url);
    await device.publishAsync(topic, 'ping', { qos: 1 });
    await expect(received).resolves.toBe('ping');
    await Promise.all([consumer.endAsync(), device.endAsync()]);
  });

  it('with a password file and ACL, refuses anonymous clients and admits known ones', async () => {
    const passwordFile = path.join(folder, 'passwd');
    const aclFile = path.join(folder, 'acl');
    writeFileSync(passwordFile, '');
    execFileSync('mosquitto_passwd', ['-b', passwordFile, 'device-1', 'secret-1']);
    writeFileSync(aclFile, 'user device-1\ntopic readwrite yumiao/#\n');
    const broker = await startMosquitto({ withAuth: { passwordFile, aclFile } });
    running.push(broker);
    await expect(mqttClient(broker.url)).rejects.toThrow(/Not authorized|Connection refused/i);
    const device = await mqttClient(broker.url, { username: 'device-1', password: 'secret-1' });
    await device.endAsync();
  });
});
