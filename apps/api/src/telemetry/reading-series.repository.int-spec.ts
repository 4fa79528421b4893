import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { DataSource } from 'typeorm';
import { undoMigrationsThrough, useTestDatabase, type TestDatabase } from '#testing';
import { createDataSource, migrateDatabase } from '../database/data-source.js';
import { ReadingSeriesRepository } from './reading-series.repository.js';

describe('reading series ids against PostgreSQL', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let sql: pg.Pool;

  beforeAll(async () => {
    database = await useTestDatabase({ migrate: migrateDatabase });
    dataSource = createDataSource(database.url, { poolSize: 4 });
    await dataSource.initialize();
    sql = new pg.Pool({ connectionString: database.url, max: 2 });
  });

  afterAll(async () => {
    await sql?.end();
    await dataSource?.destroy();
    await database?.drop();
  });

  it('gives each device and metric one id, in order, even to two apis creating it at once', async () => {
    const devices = [randomUUID(), randomUUID()];
    const keys = devices.flatMap((deviceId) =>
      ['air_temp_c', 'co2_ppm', 'air_temp_c'].map((metric) => ({ deviceId, metric })),
    );
    const [a, b] = await Promise.all([
      new ReadingSeriesRepository(dataSource).idsFor(keys),
      new ReadingSeriesRepository(dataSource).idsFor([...keys].reverse()),
    ]);
    expect([...a]).toEqual([...b].reverse());
    expect(a[0]).toBe(a[2]);
    expect(new Set(a).size).toBe(4);
    const rows = (
      await sql.query<{ id: number; device_id: string; metric: string }>(
        'SELECT id, device_id, metric FROM reading_series WHERE device_id = ANY($1::uuid[]) ORDER BY id',
        [devices],
      )
    ).rows;
    expect(rows).toHaveLength(4);
    for (const [i, key] of keys.entries()) {
      expect(rows.find((row) => row.id === a[i])).toMatchObject({
        device_id: key.deviceId,
        metric: key.metric,
      });
    }
  });

  it('keeps ids across processes: a new repository finds the series already there', async () => {
    const key = { deviceId: randomUUID(), metric: 'light_lux' };
    const [first] = await new ReadingSeriesRepository(dataSource).idsFor([key]);
    const [again] = await new ReadingSeriesRepository(dataSource).idsFor([key]);
    expect(again).toBe(first);
    // A device id spelled in capitals is the same series (PostgreSQL answers uuids in lower case).
    const [shouted] = await new ReadingSeriesRepository(dataSource).idsFor([
      { ...key, deviceId: key.deviceId.toUpperCase() },
    ]);
    expect(shouted).toBe(first);
  });

  it('migration 1795919000000 converts readings and the journal both ways without losing a sample', async () => {
    // Migrations run on a session that prints dates day-first in Shanghai time: partition bounds,
    // copied as text, must still come back as the same UTC days.
    const url = new URL(database.url);
    url.searchParams.set('options', '-c DateStyle=SQL,DMY -c TimeZone=Asia/Shanghai');
    const migrator = createDataSource(url.toString(), { poolSize: 1 });
    await migrator.initialize();
    // Back to device uuid + metric text, with data in two daily partitions and an unfolded journal row.
    await undoMigrationsThrough(migrator, 'ReadingSeries1795919000000');
    const device = randomUUID();
    await sql.query(`
      CREATE TABLE IF NOT EXISTS readings_p20261128 PARTITION OF readings
        FOR VALUES FROM ('2026-11-28T00:00:00Z') TO ('2026-11-29T00:00:00Z');
      CREATE TABLE IF NOT EXISTS readings_p20261129 PARTITION OF readings
        FOR VALUES FROM ('2026-11-29T00:00:00Z') TO ('2026-11-30T00:00:00Z')`);
    await sql.query(
      `INSERT INTO readings (device_id, metric, ts, value, seq, received_at)
       SELECT $1, m, '2026-11-28T23:00:00Z'::timestamptz + i * interval '1 minute', i, i, now()
         FROM unnest(ARRAY['air_temp_c', 'co2_ppm']) AS m, generate_series(0, 119) AS i`,
      [device],
    );
    await sql.query(
      `INSERT INTO readings_journal (received_at, device_ids, metrics, ts, vals)
       VALUES (now(), ARRAY[$1, $1]::uuid[], ARRAY['co2_ppm', 'vent_pct'],
               ARRAY['2026-11-29T01:00:00Z', '2026-11-29T01:00:05Z']::timestamptz[], ARRAY[700, 35])`,
      [device],
    );
    const raw = `SELECT metric, count(*)::int AS n, sum(value) AS total FROM %s WHERE device_id = $1 GROUP BY 1 ORDER BY 1`;
    const before = (await sql.query(raw.replace('%s', 'readings'), [device])).rows;
    expect(before).toEqual([
      { metric: 'air_temp_c', n: 120, total: 7140 },
      { metric: 'co2_ppm', n: 120, total: 7140 },
    ]);

    await migrator.runMigrations({ transaction: 'each' });
    expect((await sql.query(raw.replace('%s', 'reading_values'), [device])).rows).toEqual(before);
    const journal = `SELECT s.device_id, s.metric, u.ts, u.value
      FROM readings_journal j, unnest(j.series_ids, j.ts, j.vals) WITH ORDINALITY AS u(series_id, ts, value, n)
      JOIN reading_series s ON s.id = u.series_id ORDER BY u.n`;
    expect(
      (await sql.query(journal)).rows.map((r: { metric: string; value: number }) => [r.metric, r.value]),
    ).toEqual([
      ['co2_ppm', 700],
      ['vent_pct', 35],
    ]);
    const partitions = `SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
      WHERE i.inhparent = 'readings'::regclass ORDER BY 1`;
    expect((await sql.query(partitions)).rows.map((r: { relname: string }) => r.relname)).toEqual(
      expect.arrayContaining(['readings_p20261128', 'readings_p20261129']),
    );

    // Duplicate detection knows a readings key violation by its index name; PostgreSQL 18 names
    // NOT NULL constraints too, and a migrated database should name them as a fresh one does.
    const constraintNames = async () =>
      (
        await sql.query<{ names: string[] }>(`SELECT array_agg(conname::text ORDER BY conname) AS names
           FROM pg_constraint WHERE conrelid IN ('readings'::regclass, 'readings_p20261128'::regclass)`)
      ).rows[0].names;
    const checkNames = async () => {
      const names = await constraintNames();
      expect(names).toEqual(expect.arrayContaining(['readings_pkey', 'readings_p20261128_pkey']));
      expect(names.filter((name) => /\d$/.test(name.replace(/^readings_p\d{8}/, '')))).toEqual([]);
    };
    await checkNames();

    await undoMigrationsThrough(migrator, 'ReadingSeries1795919000000');
    expect((await sql.query(raw.replace('%s', 'readings'), [device])).rows).toEqual(before);
    await checkNames();
    const oldJournal = 'SELECT metrics, vals FROM readings_journal';
    expect((await sql.query(oldJournal)).rows).toEqual([
      { metrics: ['co2_ppm', 'vent_pct'], vals: [700, 35] },
    ]);

    await migrator.runMigrations({ transaction: 'each' });
    expect((await sql.query(raw.replace('%s', 'reading_values'), [device])).rows).toEqual(before);
    await migrator.destroy();
  });
});
