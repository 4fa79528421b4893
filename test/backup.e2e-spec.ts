import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { onServer, useTestDatabase, type TestDatabase } from '#testing';
import { writeBackup, type BackupResult } from '../apps/api/src/backup/backup-writer.js';
import { restoreBackup, verifyArchive } from '../apps/api/src/backup/restore.js';
import { TelemetryRepository } from '../apps/api/src/telemetry/telemetry.repository.js';
import { createNurseryZones, startOrdersHarness, type OrdersHarness } from './orders.harness.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TODAY = '2027-03-10';
const NOW = Date.parse(`${TODAY}T04:00:00Z`);
const DAY_MS = 86_400_000;
const MONEY_TABLES = ['orders', 'order_lines', 'payments', 'deliveries', 'allocations'];

/** Rows of every table (partitions included) by name. */
function tableCounts(url: string): Promise<Record<string, number>> {
  return onServer(url, async (client) => {
    const tables = await client.query<{ name: string }>(
      `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind = 'r' ORDER BY 1`,
    );
    const counts: Record<string, number> = {};
    for (const { name } of tables.rows) {
      const result = await client.query<{ n: string }>(`SELECT count(*)::text AS n FROM ONLY "${name}"`);
      counts[name] = Number(result.rows[0]?.n);
    }
    return counts;
  });
}

/** One checksum over every row of the money tables, in key order. */
function moneyChecksum(url: string): Promise<string> {
  return onServer(url, async (client) => {
    await client.query("SET TimeZone = 'UTC'");
    const parts: string[] = [];
    for (const table of MONEY_TABLES) {
      const result = await client.query<{ sum: string | null }>(
        `SELECT md5(string_agg(t::text, '|' ORDER BY t::text)) AS sum FROM "${table}" t`,
      );
      parts.push(`${table}:${result.rows[0]?.sum ?? 'empty'}`);
    }
    return parts.join(' ');
  });
}

function runCli(
  args: readonly string[],
  env: Record<string, string>,
): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [path.join(ROOT, 'dist/apps/api/src/backup/backup-cli.js'), ...args],
      {
        cwd: ROOT,
        env: {
          PATH: process.env['PATH'] ?? '',
          // The test run's relocation root (jest-global-setup.mjs), never the machine's.
          ...(process.env['EMBEDDED_PG_ROOT'] ? { EMBEDDED_PG_ROOT: process.env['EMBEDDED_PG_ROOT'] } : {}),
          LOG_LEVEL: 'warn',
          ...env,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code: code ?? -1, output }));
  });
}

/** A data folder the `postgres` user can enter when the tests run as root (mkdtemp makes 0700). */
async function dataFolder(prefix: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), prefix));
  chmodSync(dir, 0o755);
  return dir;
}

describe('backup and restore', () => {
  let h: OrdersHarness;
  let backupDir: string;
  let backup: BackupResult;
  const photo = randomBytes(300_000);
  const cleanup: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    h = await startOrdersHarness(TODAY);
    await createNurseryZones(h);
    const m = h.managerToken;
    const wang = await h.buyer('13800000003', '王书记', '西沟村');
    const order = await h.ok<{ id: string }>(wang.token, 'POST', '/api/orders', {
      lines: [
        {
          crop: 'pepper',
          quantity: 3000,
          wantedDate: '2027-05-20',
          households: [{ name: '张三', quantity: 3000 }],
        },
      ],
    });
    await h.ok(m, 'POST', `/api/orders/${order.id}/payments`, { amountFen: 12_345, method: 'wechat' });
    await h.ok(m, 'POST', `/api/orders/${order.id}/payments`, { amountFen: 6_789, method: 'cash' });

    // Raw readings over five days: three closed days go to their own archives, two stay in the main one.
    const repository = h.app.get(TelemetryRepository);
    await repository.ensurePartitions(NOW - 4 * DAY_MS, NOW);
    const url = databaseUrl(h);
    await onServer(url, async (client) => {
      await client.query(`INSERT INTO reading_series (device_id, metric)
        SELECT gen_random_uuid(), m FROM unnest(ARRAY['air_temp', 'air_rh', 'soil_temp']) AS m`);
      await client.query(
        `INSERT INTO readings (series_id, ts, value, seq, received_at)
         SELECT s.id, t, 20 + random() * 5, NULL, t
           FROM reading_series s,
                generate_series(to_timestamp($1 / 1000.0), to_timestamp($2 / 1000.0), interval '1 minute') AS t`,
        [Date.parse(`${TODAY}T00:00:00Z`) - 4 * DAY_MS, NOW],
      );
    });
    await mkdir(path.join(h.dataDir, 'photos'), { recursive: true });
    await writeFile(path.join(h.dataDir, 'photos', 'batch-1.jpg'), photo);

    backupDir = path.join(h.dataDir, 'backups');
    backup = await writeBackup({
      databaseUrl: url,
      dataDir: h.dataDir,
      backupDir,
      site: 'xnz',
      kind: 'manual',
      // Small volumes, so the split and its reassembly are exercised.
      volumeBytes: 256 * 1024,
      now: NOW,
    });
  }, 120_000);

  afterAll(async () => {
    for (const step of cleanup.reverse()) await step();
    await h?.close();
  });

  function databaseUrl(harness: OrdersHarness): string {
    const url = (harness.app.get(DataSource).options as { url?: string }).url;
    if (url === undefined) throw new Error('no database url on the app');
    return url;
  }

  it('writes volumes, the closed days apart, and a manifest with counts and checksums', async () => {
    expect(backup.volumes.length).toBeGreaterThan(1);
    for (const volume of backup.volumes) {
      expect((await readFile(volume)).length).toBeLessThanOrEqual(256 * 1024);
    }
    expect(backup.exportedDays).toEqual(['readings_p20270306', 'readings_p20270307', 'readings_p20270308']);
    expect(backup.manifest.partitionArchives.map((ref) => ref.rows)).toEqual([4320, 4320, 4320]);
    const payments = backup.manifest.tables.find((table) => table.name === 'payments');
    expect(payments?.rows).toBe(2);
    // Referenced tables come first: orders before its lines and payments.
    const order = backup.manifest.tables.map((table) => table.name);
    expect(order.indexOf('orders')).toBeLessThan(order.indexOf('payments'));
    expect(order.indexOf('buyers')).toBeLessThan(order.indexOf('orders'));
    expect(backup.manifest.files.map((file) => file.path)).toEqual(
      expect.arrayContaining(['jwt-secret', 'photos/batch-1.jpg']),
    );
    expect(backup.manifest.files.map((file) => file.path)).not.toContain('pg-password');
    expect(JSON.parse(await readFile(backup.sidecar, 'utf8'))).toEqual(backup.manifest);

    // A second backup exports no day twice.
    const again = await writeBackup({
      databaseUrl: databaseUrl(h),
      dataDir: h.dataDir,
      backupDir,
      site: 'xnz',
      kind: 'manual',
      now: NOW + 1000,
    });
    expect(again.exportedDays).toEqual([]);
    expect(again.manifest.partitionArchives).toEqual(backup.manifest.partitionArchives);
  });

  it('restores into a new database and data folder: every count, the money and the files', async () => {
    const target: TestDatabase = await useTestDatabase();
    const dataDir = await dataFolder('yumiao-restored-');
    cleanup.push(async () => {
      await target.drop();
      await rm(dataDir, { recursive: true, force: true });
    });
    const lines: string[] = [];
    const report = await restoreBackup({
      archive: backup.archive,
      databaseUrl: target.url,
      dataDir,
      replace: false,
      log: (line) => lines.push(line),
    });
    expect(report.counts.filter((count) => count.expected !== count.restored)).toEqual([]);

    const source = databaseUrl(h);
    // Every table holds what it held when the backup was taken, plus the one settings row that
    // marks a restored nursery. The comparison is with the backup's own counts, not the source's
    // counts now: the source api keeps running and writes after the backup (its last-backup
    // setting, devices of other suites on a shared broker landing as pending devices).
    const atBackup = Object.fromEntries(report.counts.map((count) => [count.table, count.expected]));
    const restored = await tableCounts(target.url);
    const sourceNow = await tableCounts(source);
    expect(Object.keys(restored).sort()).toEqual(Object.keys(sourceNow).sort());
    expect(restored).toEqual({
      ...atBackup,
      settings: (atBackup['settings'] ?? 0) + 1,
      // Not in the backup: the restore's own migration run rebuilds it, to the same list.
      migrations: sourceNow['migrations'],
    });
    expect(await moneyChecksum(target.url)).toBe(await moneyChecksum(source));
    expect((await tableCounts(target.url))['readings_p20270306']).toBe(4320);
    expect(await readFile(path.join(dataDir, 'photos', 'batch-1.jpg'))).toEqual(photo);
    expect(await readFile(path.join(dataDir, 'jwt-secret'), 'utf8')).toBe(
      await readFile(path.join(h.dataDir, 'jwt-secret'), 'utf8'),
    );
    expect(existsSync(path.join(dataDir, 'backups'))).toBe(false);

    // Sequences continue after the restored rows, and no demo seed runs on restored data.
    const sequences = (url: string) =>
      onServer(
        url,
        async (client) =>
          (await client.query('SELECT sequencename, last_value FROM pg_sequences ORDER BY 1')).rows,
      );
    expect(await sequences(target.url)).toEqual(await sequences(source));
    const restoredFrom = await onServer(target.url, (client) =>
      client.query("SELECT value FROM settings WHERE key = 'restored-from'"),
    );
    expect(restoredFrom.rowCount).toBe(1);

    // A second restore into the now full database is refused unless told to replace it.
    await expect(
      restoreBackup({
        archive: backup.archive,
        databaseUrl: target.url,
        dataDir,
        replace: false,
        log: () => undefined,
      }),
    ).rejects.toThrow(/already holds/);
    const replaced = await restoreBackup({
      archive: backup.sidecar,
      databaseUrl: target.url,
      dataDir,
      replace: true,
      log: () => undefined,
    });
    expect(replaced.counts.every((count) => count.expected === count.restored)).toBe(true);
  });

  it('refuses a damaged archive before touching the database', async () => {
    const copyDir = await mkdtemp(path.join(tmpdir(), 'yumiao-damaged-'));
    cleanup.push(() => rm(copyDir, { recursive: true, force: true }));
    const copies: string[] = [];
    for (const volume of backup.volumes) {
      const copy = path.join(copyDir, path.basename(volume));
      await writeFile(copy, await readFile(volume));
      copies.push(copy);
    }
    const second = copies[1];
    const bytes = await readFile(second);
    bytes[100_000] = (bytes[100_000] ?? 0) ^ 0xff;
    await writeFile(second, bytes);
    await expect(verifyArchive(copies[0])).rejects.toThrow(/fails its checksums|damaged tar header/);

    const target = await useTestDatabase();
    cleanup.push(() => target.drop());
    await expect(
      restoreBackup({
        archive: copies[0],
        databaseUrl: target.url,
        dataDir: copyDir,
        replace: false,
        log: () => undefined,
      }),
    ).rejects.toThrow();
    expect(await tableCounts(target.url)).toEqual({});
  });

  it('npm run backup and npm run restore: embedded default into a new data folder, refused while locked', async () => {
    const made = await runCli(['backup'], {
      DATABASE_URL: databaseUrl(h),
      MQTT_URL: 'mqtt://127.0.0.1:1',
      DATA_DIR: h.dataDir,
      BACKUP_DIR: path.join(h.dataDir, 'cli-backups'),
    });
    expect(made.output).toMatch(/Backup written: /);
    expect(made.code).toBe(0);
    const archive = /Backup written: (\S+\.tar)/.exec(made.output)?.[1] ?? '';
    expect(existsSync(archive)).toBe(true);

    const dataDir = await dataFolder('yumiao-cli-restore-');
    cleanup.push(() => rm(dataDir, { recursive: true, force: true }));
    await writeFile(
      path.join(dataDir, 'yumiao.lock'),
      JSON.stringify({ pid: process.pid, startedAt: new Date().toISOString() }),
    );
    const refused = await runCli(['restore', archive], { DATA_DIR: dataDir });
    expect(refused.code).toBe(1);
    expect(refused.output).toMatch(/An api is running on .*stop it before restoring/);
    await rm(path.join(dataDir, 'yumiao.lock'));

    const restored = await runCli(['restore', archive], { DATA_DIR: dataDir });
    expect(restored.output).toMatch(/payments\s+2\s+2/);
    expect(restored.output).not.toMatch(/differs/);
    expect(restored.code).toBe(0);
    expect(await readFile(path.join(dataDir, 'photos', 'batch-1.jpg'))).toEqual(photo);
    expect((await readdir(dataDir)).sort()).toEqual(
      expect.arrayContaining(['jwt-secret', 'logs', 'pg-password', 'photos']),
    );
  });
});
