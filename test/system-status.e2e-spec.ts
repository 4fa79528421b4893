import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Logger } from '@nestjs/common';
import type { SiteStatusResponse } from '#contracts';
import { SystemEventsService } from '../apps/api/src/system/system-events.service.js';
import { startTestApi, TEST_ADMIN, type TestApi } from './support/api-harness.js';
import { readZip } from './support/zip.js';

const JWT_SECRET = 'a-jwt-secret-that-must-never-leave-the-pc-0123456789';

describe("the manager's 系统状态 card and diagnostics zip", () => {
  let api: TestApi;
  let token: string;

  beforeAll(async () => {
    api = await startTestApi({ env: { ENGINEER_PHONE: '13812345678', JWT_SECRET } });
    token = await api.login(TEST_ADMIN.phone, TEST_ADMIN.password);
  });

  afterAll(async () => {
    await api?.close();
  });

  const status = async (): Promise<SiteStatusResponse> => {
    const response = await api.request<SiteStatusResponse>('GET', '/api/system/status', { token });
    expect(response.status).toBe(200);
    return response.body;
  };

  it('says what to do in order: no backup yet, then all well after one, then a full disk first', async () => {
    const fresh = await status();
    expect(fresh).toMatchObject({
      overall: 'warning',
      advice: ['noBackupYet'],
      engineerPhone: '13812345678',
      database: { state: 'ok', reason: null },
      lastUncleanStop: null,
      backup: { last: null, failure: null, usbMissing: false, time: '02:30' },
    });
    const places = fresh.disks.map((disk) => disk.place);
    expect(places).toContain('data');
    expect(places).toContain('backups');
    for (const disk of fresh.disks) {
      expect(disk.totalBytes).toBeGreaterThan(0);
      expect(disk.freeBytes).toBeGreaterThan(0);
    }

    const taken = await api.request<{ archive: string; bytes: number }>('POST', '/api/backups', { token });
    expect(taken.status).toBe(201);
    const backedUp = await status();
    expect(backedUp.overall).toBe('ok');
    expect(backedUp.advice).toEqual([]);
    expect(backedUp.backup.last).toMatchObject({ archive: taken.body.archive, bytes: taken.body.bytes });

    // The disk watch's event, as it opens one at the critical level.
    const events = api.app.get(SystemEventsService);
    const id = await events.open('disk-low', 'dropped 3 raw-reading partitions', { level: 'critical' });
    const full = await status();
    expect(full).toMatchObject({
      overall: 'critical',
      advice: ['diskCritical'],
      diskLow: { cause: 'dropped 3 raw-reading partitions' },
    });
    await events.end(id);
    expect((await status()).overall).toBe('ok');
  });

  it('zips logs, settings without secrets, system events and versions for the engineer', async () => {
    new Logger('diagnostics-test').warn('a line the engineer should read');
    const response = await fetch(`${api.url}/api/system/diagnostics`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/zip');
    expect(response.headers.get('content-disposition')).toMatch(
      /^attachment; filename="yumiao-diagnostics-xnz-\d{8}-\d{4}\.zip"$/,
    );
    const entries = await readZip(Buffer.from(await response.arrayBuffer()));
    const names = [...entries.keys()];
    expect(names).toEqual(
      expect.arrayContaining(['status.json', 'settings.json', 'system-events.json', 'versions.json']),
    );
    const everything = [...entries.values()].map((content) => content.toString('utf8')).join('\n');
    expect(everything).not.toContain(JWT_SECRET);
    expect(everything).not.toContain(TEST_ADMIN.password);

    const settings = JSON.parse(entries.get('settings.json')!.toString('utf8')) as Record<string, unknown>;
    expect(settings['jwtSecret']).toBe('(removed)');
    expect(settings['engineerPhone']).toBe('13812345678');

    const versions = JSON.parse(entries.get('versions.json')!.toString('utf8')) as {
      yumiao: string;
      node: string;
      database: { server: string; lastMigration: string };
    };
    const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
    expect(versions.yumiao).toBe(manifest.version);
    expect(versions.node).toBe(process.version);
    expect(versions.database.server).toMatch(/^PostgreSQL \d+/);
    expect(versions.database.lastMigration).toMatch(/\d{13}$/);

    const logs = names.filter((name) => /^logs\/api-\d{4}-\d{2}-\d{2}\.log$/.test(name));
    expect(logs.length).toBeGreaterThan(0);
    const logText = logs.map((name) => entries.get(name)!.toString('utf8')).join('');
    expect(logText).toContain('a line the engineer should read');
  });

  it("is the manager's alone", async () => {
    const created = await api.request<{ password: string }>('POST', '/api/users', {
      token,
      body: { phone: '13700000001', name: '技术员', role: 'technician', password: 'technician-pw-1' },
    });
    expect(created.status).toBe(201);
    const technician = await api.login(
      '13700000001',
      await api.ownPassword('13700000001', 'technician-pw-1'),
    );
    for (const route of ['/api/system/status', '/api/system/diagnostics']) {
      expect((await api.request('GET', route, { token: technician })).status).toBe(403);
      expect((await api.request('GET', route)).status).toBe(401);
    }
  });
});
