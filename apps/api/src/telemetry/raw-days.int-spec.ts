import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { useTestDatabase, type TestDatabase } from '#testing';
import { createDataSource, migrateDatabase } from '../database/data-source.js';
import type { ReadingRow } from './ingest.js';
import { ReadingSeriesRepository } from './reading-series.repository.js';
import { TelemetryRepository } from './telemetry.repository.js';

const DAY_MS = 86_400_000;
const TODAY = Date.parse('2027-03-10T00:00:00Z');

describe('raw-readings days the disk watch may shed, against PostgreSQL', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let repository: TelemetryRepository;
  const device = randomUUID();

  const write = (ts: number, value: number) => {
    const row: ReadingRow = { deviceId: device, metric: 'air_temp_c', ts, value, seq: null, receivedAt: ts };
    return repository.writeBatch({ readings: [row], deadLetters: [], pending: [], presence: [] });
  };
  const minuteRollups = async (from: number, to: number) => {
    const [row] = await dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM readings_1m WHERE bucket >= to_timestamp($1 / 1000.0) AND bucket < to_timestamp($2 / 1000.0)`,
      [from, to],
    );
    return row?.n ?? 0;
  };

  beforeAll(async () => {
    database = await useTestDatabase({ migrate: migrateDatabase });
    dataSource = createDataSource(database.url, { poolSize: 3 });
    await dataSource.initialize();
    repository = new TelemetryRepository(dataSource, new ReadingSeriesRepository(dataSource));
    await repository.ensurePartitions(TODAY - 3 * DAY_MS, TODAY);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  it('lists each day with its size and whether the journal still holds a sample of it', async () => {
    for (let day = 3; day >= 1; day--) {
      for (let minute = 0; minute < 30; minute++)
        await write(TODAY - day * DAY_MS + minute * 60_000, 10 + minute);
    }
    const before = await repository.rawDays();
    expect(before.map(({ day, folded }) => [day, folded])).toEqual([
      ['2027-03-07', false],
      ['2027-03-08', false],
      ['2027-03-09', false],
      ['2027-03-10', true],
    ]);
    expect(before[0]?.bytes).toBeGreaterThan(0);
    // Not folded: not dropped, whatever the caller asks.
    expect(await repository.dropFoldedDay('readings_p20270307')).toBe(false);
    await repository.foldAll();
    expect((await repository.rawDays()).every((day) => day.folded)).toBe(true);
  });

  it('drops a folded day, keeping its rollups; refuses a day a late reading put back in the journal', async () => {
    await write(TODAY - 2 * DAY_MS + 23 * 3_600_000, 5);
    expect((await repository.rawDays()).find((day) => day.day === '2027-03-08')?.folded).toBe(false);
    expect(await repository.dropFoldedDay('readings_p20270308')).toBe(false);

    const rollupsBefore = await minuteRollups(TODAY - 3 * DAY_MS, TODAY - 2 * DAY_MS);
    expect(rollupsBefore).toBe(30);
    expect(await repository.dropFoldedDay('readings_p20270307')).toBe(true);
    expect(await repository.partitions()).not.toContain('readings_p20270307');
    expect(await minuteRollups(TODAY - 3 * DAY_MS, TODAY - 2 * DAY_MS)).toBe(rollupsBefore);
    // Gone already: nothing to drop.
    expect(await repository.dropFoldedDay('readings_p20270307')).toBe(false);
    await expect(repository.dropFoldedDay('readings_1m')).rejects.toThrow('not a raw-readings partition');
  });

  it('takes a late reading for a shed day again: ingest makes the partition anew', async () => {
    await expect(write(TODAY - 3 * DAY_MS + 3_600_000, 7)).rejects.toMatchObject({ code: '23514' });
    await repository.ensurePartitions(TODAY - 3 * DAY_MS, TODAY - 3 * DAY_MS);
    await expect(write(TODAY - 3 * DAY_MS + 3_600_000, 7)).resolves.toMatchObject({ inserted: 1 });
  });
});
