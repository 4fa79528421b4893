import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { BatchResponse, CropSeasonOverage, SowingPlanOverageResponse } from '#contracts';
import { type OrdersHarness, createNurseryZones, startOrdersHarness } from './orders.harness.js';

// 10 March 2027, spring. Tomato plans on 90 % emergence × 90 % saleable: 19 % of the cells lost.
const TODAY = '2027-03-10';
const CELLS = (12 - 2) * 72;

/**
 * The sowing plan sizes a crop's new sowings with its own losses once three of its batches have
 * closed: three spring tomato batches are counted, culled and closed through the api, and the next
 * plan takes more trays than the catalogue's figure gave the plan made after the second.
 */
describe("the sowing plan's overage from the nursery's own losses", () => {
  let h: OrdersHarness;
  let m: string;
  let buyer: string;

  beforeAll(async () => {
    h = await startOrdersHarness(TODAY);
    m = h.managerToken;
    await createNurseryZones(h);
    buyer = (await h.buyer('13800000031', '赵书记', '东沟村')).token;
  }, 60_000);

  afterAll(async () => {
    await h?.close();
  });

  const sown = async () =>
    h.ok<{ id: string }>(m, 'POST', '/api/batches', {
      crop: 'tomato',
      zone: 'gh1',
      trays: 12,
      refillTrays: 2,
      sowDate: '2027-02-08',
    });
  const count = (id: string, body: object) => h.ok(m, 'POST', `/api/batches/${id}/counts`, body);
  const stage = (id: string, body: object) => h.ok(m, 'POST', `/api/batches/${id}/stages`, body);
  const tomatoSpring = async (): Promise<CropSeasonOverage> => {
    const answer = await h.ok<SowingPlanOverageResponse>(m, 'GET', '/api/sowing-plan/overage');
    expect([answer.minBatches, answer.maxLossShare]).toEqual([3, 0.5]);
    const row = answer.crops.find((c) => c.crop === 'tomato' && c.season === 'spring');
    if (!row) throw new Error('no tomato spring row');
    return row;
  };
  /** Seedling trays (refill trays left out) of the planned tomato sowing ready on `date`. */
  const plannedTrays = async (date: string) => {
    const batches = await h.ok<BatchResponse[]>(m, 'GET', '/api/batches');
    const planned = batches.filter((b) => b.stage === 'planned' && b.readyFrom === date);
    expect(planned.length).toBeGreaterThan(0);
    return planned.reduce((sum, b) => sum + b.trays - b.refillTrays, 0);
  };
  const order = async (wantedDate: string) => {
    const placed = await h.ok<{ lines: { status: string }[] }>(buyer, 'POST', '/api/orders', {
      lines: [{ crop: 'tomato', quantity: 10_000, wantedDate }],
    });
    expect(placed.lines[0]?.status).toBe('confirmed');
  };

  it('keeps the catalogue below three closed batches and uses the history from the third', async () => {
    // 1: 650 emerged, 50 culled for damping-off → (650 − 50) × 90 % = 540 seedlings of 720 cells.
    const first = await sown();
    await count(first.id, { emerged: 650 });
    await count(first.id, { culled: 50, cullReason: 'damping-off' });
    await stage(first.id, { stage: 'sold_out' });
    // 2: 600 saleable counted, then 30 culled for cold → 570.
    const second = await sown();
    await count(second.id, { emerged: 660, saleable: 600 });
    await count(second.id, { culled: 30, cullReason: 'cold' });
    await stage(second.id, { stage: 'sold_out' });

    const early = await tomatoSpring();
    expect(early).toMatchObject({ basis: 'catalogue', reason: 'too-few-batches', used: { limit: null } });
    expect(early.seasonHistory?.batches).toBe(2);
    expect(early.used.lossShare).toBeCloseTo(0.19, 9);
    expect(early.catalogue.lossShare).toBeCloseTo(0.19, 9);
    // 10,000 for 10 May: ceil(10,000 / 0.81) = 12,346 cells → 172 trays of 72.
    await order('2027-05-10');
    expect(await plannedTrays('2027-05-10')).toBe(172);

    // 3: 640 emerged, left over when it aged: 576 good seedlings, which over-aging does not count as lost.
    const third = await sown();
    await count(third.id, { emerged: 640 });
    await stage(third.id, { stage: 'over_aged' });

    const row = await tomatoSpring();
    // Lost: 720 − 540, 720 − 570, 720 − 576 = 474 of 2,160 cells.
    const lossShare = (180 + 150 + 144) / (3 * CELLS);
    expect(row).toMatchObject({
      basis: 'season',
      reason: 'history',
      used: { limit: null },
      plannedSowings: 1,
    });
    expect(row.used.lossShare).toBeCloseTo(lossShare, 9);
    expect(row.seasonHistory).toMatchObject({ batches: 3, cellsSown: 3 * CELLS });
    expect(row.seasonHistory?.causes.map((c) => [c.cause, c.seedlings])).toEqual([
      ['not-emerged', 130 + 120 + 144],
      ['damping-off', 50],
      ['cold', 30],
    ]);
    expect(row.catalogue.lossShare).toBeCloseTo(0.19, 9);

    // The next plan: 10,000 for 28 April sized with 21.9 % lost → 12,812 cells → 178 trays, not 172.
    await order('2027-04-28');
    const cells = Math.ceil(10_000 / (1 - lossShare) - 1e-9);
    expect(await plannedTrays('2027-04-28')).toBe(Math.ceil(cells / 72));
    expect(Math.ceil(cells / 72)).toBe(178);
    // The plan made before keeps its trays.
    expect(await plannedTrays('2027-05-10')).toBe(172);
  }, 120_000);

  it('is for the manager and the technician', async () => {
    expect((await h.call(buyer, 'GET', '/api/sowing-plan/overage')).status).toBe(403);
  });
});
