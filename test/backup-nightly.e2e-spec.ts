import { execFileSync } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { AlarmEngine } from '../apps/api/src/alarms/alarm-engine.service.js';
import { BackupService, USB_MISSING } from '../apps/api/src/backup/backup.service.js';
import { removableProblem } from '../apps/api/src/backup/backup-store.js';
import { startTestApi, TEST_ADMIN, type TestApi } from './support/api-harness.js';

const isRoot = process.getuid?.() === 0;

/** The api's clock, moved by the test. */
function movableClock(start: string): { now: () => number; speed: number; set(iso: string): void } {
  let now = Date.parse(start);
  return {
    now: () => now,
    speed: 1,
    set(iso: string) {
      now = Date.parse(iso);
    },
  };
}

describe('nightly backups', () => {
  let api: TestApi;
  const clock = movableClock('2027-03-11T04:00:00Z');

  beforeAll(async () => {
    api = await startTestApi({ clock });
  });

  afterAll(async () => {
    await api?.close();
  });

  it('run once per BACKUP_TIME slot (02:30 nursery time), skip the first start, and prove the restore', async () => {
    const service = api.app.get(BackupService);
    // 12:00 in Shanghai: the 02:30 slot has passed, but a first start only remembers it.
    await service.runDue(clock.now());
    await service.idle();
    expect((await service.status()).lastBackup).toBeNull();

    // 02:29 the next day: not yet.
    clock.set('2027-03-11T18:29:00Z');
    await service.runDue(clock.now());
    await service.idle();
    expect((await service.status()).lastBackup).toBeNull();

    clock.set('2027-03-11T18:31:00Z');
    await service.runDue(clock.now());
    await service.runDue(clock.now());
    await service.idle();
    const status = await service.status();
    expect(status.lastBackup).toMatchObject({ kind: 'nightly', at: '2027-03-11T18:31:00.000Z' });
    expect(status.backups).toHaveLength(1);
    expect(status.restoreCheck).toMatchObject({ result: 'ok' });
    expect(status.restoreCheck?.detail).toMatch(/tables, \d+ rows/);

    // Nine more nights: retention keeps 7 nightly (these are all in one month).
    for (let night = 1; night <= 9; night += 1) {
      clock.set(new Date(Date.parse('2027-03-11T18:31:00Z') + night * 86_400_000).toISOString());
      await service.runDue(clock.now());
      await service.idle();
    }
    const after = await service.status();
    expect(after.backups.filter((backup) => backup.kind === 'nightly').length).toBe(8);
    // The first of the month stays as the monthly one: 7 newest + the first (March 12, 02:31).
    expect(after.backups.map((backup) => backup.createdAt)).toContain('2027-03-11T18:31:00.000Z');
    const files = await readdir(api.config.backup.dir);
    expect(files.filter((name) => name.endsWith('.json'))).toHaveLength(8);
  });
});

describe('a removable BACKUP_DIR', () => {
  let api: TestApi;
  let stick: string;

  beforeAll(async () => {
    stick = await mkdtemp(path.join(tmpdir(), 'yumiao-stick-'));
    api = await startTestApi({ env: { BACKUP_DIR: stick, BACKUP_REMOVABLE: '1' } });
  });

  afterAll(async () => {
    if (isRoot) execFileSync('umount', [stick], { stdio: 'ignore' });
    await api?.close();
    await rm(stick, { recursive: true, force: true });
  });

  it('fails with U盘未插入 while nothing is mounted, raises backup-failed, and clears it once a stick is there', async () => {
    expect(await removableProblem(stick, api.config.dataDir)).toMatch(/not a mounted USB stick/);
    const token = await api.login(TEST_ADMIN.phone, TEST_ADMIN.password);
    const refused = await api.request<{ message: string; code: string }>('POST', '/api/backups', { token });
    expect(refused.status).toBe(503);
    expect(refused.body.message).toContain(USB_MISSING);
    expect(await readdir(stick)).toEqual([]);

    const engine = api.app.get(AlarmEngine);
    const dataSource = api.app.get(DataSource);
    const alarmState = async (): Promise<string[]> =>
      (
        await dataSource.query<{ state: string }[]>(
          "SELECT state FROM alarms WHERE rule = 'backup-failed' ORDER BY since",
        )
      ).map((row) => row.state);
    await engine.evaluate(Date.now());
    expect(await alarmState()).toEqual(['active']);
    const status = await api.request<{ lastFailure: { reason: string } }>('GET', '/api/backups', { token });
    expect(status.body.lastFailure.reason).toContain(USB_MISSING);

    if (!isRoot) return; // mounting a stand-in stick needs root (CI runs as root)
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=20m', 'tmpfs', stick]);
    expect(await removableProblem(stick, api.config.dataDir)).toBeUndefined();
    const made = await api.request<{ archive: string }>('POST', '/api/backups', { token });
    expect(made.status).toBe(201);
    expect(made.body.archive.startsWith(stick)).toBe(true);
    await engine.evaluate(Date.now());
    expect(await alarmState()).not.toContain('active');
    const open = await dataSource.query<unknown[]>(
      "SELECT id FROM system_events WHERE kind = 'backup-failed' AND ended_at IS NULL",
    );
    expect(open).toEqual([]);
  });
});
