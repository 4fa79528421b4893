import { appendFile, chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { waitFor } from '#testing';
import { TEST_ADMIN } from './support/api-harness.js';
import { adminToken, postmasterOf, spawnApi, type ApiProcess } from './support/api-process.js';

/**
 * Issue 22, "done when": with the embedded database stopped for good, `database-unrecoverable`
 * reaches a robot through the database-free channel (the contacts file in DATA_DIR, not the
 * database that is gone), the api exits non-zero for the service manager, and once the database
 * can start again the fault is in the alarm history as a site-wide alarm.
 *
 * "Stopped for good" is made real, not mocked: the postmaster is killed and its cluster's
 * postgresql.auto.conf is spoiled first, so each of the supervisor's five restarts fails the way a
 * damaged cluster does (PostgreSQL refuses its configuration and exits). A running server only
 * reads that file on a reload, which nothing sends, so the spoiling waits for the kill.
 */
describe('embedded PostgreSQL that cannot come back', () => {
  let dataDir: string;
  let api: ApiProcess | undefined;
  let robot: Server;
  const robotCalls: unknown[] = [];

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'yumiao-dbgone-'));
    // Reachable by the `postgres` user when the tests run as root: the cluster stays in DATA_DIR/pg.
    await chmod(dataDir, 0o755);
    robot = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      request.on('end', () => {
        robotCalls.push(JSON.parse(body) as unknown);
        response.writeHead(200, { 'content-type': 'application/json' }).end('{"errcode":0}');
      });
    });
    await new Promise<void>((resolve) => robot.listen(0, '127.0.0.1', resolve));
  });

  afterAll(async () => {
    await api?.kill('SIGTERM');
    robot.closeAllConnections();
    await new Promise((resolve) => robot.close(resolve));
    await rm(dataDir, { recursive: true, force: true });
  });

  it('tells the robot without the database, exits non-zero, and the alarm history has it later', async () => {
    const environment = {
      DATA_DIR: dataDir,
      ADMIN_PHONE: TEST_ADMIN.phone,
      ADMIN_PASSWORD: TEST_ADMIN.password,
    };
    const first = await spawnApi(environment);
    api = first;
    const robotUrl = `http://127.0.0.1:${(robot.address() as AddressInfo).port}/robot`;
    const token = await adminToken(first.url);
    const roster = await fetch(`${first.url}/api/alarms/roster`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        entries: [{ name: '值班员', shift: 'always', webhookUrl: robotUrl, webhookFormat: 'json' }],
      }),
    });
    expect(roster.status).toBe(200);
    await waitFor(
      async () =>
        (await readFile(path.join(dataDir, 'contacts.json'), 'utf8').catch(() => '')).includes(robotUrl),
      { what: 'the roster copied to DATA_DIR/contacts.json', timeoutMs: 10_000 },
    );

    const autoConf = path.join(dataDir, 'pg', 'postgresql.auto.conf');
    const goodConf = await readFile(autoConf, 'utf8');
    const exited = new Promise<number | null>((resolve) => first.child.once('exit', (code) => resolve(code)));
    process.kill(postmasterOf(first.child.pid ?? 0), 'SIGKILL');
    await appendFile(autoConf, '\nthis line = is not = a setting\n');

    // Five attempts with 0 + 1 + 2 + 4 + 8 s between them, then the robot and the exit.
    let timer: NodeJS.Timeout | undefined;
    const code = await Promise.race([
      exited,
      new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), 60_000))),
    ]);
    clearTimeout(timer);
    expect(code).toBe(1);
    expect(robotCalls).toEqual([
      expect.objectContaining({
        alarm: expect.objectContaining({ rule: 'database-unrecoverable', zone: '*', severity: 'critical' }),
        text: expect.stringContaining('@ 全场'),
      }),
    ]);
    expect(first.output()).toContain('database could not be restarted: 5 attempts failed');

    // Someone repairs the cluster (here: the configuration) and the service manager starts it again.
    await writeFile(autoConf, goodConf);
    const second = await spawnApi(environment);
    api = second;
    const history = await waitFor(
      async () => {
        const response = await fetch(`${second.url}/api/alarms/history`, {
          headers: { authorization: `Bearer ${await adminToken(second.url)}` },
        });
        const alarms = (await response.json()) as { rule: string; zone: string }[];
        const found = alarms.filter((alarm) => alarm.rule === 'database-unrecoverable');
        return found.length > 0 ? found : undefined;
      },
      { what: 'database-unrecoverable in the alarm history', timeoutMs: 15_000, intervalMs: 250 },
    );
    expect(history).toEqual([expect.objectContaining({ rule: 'database-unrecoverable', zone: '*' })]);
    // Sent once, by the run that gave up: copying it into the history does not announce it again.
    expect(robotCalls).toHaveLength(1);
  }, 150_000);
});
