import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { BatchLocation, BatchStay, EntryImpact } from '#contracts';
import { type OrdersHarness, createNurseryZones, startOrdersHarness } from './orders.harness.js';

const TODAY = '2027-03-10';

interface BatchDetail {
  id: string;
  code: string;
  stage: string;
  trays: number;
  cells: number;
  seedLot: string | null;
  cultivar: string | null;
  emergePct: number;
  emerged: number | null;
  survived: number | null;
  culled: number;
  grafted: boolean;
  rootstockBatchId: string | null;
  zone: string;
  locations: BatchLocation[];
  stays: BatchStay[];
  history: ({ id: number; kind: string; by: string } & Record<string, unknown>)[];
}
interface Entry {
  batch: BatchDetail;
  impact: EntryImpact;
}

describe('records on a batch: sowing, counts, culls, moves, grafting, corrections', () => {
  let h: OrdersHarness;
  let m: string;

  beforeAll(async () => {
    h = await startOrdersHarness(TODAY);
    m = h.managerToken;
    await createNurseryZones(h);
  }, 60_000);

  afterAll(async () => {
    await h?.close();
  });

  it('sows a planned batch with the seed lot whose germination test sets the expected emergence', async () => {
    const planned = await h.ok<BatchDetail>(m, 'POST', '/api/batches', {
      crop: 'tomato',
      zone: 'gh1',
      trays: 345,
      cells: 72,
      stage: 'planned',
      sowDate: TODAY,
    });
    expect(planned.stage).toBe('planned');
    // Not sown, it stands nowhere: a move is refused with the reason, in the user's language.
    const early = await h.call<{ code: string }>(m, 'POST', `/api/batches/${planned.id}/moves`, {
      zone: 'gh1',
    });
    expect([early.status, early.body.code]).toEqual([409, 'BATCH_NOT_SOWN']);
    const sown = await h.ok<Entry>(m, 'POST', `/api/batches/${planned.id}/sow`, {
      trays: 340,
      cultivar: '粉冠一号',
      seedLot: 'TM-2027-014',
      germinationPct: 92,
      zone: 'germ1',
      benches: 'R1-R3',
    });
    expect(sown.batch).toMatchObject({
      stage: 'sown',
      cultivar: '粉冠一号',
      trays: 340,
      cells: 72,
      seedLot: 'TM-2027-014',
      zone: 'germ1',
    });
    expect(sown.batch.emergePct).toBeCloseTo(0.92);
    expect(sown.batch.locations).toEqual([{ zone: 'germ1', benches: 'R1-R3', trays: 340 }]);
    expect(sown.batch.history.at(-1)).toMatchObject({
      kind: 'sow',
      seedLot: 'TM-2027-014',
      germinationPct: 92,
      planned: { trays: 345 },
    });
    expect(sown.impact).toEqual({ ordersNowShort: [], seedlingsNowShort: 0, ordersRecovered: [] });
    // The variety typed at sowing is now one of the crop's in the catalogue.
    const tomato = await h.ok<{ varieties: { name: string }[] }>(m, 'GET', '/api/crops/tomato');
    expect(tomato.varieties.map((v) => v.name)).toContain('粉冠一号');

    const again = await h.call<{ code: string }>(m, 'POST', `/api/batches/${planned.id}/sow`, {
      trays: 1,
      seedLot: 'x',
    });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('BATCH_CLOSED');
  });

  it('culls for damping-off and says which orders it left short; moves part of the trays', async () => {
    await h.ok(m, 'PATCH', '/api/order-settings', { shortfallPolicy: 'fifo' });
    const batch = await h.ok<BatchDetail & { readyFrom: string }>(m, 'POST', '/api/batches', {
      crop: 'cucumber',
      zone: 'gh2',
      trays: 20,
      sowDate: '2027-02-20',
    });
    await h.ok(m, 'POST', `/api/batches/${batch.id}/counts`, { emerged: 1100 });
    await h.ok(m, 'POST', `/api/batches/${batch.id}/counts`, { saleable: 1000 });
    const buyer = await h.ok<{ id: string }>(m, 'POST', '/api/buyers', {
      name: '刘书记',
      village: '东庄村',
      kind: 'party_secretary',
    });
    const orders: { id: string }[] = [];
    for (const quantity of [400, 300, 300])
      orders.push(
        await h.ok(m, 'POST', '/api/orders', {
          buyerId: buyer.id,
          lines: [{ crop: 'cucumber', quantity, wantedDate: batch.readyFrom }],
        }),
      );

    const badCause = await h.call<{ code: string }>(m, 'POST', `/api/batches/${batch.id}/counts`, {
      culled: 500,
      cullReason: 'it rained',
    });
    expect(badCause.status).toBe(400);

    const cull = await h.ok<Entry>(m, 'POST', `/api/batches/${batch.id}/counts`, {
      culled: 500,
      cullReason: 'damping-off',
      note: '东头两排',
    });
    expect(cull.batch.culled).toBe(500);
    // fifo: the two latest orders lose their seedlings, 600 wanted of 500 left after the first 400.
    expect(new Set(cull.impact.ordersNowShort)).toEqual(new Set([orders[1].id, orders[2].id]));
    expect(cull.impact.seedlingsNowShort).toBe(500);
    expect(cull.batch.history.at(-1)).toMatchObject({
      kind: 'count',
      cullReason: 'damping-off',
      note: '东头两排',
    });

    const moved = await h.ok<Entry>(m, 'POST', `/api/batches/${batch.id}/moves`, {
      zone: 'gh3',
      trays: 8,
      benches: 'B4',
    });
    // Sown for gh2, the trays stood in the germination room until this move took 8 of them out.
    // The germination room is never the home house: gh3, holding the only trays in a house, is.
    expect(moved.batch.locations).toEqual([
      { zone: 'germ1', benches: null, trays: 12 },
      { zone: 'gh3', benches: 'B4', trays: 8 },
    ]);
    expect(moved.batch.zone).toBe('gh3');
    expect(moved.batch.history.at(-1)).toMatchObject({
      kind: 'move',
      trays: 8,
      from: 'germ1',
      to: 'gh3',
      benches: 'B4',
    });
    expect(moved.batch.stays.map(({ zone, trays, until }) => [zone, trays, until === null])).toEqual([
      ['germ1', 20, false],
      ['germ1', 12, true],
      ['gh3', 8, true],
    ]);
    const tooMany = await h.call<{ details: { field: string; standing: number } }>(
      m,
      'POST',
      `/api/batches/${batch.id}/moves`,
      { zone: 'gh1', trays: 13 },
    );
    expect(tooMany.status).toBe(400);

    const rest = await h.ok<Entry>(m, 'POST', `/api/batches/${batch.id}/moves`, {
      zone: 'gh3',
      benches: 'B4',
    });
    expect(rest.batch.locations).toEqual([{ zone: 'gh3', benches: 'B4', trays: 20 }]);
    expect(rest.batch.zone).toBe('gh3');
  });

  it('grafts a scion batch on a rootstock batch, then counts survival after healing', async () => {
    const rootstock = await h.ok<BatchDetail>(m, 'POST', '/api/batches', {
      crop: 'watermelon',
      cultivar: '京欣砧木',
      zone: 'gh1',
      trays: 30,
      sowDate: '2027-02-25',
    });
    const scion = await h.ok<BatchDetail>(m, 'POST', '/api/batches', {
      crop: 'watermelon',
      cultivar: '京欣2号',
      zone: 'gh1',
      trays: 30,
      sowDate: '2027-03-01',
    });
    const survivedEarly = await h.call(m, 'POST', `/api/batches/${scion.id}/counts`, { survived: 10 });
    expect(survivedEarly.status).toBe(400);
    const grafted = await h.ok<Entry>(m, 'POST', `/api/batches/${scion.id}/graft`, {
      rootstockBatchId: rootstock.id,
      count: 1500,
    });
    expect(grafted.batch).toMatchObject({ grafted: true, rootstockBatchId: rootstock.id, stage: 'grafted' });
    expect(grafted.batch.history.at(-1)).toMatchObject({
      kind: 'graft',
      count: 1500,
      date: TODAY,
      rootstockCode: rootstock.code,
      by: '管理员',
    });
    const stock = await h.ok<BatchDetail>(m, 'GET', `/api/batches/${rootstock.id}`);
    expect(stock.history.at(-1)).toMatchObject({ kind: 'graft', scionCode: scion.code, count: 1500 });

    await h.ok(m, 'POST', `/api/batches/${scion.id}/stages`, { stage: 'healing' });
    const counted = await h.ok<Entry>(m, 'POST', `/api/batches/${scion.id}/counts`, { survived: 1410 });
    expect(counted.batch).toMatchObject({ stage: 'healing', survived: 1410 });
  });

  it('corrects a wrong count with a correction entry, keeping the history', async () => {
    const batch = await h.ok<BatchDetail>(m, 'POST', '/api/batches', {
      crop: 'pepper',
      zone: 'gh1',
      trays: 10,
      sowDate: '2027-03-01',
    });
    await h.ok(m, 'POST', `/api/batches/${batch.id}/counts`, { emerged: 480 });
    const fixed = await h.ok<Entry>(m, 'POST', `/api/batches/${batch.id}/corrections`, {
      field: 'emerged',
      value: 840,
      reason: '数字写反了',
    });
    expect(fixed.batch.emerged).toBe(840);
    expect(fixed.batch.history.map((event) => event.kind)).toEqual(['created', 'count', 'correction']);
    expect(fixed.batch.history.at(-1)).toMatchObject({
      field: 'emerged',
      from: 480,
      to: 840,
      reason: '数字写反了',
    });
  });
});
