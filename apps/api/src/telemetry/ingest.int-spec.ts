import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { useTestDatabase, type TestDatabase } from '#testing';
import { createDataSource, migrateDatabase } from '../database/data-source.js';
import type { DirectoryEntry } from '../devices/device-directory.js';
import { hashMosquittoPassword } from '../devices/mosquitto-password.js';
import { planMessage, type IngestPlan } from './ingest.js';
import { IngestWriter } from './ingest-writer.js';
import { ReadingSeriesRepository } from './reading-series.repository.js';
import { TelemetryRepository } from './telemetry.repository.js';

const NOW = Date.parse('2026-11-28T12:00:00Z');
const DAY = 86_400_000;

describe('ingest pipeline against PostgreSQL', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let repository: TelemetryRepository;
  let sql: pg.Pool;
  let device: DirectoryEntry;
  let writer: IngestWriter;

  const plan = (topic: string, payload: unknown): IngestPlan =>
    planMessage(topic, Buffer.from(typeof payload === 'string' ? payload : JSON.stringify(payload)), {
      now: NOW,
      retentionMs: 180 * DAY,
      lookup: (site, zone, name) =>
        site === device.site && zone === device.zone && name === device.device ? device : undefined,
    });
  const count = async (query: string): Promise<number> =>
    Number(((await sql.query(query)).rows[0] as { n: string }).n);

  beforeAll(async () => {
    database = await useTestDatabase({ migrate: migrateDatabase });
    dataSource = createDataSource(database.url, { poolSize: 3 });
    await dataSource.initialize();
    sql = new pg.Pool({ connectionString: database.url, max: 2 });
    const zone = (
      await sql.query(
        `INSERT INTO zones (site, code, kind, name) VALUES ('xnz', 'gh1', 'greenhouse', '一号棚') RETURNING id`,
      )
    ).rows[0] as { id: string };
    const row = (
      await sql.query(
        `INSERT INTO devices (site, zone_id, zone_code, device, kind, interval_s, username, password_hash)
         VALUES ('xnz', $1, 'gh1', 'env-1', 'env', 60, 'xnz-gh1-env-1', $2) RETURNING id`,
        [zone.id, hashMosquittoPassword('x')],
      )
    ).rows[0] as { id: string };
    device = {
      id: row.id,
      site: 'xnz',
      zone: 'gh1',
      device: 'env-1',
      kind: 'env',
      enabled: true,
      username: 'xnz-gh1-env-1',
      passwordHash: '',
      intervalS: 60,
    };
    repository = new TelemetryRepository(dataSource, new ReadingSeriesRepository(dataSource));
    await repository.ensurePartitions(NOW - 2 * DAY, NOW + DAY);
    writer = new IngestWriter((batch) => repository.writeBatch(batch), {
      batchRows: 500,
      flushMs: 5,
      maxQueuedMessages: 10_000,
      seenWriteIntervalMs: 15_000,
      now: () => Date.now(),
    });
  });

  afterAll(async () => {
    writer.close();
    await sql.end();
    await dataSource.destroy();
    await database.drop();
  });

  it('stores a reading once however often it arrives, and records a conflicting value', async () => {
    const topic = 'nursery/v1/xnz/gh1/env-1/tele';
    const message = { ts: NOW - 60_000, seq: 7, values: { air_temp_c: 18.5, air_rh_pct: 70 } };
    await Promise.all([writer.submit(plan(topic, message)), writer.submit(plan(topic, message))]);
    await writer.submit(plan(topic, message));
    await writer.submit(plan(topic, { ...message, values: { air_temp_c: 19 } }));

    expect(
      await count(`SELECT count(*) AS n FROM readings WHERE ts = to_timestamp(${(NOW - 60_000) / 1000})`),
    ).toBe(2);
    expect(await count(`SELECT count(*) AS n FROM readings WHERE seq = 7`)).toBe(2);
    const conflict = (await sql.query('SELECT stored_value, received_value FROM reading_conflicts')).rows;
    expect(conflict).toEqual([{ stored_value: 18.5, received_value: 19 }]);
    // Only the samples inserted reach the journal, so the repeats never reach the rollup.
    expect(await repository.foldJournal()).toEqual({ batches: expect.any(Number), samples: 2 });
    const rollup = (
      await sql.query(`SELECT min, max, sum, count FROM readings_1m WHERE metric = 'air_temp_c'`)
    ).rows;
    expect(rollup).toEqual([{ min: 18.5, max: 18.5, sum: 18.5, count: 1 }]);
  });

  it('writes a batch holding repeats once: the plain insert falls back to skipping duplicates', async () => {
    const row = {
      deviceId: device.id,
      metric: 'water_temp_c',
      ts: NOW - 90_000,
      value: 11.5,
      seq: null,
      receivedAt: NOW,
    };
    const batch = (readings: (typeof row)[]) => ({ readings, deadLetters: [], pending: [], presence: [] });
    // Fresh repositories: each starts optimistic (a plain INSERT), as the api does after a start.
    expect(
      await new TelemetryRepository(dataSource, new ReadingSeriesRepository(dataSource)).writeBatch(
        batch([row, row]),
      ),
    ).toEqual({
      inserted: 1,
      duplicates: 1,
      conflicts: 0,
    });
    expect(
      await new TelemetryRepository(dataSource, new ReadingSeriesRepository(dataSource)).writeBatch(
        batch([row, { ...row, value: 12 }]),
      ),
    ).toEqual({
      inserted: 0,
      duplicates: 1,
      conflicts: 1,
    });
    expect(await count(`SELECT count(*) AS n FROM reading_values WHERE metric = 'water_temp_c'`)).toBe(1);
    await repository.foldJournal();
    expect(await count(`SELECT sum(count) AS n FROM readings_1m WHERE metric = 'water_temp_c'`)).toBe(1);
  });

  it('keeps valid values of a partly valid message and dead-letters each bad one with its reason', async () => {
    const topic = 'nursery/v1/xnz/gh1/env-1/tele';
    await writer.submit(
      plan(topic, {
        ts: NOW - 30_000,
        values: { air_temp_c: 20, co2_ppm: -5, air_rh_pct: 'wet', frobs: 1, light_lux: 1000 },
      }),
    );
    await writer.submit(plan(topic, '{"ts": 1, "values": {'));
    await writer.submit(plan(topic, `{"ts": ${NOW}, "values": {"air_temp_c": 1e999}}`));
    await writer.submit(plan(topic, { ts: NOW + 10 * 60_000, values: { air_temp_c: 20 } }));
    await writer.submit(plan(topic, { ts: NOW - 200 * DAY, values: { air_temp_c: 20 } }));
    await writer.submit(
      plan(
        topic,
        Array.from({ length: 1001 }, (_, i) => ({ ts: NOW - i * 1000, values: {} })),
      ),
    );
    await writer.submit(plan('nursery/v1/xnz/gh1/env-9/tele', { ts: NOW, values: { air_temp_c: 20 } }));
    await writer.submit(plan('nursery/v1/xnz/GH1/env-1/tele', { ts: NOW, values: {} }));
    await writer.submit(plan(topic, 'x'.repeat(300 * 1024)));

    const reasons = (await sql.query('SELECT reason FROM dead_letters ORDER BY id')).rows.map(
      (r: { reason: string }) => r.reason,
    );
    expect(reasons.sort()).toEqual(
      [
        'out_of_range',
        'wrong_type',
        'unknown_metric',
        'invalid_json',
        'not_finite',
        'too_far_ahead',
        'too_old',
        'too_many_samples',
        'unknown_device',
        'invalid_topic',
        'payload_too_large',
      ].sort(),
    );
    const kept = (
      await sql.query(
        `SELECT metric, value FROM reading_values WHERE ts = to_timestamp(${(NOW - 30_000) / 1000}) ORDER BY metric`,
      )
    ).rows;
    expect(kept).toEqual([
      { metric: 'air_temp_c', value: 20 },
      { metric: 'light_lux', value: 1000 },
    ]);
    expect(await count(`SELECT count(*) AS n FROM pending_devices WHERE device = 'env-9'`)).toBe(1);
  });

  it('moves the latest value only forward and keeps rollups exact with late data', async () => {
    const topic = 'nursery/v1/xnz/gh1/env-1/tele';
    const base = NOW - 3 * 3_600_000;
    await repository.foldJournal(); // what the tests before left
    await writer.submit(plan(topic, { ts: base + 10_000, values: { co2_ppm: 400 } }));
    await writer.submit(plan(topic, { ts: base + 5_000, values: { co2_ppm: 500 } }));
    await writer.submit(plan(topic, { ts: base + 20_000, values: { co2_ppm: 600 } }));
    // Rollups and latest values follow the readings when the journal is folded (a timer in the
    // api, called directly here).
    expect(await count(`SELECT count(*) AS n FROM latest_readings WHERE metric = 'co2_ppm'`)).toBe(0);
    expect(await repository.foldJournal()).toEqual({ batches: 3, samples: 3 });
    expect(await count('SELECT count(*) AS n FROM readings_journal')).toBe(0);
    const latest = (await sql.query(`SELECT value FROM latest_readings WHERE metric = 'co2_ppm'`)).rows;
    expect(latest).toEqual([{ value: 600 }]);
    // A late sample from the previous day: its partition exists, the rollups absorb it.
    await writer.submit(plan(topic, { ts: base + 1_000, values: { co2_ppm: 800 } }));
    await repository.foldJournal();
    expect((await sql.query(`SELECT value FROM latest_readings WHERE metric = 'co2_ppm'`)).rows).toEqual([
      { value: 600 },
    ]);
    const hour = (await sql.query(`SELECT min, max, sum, count FROM readings_1h WHERE metric = 'co2_ppm'`))
      .rows;
    expect(hour).toEqual([{ min: 400, max: 800, sum: 2300, count: 4 }]);
    // Late data for an hour already folded, and a repeat: added once.
    await writer.submit(plan(topic, { ts: base + 2_000, values: { co2_ppm: 100 } }));
    await writer.submit(plan(topic, { ts: base + 2_000, values: { co2_ppm: 100 } }));
    await repository.foldJournal();
    expect(
      (await sql.query(`SELECT min, max, sum, count FROM readings_1h WHERE metric = 'co2_ppm'`)).rows,
    ).toEqual([{ min: 100, max: 800, sum: 2400, count: 5 }]);
    expect(
      (
        await sql.query(
          `SELECT sum(sum) AS sum, sum(count)::int AS count FROM readings_1m WHERE metric = 'co2_ppm'`,
        )
      ).rows,
    ).toEqual([{ sum: 2400, count: 5 }]);
  });

  it('folds a journal row once even when two folds race, and keeps it when the fold fails', async () => {
    const topic = 'nursery/v1/xnz/gh1/env-1/tele';
    const base = NOW - 5 * 3_600_000;
    for (let i = 0; i < 20; i++) {
      await writer.submit(plan(topic, { ts: base + i * 1_000, values: { vent_pct: i } }));
    }
    const folds = await Promise.all([
      repository.foldJournal(3),
      repository.foldJournal(3),
      repository.foldJournal(),
    ]);
    expect(folds.reduce((sum, fold) => sum + fold.samples, 0)).toBe(20);
    const sums = `SELECT (SELECT sum(count)::int FROM readings_1m WHERE metric = 'vent_pct') AS minute,
                         (SELECT sum(count)::int FROM readings_1h WHERE metric = 'vent_pct') AS hour`;
    expect((await sql.query(sums)).rows).toEqual([{ minute: 20, hour: 20 }]);
    // A fold that fails (here: the 1-minute rollup locked past the timeout) deletes nothing.
    await writer.submit(plan(topic, { ts: base + 30_000, values: { vent_pct: 99 } }));
    const blocker = await sql.connect();
    try {
      await blocker.query('BEGIN');
      await blocker.query('LOCK TABLE readings_1m IN EXCLUSIVE MODE');
      const failing = createDataSource(database.url, { poolSize: 1 });
      await failing.initialize();
      try {
        await failing.query(`SET lock_timeout = '200ms'`);
        await expect(
          new TelemetryRepository(failing, new ReadingSeriesRepository(failing)).foldJournal(),
        ).rejects.toThrow(/lock/);
      } finally {
        await failing.destroy();
      }
    } finally {
      await blocker.query('ROLLBACK');
      blocker.release();
    }
    expect(await count('SELECT count(*) AS n FROM readings_journal')).toBe(1);
    await repository.foldJournal();
    expect((await sql.query(sums)).rows).toEqual([{ minute: 21, hour: 21 }]);
  });

  it('stores the last meta message on the device', async () => {
    const topic = 'nursery/v1/xnz/gh1/env-1/meta';
    const meta = { model: 'YM-ENV2', fw: '1.4.0', metrics: { air_temp_c: { unit: '°C', interval_s: 60 } } };
    await writer.submit(plan(topic, { ...meta, fw: '1.3.9' }));
    await writer.submit(plan(topic, meta));
    const row = (await sql.query('SELECT meta, meta_at FROM devices WHERE id = $1', [device.id])).rows[0] as {
      meta: unknown;
      meta_at: Date;
    };
    expect(row.meta).toEqual(meta);
    expect(row.meta_at.getTime()).toBe(NOW);
  });

  it('stores a 1,000-sample backlog sent twice once', async () => {
    const topic = 'nursery/v1/xnz/gh1/env-1/tele';
    const backlog = Array.from({ length: 1000 }, (_, i) => ({
      ts: NOW - DAY + i * 60_000,
      seq: i,
      values: { substrate_vwc_pct: 30 + (i % 10) },
    }));
    await writer.submit(plan(topic, backlog));
    await writer.submit(plan(topic, backlog));
    await repository.foldJournal();
    expect(await count(`SELECT count(*) AS n FROM reading_values WHERE metric = 'substrate_vwc_pct'`)).toBe(
      1000,
    );
    expect(await count(`SELECT sum(count) AS n FROM readings_1m WHERE metric = 'substrate_vwc_pct'`)).toBe(
      1000,
    );
  });

  it('holds acknowledgements while PostgreSQL refuses the batch and commits when it returns', async () => {
    let failures = 2;
    const flaky = new IngestWriter(
      async (batch) => {
        if (failures-- > 0) throw new Error('connection refused');
        return repository.writeBatch(batch);
      },
      {
        batchRows: 10,
        flushMs: 1,
        maxQueuedMessages: 2,
        seenWriteIntervalMs: 0,
        now: () => Date.now(),
        retryDelayMs: () => 5,
      },
    );
    let committed = false;
    const topic = 'nursery/v1/xnz/gh1/env-1/tele';
    const first = flaky.submit(plan(topic, { ts: NOW - 7_000, values: { battery_v: 12 } })).then(() => {
      committed = true;
    });
    void flaky.submit(plan(topic, { ts: NOW - 6_000, values: { battery_v: 12.1 } }));
    expect(flaky.saturated).toBe(true);
    expect(committed).toBe(false);
    await flaky.room();
    await first;
    expect(await count(`SELECT count(*) AS n FROM reading_values WHERE metric = 'battery_v'`)).toBe(2);
    flaky.close();
  });

  it('dead-letters a message PostgreSQL itself refuses (a seq beyond bigint) and commits the batch around it', async () => {
    const topic = 'nursery/v1/xnz/gh1/env-1/tele';
    const refused = `{"ts":${NOW - 5_000},"seq":1e300,"values":{"par_umol_m2_s":3}}`;
    await Promise.all([
      writer.submit(plan(topic, { ts: NOW - 6_000, values: { par_umol_m2_s: 1 } })),
      writer.submit(plan(topic, refused)),
      writer.submit(plan(topic, { ts: NOW - 4_000, values: { par_umol_m2_s: 2 } })),
    ]);
    const values = (
      await sql.query<{ value: number }>(
        `SELECT value FROM reading_values WHERE metric = 'par_umol_m2_s' ORDER BY ts`,
      )
    ).rows.map((row) => row.value);
    expect(values).toEqual([1, 2]);
    const dead = (
      await sql.query<{ detail: string; payload: string; raw: Buffer }>(
        `SELECT detail, payload, raw FROM dead_letters WHERE reason = 'unstorable'`,
      )
    ).rows;
    expect(dead).toHaveLength(1);
    expect(dead[0].detail).toMatch(/^refused by the database: 22\w{3} /);
    expect(dead[0].payload).toBe(refused);
    expect(dead[0].raw.toString()).toBe(refused);
  });
});
