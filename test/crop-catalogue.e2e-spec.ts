import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { DataSource } from 'typeorm';
import type {
  CropResponse,
  EmptyHouseResponse,
  HouseLimitsResponse,
  OrderCatalogueResponse,
  TrayPrice,
} from '#contracts';
import { climateStageOf, targetStageOf } from '#contracts';
import { createDataSource } from '../apps/api/src/database/data-source.js';
import { undoMigrationsThrough } from '#testing';
import { type OrdersHarness, startOrdersHarness } from './orders.harness.js';

// The demo's today: the seeds sow around it.
const TODAY = '2027-03-10';

/** Issue 21: crops and varieties as rows the manager edits, and every rule following them. */
describe('the crop catalogue', () => {
  let h: OrdersHarness;
  let m: string;
  let sql: DataSource;

  beforeAll(async () => {
    h = await startOrdersHarness(TODAY, { demoSeed: true });
    m = h.managerToken;
    sql = createDataSource(h.databaseUrl, { poolSize: 1 });
    await sql.initialize();
  }, 90_000);

  afterAll(async () => {
    await sql?.destroy();
    await h?.close();
  });

  const limitOf = async (zone: string, key: string) => {
    const limits = await h.ok<HouseLimitsResponse>(m, 'GET', `/api/zones/${zone}/limits`);
    return { value: limits.limits.find((limit) => limit.key === key)?.value, band: limits.setpointBand };
  };

  it('adds a crop from another, refuses a taken or malformed key and an unsound profile, field by field', async () => {
    const created = await h.ok<CropResponse>(m, 'POST', '/api/crops', {
      key: 'cherry_tomato',
      nameZh: '樱桃番茄',
      nameEn: 'Cherry tomato',
      copyOf: 'tomato',
      daysToSaleable: { spring: 50 },
    });
    expect(created).toMatchObject({ key: 'cherry_tomato', nameZh: '樱桃番茄', inUse: false, varieties: [] });
    expect(created.daysToSaleable).toEqual({ winter: 60, spring: 50, summer: 28 });
    const taken = await h.call<{ code: string }>(m, 'POST', '/api/crops', {
      key: 'cherry_tomato',
      nameZh: '又一个',
      nameEn: 'Again',
    });
    expect([taken.status, taken.body.code]).toEqual([409, 'CROP_EXISTS']);
    const malformed = await h.call<{ code: string }>(m, 'POST', '/api/crops', {
      key: 'Cherry Tomato',
      nameZh: '樱桃番茄',
      nameEn: 'Cherry tomato',
    });
    expect([malformed.status, malformed.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    const reversed = await h.call<{ code: string; params: { field: string; reason: string } }>(
      m,
      'PATCH',
      '/api/crops/cherry_tomato',
      { stageTargets: { hardening: { nightC: { lo: 14, hi: 12 } } } },
    );
    expect([reversed.status, reversed.body.code, reversed.body.params]).toEqual([
      400,
      'CROP_PROFILE_INVALID',
      { field: 'stageTargets.hardening.nightC', reason: 'range-reversed' },
    ]);
    const limits = await h.call<{ code: string; params: { field: string } }>(
      m,
      'PATCH',
      '/api/crops/cherry_tomato',
      { coldCritC: 12 },
    );
    expect([limits.status, limits.body.params.field]).toEqual([400, 'coldCritC']);
    const rate = await h.call<{ code: string }>(m, 'PATCH', '/api/crops/cherry_tomato', { emergePct: 1.2 });
    expect([rate.status, rate.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    const price = await h.call<{ code: string }>(m, 'PATCH', '/api/crops/cherry_tomato', {
      prices: [{ cells: 72, priceFen: 0, graftedPriceFen: null, ownSeedPriceFen: null }],
    });
    expect([price.status, price.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    const twice = await h.call<{ code: string; params: { reason: string } }>(
      m,
      'PATCH',
      '/api/crops/cherry_tomato',
      {
        prices: [
          { cells: 72, priceFen: 90, graftedPriceFen: null, ownSeedPriceFen: null },
          { cells: 72, priceFen: 95, graftedPriceFen: null, ownSeedPriceFen: null },
        ],
      },
    );
    expect([twice.status, twice.body.params.reason]).toEqual([400, 'tray-priced-twice']);
    // Nothing refused was kept.
    const kept = await h.ok<CropResponse>(m, 'GET', '/api/crops/cherry_tomato');
    expect(kept.stageTargets.hardening.nightC).toEqual({ lo: 8, hi: 12 });
    expect(kept.coldCritC).toBe(5);
  });

  it('makes a new variety with its own prices orderable at once, at its price, and plannable', async () => {
    const prices: TrayPrice[] = [
      { cells: 72, priceFen: 150, graftedPriceFen: 280, ownSeedPriceFen: 110 },
      { cells: 50, priceFen: 180, graftedPriceFen: null, ownSeedPriceFen: null },
    ];
    const crop = await h.ok<CropResponse>(m, 'POST', '/api/crops/cherry_tomato/varieties', {
      name: '千禧',
      nameEn: 'Qianxi',
      overrides: { prices, daysToSaleable: { spring: 45 } },
    });
    expect(crop.varieties.map((v) => [v.name, v.profile.prices])).toEqual([['千禧', prices]]);
    expect(crop.varieties[0].profile.daysToSaleable).toEqual({ winter: 60, spring: 45, summer: 28 });
    const again = await h.call<{ code: string }>(m, 'POST', '/api/crops/cherry_tomato/varieties', {
      name: '千禧',
    });
    expect([again.status, again.body.code]).toEqual([409, 'VARIETY_EXISTS']);

    const buyer = await h.buyer('13800000031', '李书记', '南庄村');
    const catalogue = await h.ok<OrderCatalogueResponse>(buyer.token, 'GET', '/api/order-catalogue');
    const offered = catalogue.crops.find((c) => c.key === 'cherry_tomato');
    expect(offered?.varieties).toEqual([{ name: '千禧', nameEn: 'Qianxi', prices: expect.any(Array) }]);
    expect(offered?.varieties[0].prices.find((row) => row.cells === 50)).toEqual({
      cells: 50,
      priceFen: 180,
      graftedPriceFen: 360,
      ownSeedPriceFen: 180,
    });
    const order = await h.ok<{ lines: { priceFen: number; cultivar: string }[] }>(
      buyer.token,
      'POST',
      '/api/orders',
      {
        lines: [
          { crop: 'cherry_tomato', cultivar: '千禧', quantity: 500, wantedDate: '2027-05-20' },
          { crop: 'cherry_tomato', cultivar: '千禧', quantity: 200, wantedDate: '2027-05-20', ownSeed: true },
          { crop: 'cherry_tomato', quantity: 100, wantedDate: '2027-05-20' },
        ],
      },
    );
    expect(order.lines.map((line) => line.priceFen)).toEqual([150, 110, 80]);
    // Plannable: a batch of it is sown with the variety's own days, and the crop is now in use.
    const batch = await h.ok<{ readyFrom: string }>(m, 'POST', '/api/batches', {
      crop: 'cherry_tomato',
      cultivar: '千禧',
      zone: 'gh2',
      trays: 20,
      sowDate: '2027-03-10',
    });
    expect(batch.readyFrom).toBe('2027-04-24');
    expect((await h.ok<CropResponse>(m, 'GET', '/api/crops/cherry_tomato')).inUse).toBe(true);
  });

  it('refuses a crop the catalogue does not hold with 400 wherever it is named', async () => {
    const buyer = await h.buyer('13800000032', '赵书记', '北庄村');
    const order = await h.call<{ code: string }>(buyer.token, 'POST', '/api/orders', {
      lines: [{ crop: 'potato', quantity: 100, wantedDate: '2027-05-20' }],
    });
    expect([order.status, order.body.code]).toEqual([400, 'UNKNOWN_CROP']);
    const availability = await h.call<{ code: string }>(
      buyer.token,
      'GET',
      '/api/availability?crop=potato&quantity=100&date=2027-05-20',
    );
    expect([availability.status, availability.body.code]).toEqual([400, 'UNKNOWN_CROP']);
    const batch = await h.call<{ code: string }>(m, 'POST', '/api/batches', {
      crop: 'potato',
      zone: 'gh2',
      trays: 5,
    });
    expect([batch.status, batch.body.code]).toEqual([400, 'UNKNOWN_CROP']);
  });

  it("carries a crop edit to the house's limits in force and its setpoint band", async () => {
    // A house of its own, holding one pepper batch: its limits are the pepper's.
    await h.ok(m, 'POST', '/api/zones', { code: 'gh9', kind: 'greenhouse', name: '9号棚' });
    const sown = await h.ok<{ id: string }>(m, 'POST', '/api/batches', {
      crop: 'pepper',
      zone: 'gh9',
      trays: 10,
      sowDate: '2027-02-01',
    });
    await h.ok(m, 'POST', `/api/batches/${sown.id}/stages`, { stage: 'true_leaf' });
    // Up and out of the germination room, where sown trays stand until moved.
    await h.ok(m, 'POST', `/api/batches/${sown.id}/moves`, { zone: 'gh9' });
    const before = await limitOf('gh9', 'coldCritC');
    expect(before.value).toBe(5);
    await h.ok(m, 'PATCH', '/api/crops/pepper', { coldCritC: 9 });
    const after = await limitOf('gh9', 'coldCritC');
    expect(after.value).toBe(9);
    expect(after.band.minC).toBe(11);
    const stage = targetStageOf(climateStageOf('true_leaf'));
    await h.ok(m, 'PATCH', '/api/crops/pepper', {
      moisture: { [stage]: { vwcLowerPct: 30, vwcUpperPct: 59 } },
    });
    expect((await limitOf('gh9', 'vwcLowerPct')).value).toBe(30);
  });

  it("lets a short line take another variety of its crop in one change, at that variety's price", async () => {
    await h.ok(m, 'POST', '/api/crops/cucumber/varieties', {
      name: '津优35',
      overrides: { prices: [{ cells: 72, priceFen: 120, graftedPriceFen: null, ownSeedPriceFen: null }] },
    });
    const sow = async (cultivar: string) => {
      const batch = await h.ok<{ id: string; readyFrom: string }>(m, 'POST', '/api/batches', {
        crop: 'cucumber',
        cultivar,
        zone: 'gh3',
        trays: 20,
        sowDate: '2027-02-20',
      });
      await h.ok(m, 'POST', `/api/batches/${batch.id}/counts`, { saleable: 1000 });
      return batch;
    };
    const mine = await sow('中农8号');
    await sow('津优35');
    const buyer = await h.buyer('13800000033', '钱书记', '西庄村');
    type View = { id: string; lines: { id: string; status: string; cultivar: string; priceFen: number }[] };
    const order = await h.ok<View>(buyer.token, 'POST', '/api/orders', {
      lines: [{ crop: 'cucumber', cultivar: '中农8号', quantity: 800, wantedDate: mine.readyFrom }],
    });
    expect(order.lines[0].status).toMatch(/confirmed|in_production|ready/);
    await h.ok(m, 'POST', `/api/batches/${mine.id}/counts`, { culled: 600, cullReason: 'damping-off' });
    const short = await h.ok<View>(buyer.token, 'GET', `/api/orders/${order.id}`);
    expect(short.lines[0].status).toBe('short');
    // The other variety can serve the whole line on the same day: the buyer takes it.
    const availability = await h.ok<{ canConfirm: boolean }>(
      buyer.token,
      'GET',
      `/api/availability?crop=cucumber&cultivar=${encodeURIComponent('津优35')}&quantity=800&date=${mine.readyFrom}`,
    );
    expect(availability.canConfirm).toBe(true);
    const changed = await h.ok<View>(
      buyer.token,
      'PATCH',
      `/api/orders/${order.id}/lines/${order.lines[0].id}`,
      { cultivar: '津优35', reason: 'another variety accepted' },
    );
    expect(changed.lines[0]).toMatchObject({ cultivar: '津优35', priceFen: 120 });
    expect(changed.lines[0].status).toMatch(/confirmed|in_production|ready/);
    const history = await h.ok<{ action: string; details: { to?: { cultivar: string } } }[]>(
      buyer.token,
      'GET',
      `/api/orders/${order.id}/history`,
    );
    expect(history.find((entry) => entry.action === 'order.line_changed')?.details.to?.cultivar).toBe(
      '津优35',
    );
  });

  it('holds an empty house to the crop and stage the manager sets', async () => {
    await h.ok(m, 'POST', '/api/zones', { code: 'gh8', kind: 'greenhouse', name: '8号棚' });
    expect(await h.ok<EmptyHouseResponse>(m, 'GET', '/api/crops/empty-house')).toEqual({
      crop: 'tomato',
      stage: 'trueLeaf',
    });
    await h.ok(m, 'PUT', '/api/crops/empty-house', { crop: 'cucumber', stage: 'hardening' });
    const limits = await h.ok<HouseLimitsResponse>(m, 'GET', '/api/zones/gh8/limits');
    const night = limits.limits.find((limit) => limit.key === 'nightSetpointC');
    expect(night).toMatchObject({
      value: 10,
      source: { kind: 'fallback', crop: 'cucumber', stage: 'hardening' },
    });
    const unknown = await h.call<{ code: string }>(m, 'PUT', '/api/crops/empty-house', {
      crop: 'potato',
      stage: 'hardening',
    });
    expect([unknown.status, unknown.body.code]).toEqual([400, 'UNKNOWN_CROP']);
  });

  it('migrates down and up again on the demo data, keeping every crop, cultivar, edit and variety', async () => {
    await h.ok(m, 'PATCH', '/api/crops/eggplant', {
      coldCritC: 8,
      prices: [{ cells: 72, priceFen: 95, graftedPriceFen: 190, ownSeedPriceFen: 71 }],
    });
    await h.ok(m, 'POST', '/api/batches', { crop: 'tomato', cultivar: '金棚一号', zone: 'gh2', trays: 5 });
    const lines = (): Promise<{ id: string; crop: string; cultivar: string | null }[]> =>
      sql.query(
        `SELECT id::text, crop, cultivar FROM batches
          UNION ALL SELECT id::text, crop, cultivar FROM order_lines ORDER BY 1`,
      );
    const before = await lines();
    expect(before.length).toBeGreaterThan(5);
    await undoMigrationsThrough(sql, 'CropCatalogue1796900000000');
    const overrides: { key: string; overrides: Record<string, unknown> }[] = await sql.query(
      'SELECT key, overrides FROM crop_overrides ORDER BY key',
    );
    // Down keeps the shipped crops and their edits; a crop added since has no place there.
    expect(overrides.map((row) => row.key)).toHaveLength(11);
    expect(overrides.find((row) => row.key === 'eggplant')?.overrides).toMatchObject({
      coldCritC: 8,
      defaultPriceFen: 95,
    });
    expect(await lines()).toEqual(before);

    await sql.runMigrations({ transaction: 'each' });
    expect(await lines()).toEqual(before);
    const crops: { key: string; profile: { coldCritC: number; prices: TrayPrice[] } }[] = await sql.query(
      'SELECT key, profile FROM crops ORDER BY position',
    );
    expect(crops).toHaveLength(11);
    const eggplant = crops.find((crop) => crop.key === 'eggplant')!.profile;
    expect(eggplant.coldCritC).toBe(8);
    expect(
      eggplant.prices.map((row) => [row.cells, row.priceFen, row.graftedPriceFen, row.ownSeedPriceFen]),
    ).toEqual([
      [72, 95, 190, 71],
      [50, 95, 190, 71],
      [128, 95, 190, 71],
      [288, 95, 190, 71],
    ]);
    const varieties: { crop: string; name: string }[] = await sql.query(
      'SELECT crop, name FROM varieties ORDER BY crop, name',
    );
    const typed = [
      ...new Set(before.filter((row) => row.cultivar?.trim()).map((row) => `${row.crop}|${row.cultivar}`)),
    ];
    const known = new Set(crops.map((crop) => crop.key));
    expect(varieties.map((v) => `${v.crop}|${v.name}`).sort()).toEqual(
      typed.filter((entry) => known.has(entry.split('|')[0])).sort(),
    );
    expect(varieties).toContainEqual({ crop: 'tomato', name: '金棚一号' });
    const [setting]: { value: unknown }[] = await sql.query(
      "SELECT value FROM settings WHERE key = 'empty-house'",
    );
    expect(setting.value).toEqual({ crop: 'cucumber', stage: 'hardening' });
  }, 60_000);
});
