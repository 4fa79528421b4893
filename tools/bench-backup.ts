/**
 * Backup and restore of a season-sized nursery (not a test): `npm run bench:backup`.
 *
 * Loads BENCH_READINGS raw readings (default 40 million: 280 series of one reading a minute over
 * 100 days, a season of a nursery with about 28 ten-metric devices) straight into a scratch
 * PostgreSQL with their 1-hour rollups (and the 1-minute rollups unless BENCH_NO_1M=1, which for
 * minute readings are as many rows again), then times what `npm run backup` does (the tables in
 * one archive, each closed day's raw readings in its own) and what `npm run restore` does into a
 * new, empty database, and compares every table's count. Prints seconds and sizes.
 * PostgreSQL: BENCH_DATABASE_URL, DATABASE_URL or TEST_DATABASE_URL, else an embedded one.
 */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { writeBackup } from '../apps/api/src/backup/backup-writer.js';
import { restoreBackup } from '../apps/api/src/backup/restore.js';
import { migrateDatabase } from '../apps/api/src/database/data-source.js';
import { hashMosquittoPassword } from '../apps/api/src/devices/mosquitto-password.js';
import { withBenchPostgres } from './bench-postgres.js';

const DAY = 86_400_000;
const METRICS = [
  'air_temp_c',
  'air_rh_pct',
  'co2_ppm',
  'light_lux',
  'substrate_vwc_pct',
  'substrate_temp_c',
  'substrate_ec_ms_cm',
  'bench_temp_c',
  'vent_pct',
  'screen_pct',
];

const say = (line: string) => process.stdout.write(`${line}\n`);
const seconds = (since: number) => ((Date.now() - since) / 1000).toFixed(1);

async function main(): Promise<void> {
  await withBenchPostgres(measure);
}

async function folderBytes(folder: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(folder, { withFileTypes: true })) {
    const full = path.join(folder, entry.name);
    total += entry.isDirectory() ? await folderBytes(full) : (await stat(full)).size;
  }
  return total;
}

async function measure(server: string): Promise<void> {
  const readings = Number(process.env['BENCH_READINGS'] ?? 40_000_000);
  const days = Number(process.env['BENCH_DAYS'] ?? 100);
  const devices = Math.max(1, Math.ceil(readings / (days * 1440 * METRICS.length)));
  const withMinuteRollups = process.env['BENCH_NO_1M'] !== '1';
  const suffix = randomBytes(4).toString('hex');
  const source = `bench_season_${suffix}`;
  const target = `bench_restore_${suffix}`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${source}`);
  await admin.query(`CREATE DATABASE ${target}`);
  const urlOf = (name: string) => Object.assign(new URL(server), { pathname: `/${name}` }).toString();
  const work = await mkdtemp(path.join(os.tmpdir(), 'yumiao-bench-backup-'));
  const sql = new pg.Client({ connectionString: urlOf(source) });
  try {
    await migrateDatabase(urlOf(source));
    await sql.connect();
    // Days end at the last midnight (UTC) more than a day ago, so every day is closed and exported.
    const end = Math.floor(Date.now() / DAY) * DAY - DAY;
    const start = end - days * DAY;
    const zone = (
      await sql.query<{ id: string }>(
        `INSERT INTO zones (site, code, kind, name) VALUES ('xnz', 'gh1', 'greenhouse', 'gh1') RETURNING id`,
      )
    ).rows[0];
    const ids: string[] = [];
    for (let index = 0; index < devices; index += 1) {
      const device = `env-${index + 1}`;
      const row = (
        await sql.query<{ id: string }>(
          `INSERT INTO devices (site, zone_id, zone_code, device, kind, metrics, interval_s, username, password_hash)
           VALUES ('xnz', $1, 'gh1', $2, 'env', $3, 60, $4, $5) RETURNING id`,
          [zone.id, device, JSON.stringify(METRICS), `xnz-gh1-${device}`, hashMosquittoPassword('x')],
        )
      ).rows[0];
      ids.push(row.id);
    }
    const total = days * 1440 * devices * METRICS.length;
    say(
      `Loading ${days} days x 1-minute x ${devices} devices x ${METRICS.length} metrics = ${total.toLocaleString('en')} raw readings${withMinuteRollups ? ' (and as many 1-minute rollups)' : ''} into ${source}...`,
    );
    const loadStarted = Date.now();
    for (let day = start; day < end; day += DAY) {
      const partition = `readings_p${new Date(day).toISOString().slice(0, 10).replaceAll('-', '')}`;
      await sql.query(
        `CREATE TABLE IF NOT EXISTS ${partition} PARTITION OF readings FOR VALUES FROM ('${new Date(day).toISOString()}') TO ('${new Date(day + DAY).toISOString()}')`,
      );
    }
    await sql.query(
      `INSERT INTO reading_series (device_id, metric)
       SELECT d.id, m.metric FROM unnest($1::uuid[]) AS d(id) CROSS JOIN unnest($2::text[]) AS m(metric)`,
      [ids, METRICS],
    );
    // A day per statement: a partition at a time, each transaction moderate.
    for (let day = start; day < end; day += DAY) {
      await sql.query(
        `INSERT INTO readings (series_id, ts, value, seq, received_at)
         SELECT s.id, t.ts, round((15 + 8 * sin(extract(epoch FROM t.ts) / 13751.0) + s.id % 7)::numeric, 2)::float8,
                NULL, t.ts
           FROM reading_series s
           CROSS JOIN generate_series(to_timestamp($1 / 1000.0), to_timestamp($2 / 1000.0) - interval '1 minute', interval '1 minute') AS t(ts)`,
        [day, day + DAY],
      );
      process.stdout.write('.');
    }
    say('');
    if (withMinuteRollups) {
      await sql.query(
        `INSERT INTO readings_1m (device_id, metric, bucket, min, max, sum, count)
         SELECT device_id, metric, ts, value, value, value, 1 FROM reading_values`,
      );
    }
    await sql.query(
      `INSERT INTO readings_1h (device_id, metric, bucket, min, max, sum, count)
       SELECT device_id, metric, date_trunc('hour', ts, 'UTC'), min(value), max(value), sum(value), count(*)
         FROM reading_values GROUP BY 1, 2, 3`,
    );
    await sql.query('VACUUM ANALYZE');
    const size = (
      await sql.query<{ s: string }>(`SELECT pg_size_pretty(pg_database_size(current_database())) AS s`)
    ).rows[0]?.s;
    say(`Loaded in ${seconds(loadStarted)} s; database ${size}`);

    const dataDir = path.join(work, 'data');
    const backupDir = path.join(work, 'backups');
    const backupStarted = Date.now();
    const backup = await writeBackup({
      databaseUrl: urlOf(source),
      dataDir,
      backupDir,
      site: 'xnz',
      kind: 'manual',
      now: Date.now(),
    });
    const backupSeconds = seconds(backupStarted);
    const readingsBytes = await folderBytes(path.join(backupDir, 'readings'));
    say(
      `Backup: ${backupSeconds} s; tables archive ${(backup.bytes / 1e6).toFixed(0)} MB in ${backup.volumes.length} volume(s); ` +
        `${backup.exportedDays.length} closed days of raw readings ${(readingsBytes / 1e6).toFixed(0)} MB`,
    );

    const restoreStarted = Date.now();
    const report = await restoreBackup({
      archive: backup.archive,
      databaseUrl: urlOf(target),
      dataDir: path.join(work, 'restored'),
      replace: false,
      log: () => undefined,
    });
    const differing = report.counts.filter((count) => count.expected !== count.restored);
    const raw = report.counts.filter((count) => /^readings(_p\d+)?$/.test(count.table));
    say(
      `Restore: ${seconds(restoreStarted)} s; ${report.counts.length} tables, ` +
        `${raw.reduce((sum, count) => sum + count.restored, 0).toLocaleString('en')} raw readings; ` +
        `${differing.length === 0 ? 'every count equal' : `${differing.length} tables differ`}`,
    );
    for (const count of report.counts.filter((c) => !/^readings_p\d+$/.test(c.table) && c.expected > 0)) {
      say(
        `  ${count.table.padEnd(28)} ${String(count.expected).padStart(12)} ${String(count.restored).padStart(12)}`,
      );
    }
    if (differing.length > 0) process.exitCode = 1;
  } finally {
    await sql.end().catch(() => undefined);
    await admin.query(`DROP DATABASE IF EXISTS ${source}`).catch(() => undefined);
    await admin.query(`DROP DATABASE IF EXISTS ${target}`).catch(() => undefined);
    await admin.end();
    await rm(work, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
