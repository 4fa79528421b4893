import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { waitFor } from '#testing';
import type { ReadingRow } from '../apps/api/src/telemetry/ingest.js';
import { TelemetryRepository } from '../apps/api/src/telemetry/telemetry.repository.js';
import { TickService } from '../apps/api/src/scheduling/tick.service.js';
import { startTestApi, type TestApi } from './support/api-harness.js';

const DAY = 86_400_000;
const HOUR = 3_600_000;
/** Noon UTC on 10 March 2027. */
const NOON = Date.parse('2027-03-10T12:00:00Z');

/** The days from `first` to `last` as the partitions name them (20270226). */
const days = (first: string, last: string): string[] => {
  const result: string[] = [];
  for (let day = Date.parse(first); day <= Date.parse(last); day += DAY)
    result.push(new Date(day).toISOString().slice(0, 10).replaceAll('-', ''));
  return result;
};

describe('raw retention: the hourly job drops the daily raw partitions older than RAW_RETENTION_DAYS', () => {
  let api: TestApi;
  let now = NOON;
  let sql: pg.Client;

  /** The raw-readings partitions of 25 February to 13 March, the days this suite wrote or rolled. */
  const ourPartitions = async () =>
    (
      await sql.query<{ name: string }>(
        `SELECT c.relname AS name FROM pg_inherits i
           JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent
          WHERE p.relname = 'readings' AND c.relname BETWEEN 'readings_p20270225' AND 'readings_p20270313'
          ORDER BY 1`,
      )
    ).rows.map((row) => row.name.replace('readings_p', ''));
  const minuteRollups = async () =>
    (
      await sql.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM readings_1m WHERE bucket >= '2027-02-25' AND bucket < '2027-03-11'`,
      )
    ).rows[0]?.n;

  beforeAll(async () => {
    api = await startTestApi({ clock: { now: () => now, speed: 1 }, env: { RAW_RETENTION_DAYS: '7' } });
    sql = new pg.Client(api.database.url);
    await sql.connect();
    // One reading at noon on each of the last twelve days, folded into the rollups.
    const repository = api.app.get(TelemetryRepository);
    await repository.ensurePartitions(NOON - 12 * DAY, NOON);
    const device = randomUUID();
    for (let day = 12; day >= 0; day--) {
      const ts = NOON - day * DAY;
      const row: ReadingRow = {
        deviceId: device,
        metric: 'air_temp_c',
        ts,
        value: 10,
        seq: null,
        receivedAt: ts,
      };
      await repository.writeBatch({ readings: [row], deadLetters: [], pending: [], presence: [] });
    }
    await repository.foldAll();
  });

  afterAll(async () => {
    await sql?.end();
    await api?.close();
  });

  it('keeps every day within the retention, drops the older ones whole, keeps their rollups and adds the days ahead', async () => {
    // (The api made some days ahead at start.)
    expect((await ourPartitions()).filter((day) => day <= '20270310')).toEqual(
      days('2027-02-26', '2027-03-10'),
    );
    const rollups = await minuteRollups();
    expect(rollups).toBe(13);

    // An hour later the job is due: 13:00 on 10 March less seven days is 13:00 on 3 March, so the
    // days before 3 March are wholly older and go; 3 March, partly within, stays.
    now += HOUR;
    await api.app.get(TickService).runDue(now);
    await waitFor(async () => !(await ourPartitions()).includes('20270226'), {
      what: 'the old days dropped',
    });
    expect(await ourPartitions()).toEqual(days('2027-03-03', '2027-03-13'));
    expect(await minuteRollups()).toBe(rollups);
  });
});
