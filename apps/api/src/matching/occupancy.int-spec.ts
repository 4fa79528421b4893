import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { DataSource } from 'typeorm';
import { CROPS, germinationRoomDays } from '#agronomy';
import type { AppConfig } from '#config';
import type { CapacityResponse } from '#contracts';
import { type TestDatabase, useTestDatabase } from '#testing';
import type { CropsService } from '../crops/crops.service.js';
import { createDataSource, migrateDatabase } from '../database/data-source.js';
import type { Zone } from '../zones/zone.entity.js';
import type { ZonesRepository } from '../zones/zones.repository.js';
import { MatchingRepository } from './matching.repository.js';
import { MatchingStateReader } from './matching-state.js';
import { OccupancyService } from './occupancy.service.js';
import { DEFAULT_ORDER_SETTINGS, type OrderSettingsService } from './order-settings.js';

const TODAY = '2027-03-10';
// gh1 holds 100 m² × 5 trays/m² = 500 trays; gh2 an explicit 200; the germination room 300.
const ZONES = [
  { code: 'gh1', kind: 'greenhouse', benchAreaM2: 100, traysPerM2: 5, trayCapacity: null },
  { code: 'gh2', kind: 'greenhouse', benchAreaM2: null, traysPerM2: null, trayCapacity: 200 },
  { code: 'germ1', kind: 'germination', benchAreaM2: null, traysPerM2: null, trayCapacity: 300 },
] as unknown as Zone[];

describe('the capacity calendar against PostgreSQL', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let occupancy: OccupancyService;

  beforeAll(async () => {
    database = await useTestDatabase({ migrate: migrateDatabase });
    dataSource = createDataSource(database.url, { poolSize: 2 });
    await dataSource.initialize();
    const repository = new MatchingRepository(dataSource);
    const state = new MatchingStateReader(
      repository,
      { catalogue: () => Promise.resolve(CROPS) } as unknown as CropsService,
      { list: () => Promise.resolve(ZONES) } as unknown as ZonesRepository,
      { get: () => Promise.resolve({ ...DEFAULT_ORDER_SETTINGS }) } as unknown as OrderSettingsService,
      { nurseryTimeZone: 'Asia/Shanghai', siteCode: 'xnz' } as AppConfig,
      { now: () => Date.parse(`${TODAY}T04:00:00Z`), speed: 1 },
    );
    occupancy = new OccupancyService(repository, state);
  }, 60_000);

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  async function batch(
    code: string,
    crop: string,
    zone: string,
    trays: number,
    sowDate: string,
    stage: string,
    readyUntil: string,
  ): Promise<void> {
    await dataSource.query(
      `INSERT INTO batches (code, crop, cells, zone, trays, cells_sown, sow_date, stage, emerge_pct, saleable_pct,
         ready_from, ready_until)
       VALUES ($1, $2, 72, $3, $4, $4 * 72, $5, $6, 0.9, 0.9, $7, $7)`,
      [code, crop, zone, trays, sowDate, stage, readyUntil],
    );
  }

  it('answers each house and the germination room week by week as a share of capacity, planned sowings in it', async () => {
    // The stays this test computes by hand: tomato 4 days in the germination room, cucumber 3.
    expect([germinationRoomDays(CROPS.tomato), germinationRoomDays(CROPS.cucumber)]).toEqual([4, 3]);
    // A: on gh1's benches the whole span (germination room 1-4 Mar, before it).
    await batch('B-A', 'tomato', 'gh1', 100, '2027-03-01', 'true_leaf', '2027-04-20');
    // B, planned: germination room 12-15 Mar, gh1 from 16 Mar.
    await batch('B-B', 'tomato', 'gh1', 150, '2027-03-12', 'planned', '2027-04-30');
    // C: germination room 9-11 Mar, gh2 12-14 Mar, then gone.
    await batch('B-C', 'cucumber', 'gh2', 60, '2027-03-09', 'germinating', '2027-03-14');
    // D, planned: germination room 20-22 Mar, gh2 from 23 Mar.
    await batch('B-D', 'cucumber', 'gh2', 80, '2027-03-20', 'planned', '2027-04-10');
    // E: sold out, holds nothing.
    await batch('B-E', 'tomato', 'gh1', 400, '2027-02-01', 'sold_out', '2027-03-20');

    const answer: CapacityResponse = await occupancy.occupancy(TODAY, 14);

    const gh1 = answer.zones.find((zone) => zone.zone === 'gh1');
    const gh2 = answer.zones.find((zone) => zone.zone === 'gh2');
    // Week of 10 Mar: gh1 holds 100 until B arrives on the 16th (250 of 500); the 17th on, 250.
    expect(gh1?.capacityTrays).toBe(500);
    expect(gh1?.weeks).toEqual([
      { from: '2027-03-10', trays: 250, plannedTrays: 150, percent: 50 },
      { from: '2027-03-17', trays: 250, plannedTrays: 150, percent: 50 },
    ]);
    // gh2: C's 60 on 12-14 Mar (30 % of 200); D's 80 on 23 Mar (40 %).
    expect(gh2?.capacityTrays).toBe(200);
    expect(gh2?.weeks).toEqual([
      { from: '2027-03-10', trays: 60, plannedTrays: 0, percent: 30 },
      { from: '2027-03-17', trays: 80, plannedTrays: 80, percent: 40 },
    ]);
    // The germination room: C's 60 on 10-11 Mar, B's 150 on 12-15 Mar (50 % of 300); D's 80 on
    // 20-22 Mar (26.7 %, 27).
    expect(answer.germinationRoom.capacityTrays).toBe(300);
    expect(answer.germinationRoom.weeks).toEqual([
      { from: '2027-03-10', trays: 150, plannedTrays: 150, percent: 50 },
      { from: '2027-03-17', trays: 80, plannedTrays: 80, percent: 27 },
    ]);
    expect(answer.germinationRoom.days.slice(0, 7).map((day) => day.trays)).toEqual([
      60, 60, 150, 150, 150, 150, 0,
    ]);
    expect(answer.plannedSowings).toEqual([
      expect.objectContaining({
        code: 'B-B',
        zone: 'gh1',
        sowDate: '2027-03-12',
        trays: 150,
        germinationUntil: '2027-03-15',
      }),
      expect.objectContaining({
        code: 'B-D',
        zone: 'gh2',
        sowDate: '2027-03-20',
        trays: 80,
        germinationUntil: '2027-03-22',
      }),
    ]);
  });
});
