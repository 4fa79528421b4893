import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, mkdirSync } from 'node:fs';
import { mkdtemp, open, readFile, rm, stat, statfs, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { MqttClient } from 'mqtt';
import { loadAppConfig, loadTestConfig } from '#config';
import { alarmMessage, type AlarmResponse } from '#contracts';
import { onServer } from '#testing';
import { createApp } from '../apps/api/src/app.factory.js';
import { BackupService } from '../apps/api/src/backup/backup.service.js';
import { DiskWatchService } from '../apps/api/src/disk/disk-watch.service.js';
import { startEmbeddedBroker, type EmbeddedBroker } from '../apps/api/src/runtime/embedded-broker.js';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../apps/api/src/runtime/embedded-postgres.js';
import { SystemEventsService } from '../apps/api/src/system/system-events.service.js';
import type { ReadingRow } from '../apps/api/src/telemetry/ingest.js';
import { TelemetryRepository } from '../apps/api/src/telemetry/telemetry.repository.js';
import { TEST_ADMIN } from './support/api-harness.js';
import { connectDevice, telemetryTopic, type IssuedDevice } from './support/telemetry-harness.js';

// Issue #23 item 4: a cluster on a small disk of its own (a tmpfs, mounted as root), the levels
// lowered to fit it, the disk filled by another file; the watch sheds the oldest folded raw days,
// then backups beyond the newest two, the disk-low alarm says so, and orders and readings go on.

const MB = 1024 * 1024;
const DAY_MS = 86_400_000;
const TMPFS_MB = 320;
const WARNING_MB = 128;
const CRITICAL_MB = 64;
/** Free space the filler leaves: under the critical level, far from full. */
const LEFT_FREE_MB = 56;
const OLD_DAYS = [4, 3, 2];

/** Why this machine cannot mount a tmpfs for the test, or undefined when it can. */
function mountProblem(target: string): string | undefined {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return 'the tests do not run as root';
  const mounted = spawnSync(
    'mount',
    ['-t', 'tmpfs', '-o', `size=${TMPFS_MB}m,mode=0755`, 'yumiao-disk-test', target],
    {
      encoding: 'utf8',
    },
  );
  if (mounted.error !== undefined) return `mount could not run: ${mounted.error.message}`;
  if (mounted.status !== 0) return `mount -t tmpfs failed: ${mounted.stderr.trim()}`;
  return undefined;
}

function unmount(target: string): void {
  for (const args of [[target], ['-l', target]]) {
    if (spawnSync('umount', args).status === 0) return;
  }
  throw new Error(`could not unmount the test tmpfs at ${target}`);
}

function postgresUser(): { uid: number; gid: number } {
  const uid = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
  const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
  if (uid.status !== 0 || gid.status !== 0) throw new Error('no postgres user on this machine');
  return { uid: Number(uid.stdout), gid: Number(gid.stdout) };
}

async function freeBytes(folder: string): Promise<number> {
  const space = await statfs(folder);
  return space.bavail * space.bsize;
}

describe('a disk that never fills: a cluster on a small tmpfs, filled', () => {
  let scratch: string;
  let mountPoint: string;
  let mounted = false;
  let unavailable: string | undefined;
  let database: EmbeddedPostgres | undefined;
  let broker: EmbeddedBroker | undefined;
  let app: INestApplication | undefined;
  let client: MqttClient | undefined;
  let baseUrl = '';
  let token = '';
  let dataDir = '';
  // The api's clock moves only when the test moves it: the watch's own run every 30 s (and the
  // fold's) cannot then shed before the test asks, and the backups get names a minute apart.
  const startedAt = Date.now();
  let now = startedAt;
  const dayOf = (daysAgo: number) => new Date(startedAt - daysAgo * DAY_MS).toISOString().slice(0, 10);
  const today = dayOf(0);

  async function call<T>(
    method: string,
    route: string,
    body?: unknown,
    as = token,
  ): Promise<{ status: number; body: T }> {
    const response = await fetch(`${baseUrl}${route}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(as ? { authorization: `Bearer ${as}` } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
  }

  async function login(phone: string, password: string): Promise<string> {
    const answer = await call<{ accessToken: string }>('POST', '/api/auth/login', { phone, password }, '');
    if (!answer.body?.accessToken) throw new Error(`login ${phone}: ${answer.status}`);
    return answer.body.accessToken;
  }

  /** Skips the test where the machine cannot mount, unless REQUIRE_ALL=1 demands it run. */
  function mountedOrSkipped(): boolean {
    if (unavailable === undefined) return true;
    process.stdout.write(`disk-full test not run: ${unavailable}\n`);
    return false;
  }

  beforeAll(async () => {
    scratch = await mkdtemp(path.join(tmpdir(), 'yumiao-disk-full-'));
    // mkdtemp makes 0700; the postgres user must pass through to its cluster on the tmpfs.
    chmodSync(scratch, 0o755);
    mountPoint = path.join(scratch, 'disk');
    mkdirSync(mountPoint);
    unavailable = mountProblem(mountPoint);
    if (unavailable !== undefined) {
      if (loadTestConfig().requireAll) {
        throw new Error(
          `REQUIRE_ALL=1: the disk-full test needs to mount a tmpfs as root, but ${unavailable}`,
        );
      }
      return;
    }
    mounted = true;
    const postgres = postgresUser();
    chownSync(mountPoint, postgres.uid, postgres.gid);
    dataDir = path.join(mountPoint, 'data');
    mkdirSync(dataDir, { mode: 0o755 });

    database = await startEmbeddedPostgres({
      dataDir,
      relocationRoot: process.env['EMBEDDED_PG_ROOT'],
      // A checkpoint every 32 MB of WAL keeps the log's share of the small disk small.
      settings: { max_wal_size: '32MB', min_wal_size: '32MB' },
    });
    expect(database.layout.clusterDir.startsWith(mountPoint)).toBe(true);
    broker = await startEmbeddedBroker({ host: '127.0.0.1', port: 0 });
    const config = loadAppConfig({
      DATABASE_URL: database.url,
      DATA_DIR: dataDir,
      DEMO_SEED: '0',
      SIMULATOR: '0',
      LOG_LEVEL: 'warn',
      ADMIN_PHONE: TEST_ADMIN.phone,
      ADMIN_PASSWORD: TEST_ADMIN.password,
      DISK_WARNING_PCT: '0',
      DISK_WARNING_MB: String(WARNING_MB),
      DISK_CRITICAL_PCT: '0',
      DISK_CRITICAL_MB: String(CRITICAL_MB),
      POSTGRES_LOG_MB: '1',
    });
    app = await createApp(config, {
      databaseUrl: database.url,
      broker: { kind: 'embedded', broker, url: broker.url },
      clock: { now: () => now, speed: 1 },
      databaseLocation: {
        clusterDir: database.layout.clusterDir,
        binariesDir: database.layout.nativeDir,
        logFile: database.logFile,
      },
    });
    await app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
    token = await login(TEST_ADMIN.phone, TEST_ADMIN.password);

    // Three backups of about 4 MB each (a photo that does not compress), a minute apart.
    const photos = path.join(dataDir, 'photos');
    mkdirSync(photos);
    await writeFile(path.join(photos, 'bench.jpg'), randomBytes(4 * MB));
    const backups = app.get(BackupService);
    for (let i = 0; i < 3; i++) {
      await backups.takeBackup('manual');
      now += 60_000;
    }
    await rm(photos, { recursive: true });

    // Raw readings: a day of one-second samples on each of three closed days, and some today;
    // written and folded as ingest does.
    const repository = app.get(TelemetryRepository);
    await repository.ensurePartitions(now - 5 * DAY_MS, now);
    const device = '00000000-0000-4000-8000-000000000001';
    for (const daysAgo of [...OLD_DAYS, 0]) {
      const start = Date.parse(`${dayOf(daysAgo)}T00:00:00Z`);
      const seconds = daysAgo === 0 ? 600 : 86_400;
      for (let from = 0; from < seconds; from += 5_000) {
        const rows: ReadingRow[] = [];
        for (let s = from; s < Math.min(from + 5_000, seconds); s++) {
          const ts = start + s * 1_000;
          rows.push({
            deviceId: device,
            metric: 'air_temp_c',
            ts,
            value: 15 + (s % 600) / 100,
            seq: null,
            receivedAt: ts,
          });
        }
        await repository.writeBatch({ readings: rows, deadLetters: [], pending: [], presence: [] });
      }
    }
    await repository.foldAll();
    // The jobs the last move of the clock made due (the watch's run, the fold) have run by now.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
  });

  afterAll(async () => {
    try {
      await client?.endAsync();
      await app?.close();
      await broker?.close();
      await database?.stop();
    } finally {
      if (mounted) unmount(mountPoint);
      if (scratch !== undefined) await rm(scratch, { recursive: true, force: true });
    }
    if (mounted) expect(await readFile('/proc/mounts', 'utf8')).not.toContain(mountPoint);
  });

  it('sheds nothing while the disk is above the warning level', async () => {
    if (!mountedOrSkipped()) return;
    const check = await app!.get(DiskWatchService).check();
    expect(check.level).toBe('ok');
    expect(check.shed).toEqual([]);
  });

  it('filled below the critical level, sheds the oldest folded days, then backups beyond the newest two', async () => {
    if (!mountedOrSkipped()) return;
    const repository = app!.get(TelemetryRepository);
    const backups = app!.get(BackupService);
    const stored = await backups.stored();
    expect(stored).toHaveLength(3);
    const oldDays = (await repository.rawDays()).filter((day) => day.day < today && day.bytes > 1 * MB);
    expect(oldDays.map((day) => day.day)).toEqual(OLD_DAYS.map(dayOf));
    const sheddable = oldDays.reduce((sum, day) => sum + day.bytes, 0) + stored[2].bytes;
    // Everything sheddable cannot bring the disk back to the warning level: all of it must go.
    expect(LEFT_FREE_MB * MB + sheddable).toBeLessThan(WARNING_MB * MB);
    const rollups = () =>
      onServer(database!.url, async (sql) => {
        const result = await sql.query<{ n: number }>(
          'SELECT count(*)::int AS n FROM readings_1m WHERE bucket < to_timestamp($1 / 1000.0)',
          [Date.parse(`${today}T00:00:00Z`)],
        );
        return result.rows[0]?.n;
      });
    const rollupsBefore = await rollups();
    expect(rollupsBefore).toBe(3 * 1440);

    // Fill the disk, as another program would, to LEFT_FREE_MB.
    const filler = await open(path.join(mountPoint, 'filler'), 'w');
    const chunk = Buffer.alloc(MB, 1);
    while ((await freeBytes(mountPoint)) > (LEFT_FREE_MB + 1) * MB) await filler.write(chunk);
    await filler.close();
    expect(await freeBytes(mountPoint)).toBeLessThan(CRITICAL_MB * MB);

    const check = await app!.get(DiskWatchService).check();
    expect(
      check.shed.map((step) => (step.kind === 'readings' ? step.day : path.basename(step.archive))),
    ).toEqual([...OLD_DAYS.map(dayOf), path.basename(stored[2].archive)]);
    expect(check.level).not.toBe('ok');

    // Today's raw readings, the newest two backups and the rollups of the shed days stay.
    expect((await repository.rawDays()).map((day) => day.day)).toContain(today);
    expect((await backups.stored()).map((backup) => backup.archive)).toEqual(
      stored.slice(0, 2).map((backup) => backup.archive),
    );
    expect(await rollups()).toBe(rollupsBefore);

    // Each step is a system event; the disk-low event says what was shed.
    const events = app!.get(SystemEventsService);
    const steps = await events.recent(10, 'disk-shed');
    expect(steps).toHaveLength(4);
    expect(steps.every((event) => event.endedAt !== null)).toBe(true);
    const [low] = await events.openOfKind('disk-low');
    expect(low?.details).toMatchObject({
      level: check.level,
      shedDays: 3,
      readingsFrom: dayOf(4),
      readingsTo: dayOf(2),
      shedBackups: 1,
    });

    // The alarm engine (every second) raises the site-wide disk-low alarm from it.
    const alarm = await waitForAlarm();
    expect(alarm).toMatchObject({
      zone: '*',
      state: 'active',
      severity: check.level === 'critical' ? 'critical' : 'warning',
      params: expect.objectContaining({ shedDays: 3, shedBackups: 1 }),
    });
    const zh = alarmMessage('disk-low', alarm.params ?? {}, { locale: 'zh-CN' });
    expect(zh?.text).toContain(`${dayOf(4)} 至 ${dayOf(2)} 共 3 天的原始读数`);
    expect(zh?.text).toContain('1 份旧备份');
  });

  it('keeps orders and readings flowing on the shed disk', async () => {
    if (!mountedOrSkipped()) return;
    // Readings: a device registered, publishing at QoS 1; the PUBACK comes after the commit.
    expect(
      (await call('POST', '/api/zones', { code: 'gh1', kind: 'greenhouse', name: '1号棚' })).status,
    ).toBe(201);
    const registered = await call<IssuedDevice>('POST', '/api/devices', {
      zone: 'gh1',
      device: 'env-1',
      kind: 'env',
      intervalS: 60,
    });
    expect(registered.status).toBe(201);
    const env1 = registered.body;
    client = await connectDevice(broker!.url, { username: env1.username, password: env1.password });
    const sent = now - 1_000;
    for (let i = 0; i < 20; i++) {
      await client.publishAsync(
        telemetryTopic(env1),
        JSON.stringify({ ts: sent + i, seq: i, values: { air_temp_c: 12 + i / 10 } }),
        { qos: 1 },
      );
    }
    const series = await call<{ points: unknown[] }[]>(
      'GET',
      `/api/readings?zone=gh1&metric=air_temp_c&from=${new Date(sent - 60_000).toISOString()}&to=${new Date(sent + 60_000).toISOString()}`,
    );
    expect(series.status).toBe(200);
    expect(series.body[0]?.points).toHaveLength(20);

    // Orders: a buyer places one and it is stored.
    const created = await call<{ password: string; user: { id: string } }>('POST', '/api/users', {
      phone: '13800000031',
      name: '刘书记',
      role: 'buyer',
      village: '东沟村',
    });
    expect(created.status).toBe(201);
    const buyer = await call('POST', '/api/buyers', {
      name: '刘书记',
      village: '东沟村',
      phone: '13800000031',
      kind: 'party_secretary',
      userId: created.body.user.id,
    });
    expect(buyer.status).toBe(201);
    // The buyer replaces the one-time password first, as the page makes them.
    const own = `${created.body.password}-own`;
    const first = await call(
      'PATCH',
      '/api/users/me',
      { currentPassword: created.body.password, newPassword: own },
      await login('13800000031', created.body.password),
    );
    expect(first.status).toBe(200);
    const buyerToken = await login('13800000031', own);
    const wanted = new Date(now + 120 * DAY_MS).toISOString().slice(0, 10);
    const order = await call<{ id: string }>(
      'POST',
      '/api/orders',
      {
        lines: [
          {
            crop: 'pepper',
            quantity: 1000,
            wantedDate: wanted,
            households: [{ name: '张三', quantity: 1000 }],
          },
        ],
      },
      buyerToken,
    );
    expect(order.status).toBe(201);
    expect((await call('GET', `/api/orders/${order.body.id}`, undefined, buyerToken)).status).toBe(200);
  });

  it('keeps postgres.log within POSTGRES_LOG_MB', async () => {
    if (!mountedOrSkipped()) return;
    // As if the server had been talkative: 3 MB of lines in its log, on the same tmpfs.
    await writeFile(database!.logFile, 'WARNING:  a line the server wrote\n'.repeat(100_000), { flag: 'a' });
    await app!.get(DiskWatchService).check();
    expect((await stat(database!.logFile)).size).toBeLessThan(1 * MB);
    expect((await stat(`${database!.logFile}.1`)).size).toBeGreaterThan(1 * MB);
  });

  async function waitForAlarm(): Promise<AlarmResponse> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const open = await call<AlarmResponse[]>('GET', '/api/alarms?rule=disk-low');
      const alarm = open.body.find(
        (candidate) => candidate.rule === 'disk-low' && candidate.state === 'active',
      );
      if (alarm !== undefined) return alarm;
      if (Date.now() > deadline)
        throw new Error(`no active disk-low alarm within 30 s: ${JSON.stringify(open.body)}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
});
