import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { BatchesService } from '../apps/api/src/batches/batches.service.js';
import { OrderPaymentsService } from '../apps/api/src/orders/order-payments.service.js';
import { type OrdersHarness, createNurseryZones, startOrdersHarness } from './orders.harness.js';

// Today at the nursery: 10 March 2027. A tomato batch sown 9 January (winter, 60 days) is ready today.
const TODAY = '2027-03-10';
const SOWN = '2027-01-09';
const WANTED = '2027-03-12';

describe('orders over HTTP', () => {
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

  async function readyBatch(saleable: number): Promise<{ id: string }> {
    const batch = await h.ok<{ id: string; readyFrom: string }>(m, 'POST', '/api/batches', {
      crop: 'tomato',
      zone: 'gh1',
      trays: Math.ceil(saleable / 72) + 2,
      sowDate: SOWN,
    });
    expect(batch.readyFrom).toBe(TODAY);
    await h.ok(m, 'POST', `/api/batches/${batch.id}/counts`, { saleable });
    return batch;
  }

  it("keeps a buyer's token off another buyer's orders", async () => {
    const wang = await h.buyer('13800000003', '王书记', '西沟村');
    const chen = await h.buyer('13800000004', '陈书记', '石门村');
    const placed = await h.ok<{ id: string; lines: { id: string; status: string }[] }>(
      wang.token,
      'POST',
      '/api/orders',
      {
        lines: [
          {
            crop: 'pepper',
            quantity: 3000,
            wantedDate: '2027-05-20',
            households: [{ name: '张三', quantity: 1000 }],
          },
        ],
      },
    );
    expect(placed.lines[0]?.status).toMatch(/confirmed|waitlisted/);

    expect((await h.call(chen.token, 'GET', `/api/orders/${placed.id}`)).status).toBe(404);
    expect((await h.call(chen.token, 'GET', `/api/orders/${placed.id}/history`)).status).toBe(404);
    expect(
      (await h.call(chen.token, 'POST', `/api/orders/${placed.id}/cancel`, { reason: 'mine now' })).status,
    ).toBe(404);
    expect(
      (await h.call(chen.token, 'POST', `/api/orders/${placed.id}/payments`, { amountFen: 1 })).status,
    ).toBe(403);
    expect(
      (
        await h.call(chen.token, 'POST', '/api/orders', {
          buyerId: wang.buyerId,
          lines: [{ crop: 'pepper', quantity: 1, wantedDate: '2027-05-20' }],
        })
      ).status,
    ).toBe(403);
    const chensList = await h.ok<{ id: string }[]>(chen.token, 'GET', `/api/orders?buyerId=${wang.buyerId}`);
    expect(chensList.map((order) => order.id)).not.toContain(placed.id);
    const chensBatches = await h.ok<unknown[]>(chen.token, 'GET', '/api/batches');
    expect(chensBatches).toEqual([]);

    const own = await h.ok<{ id: string; buyer: { name: string } }>(
      wang.token,
      'GET',
      `/api/orders/${placed.id}`,
    );
    expect(own.buyer.name).toBe('王书记');
    const wangsList = await h.ok<{ id: string }[]>(wang.token, 'GET', '/api/orders');
    expect(wangsList.map((order) => order.id)).toEqual([placed.id]);
    const history = await h.ok<{ action: string }[]>(wang.token, 'GET', `/api/orders/${placed.id}/history`);
    expect(history[0]?.action).toBe('order.placed');
  }, 60_000);

  it('lets managers edit the crop catalogue, and everyone read it', async () => {
    type Prices = {
      cells: number;
      priceFen: number;
      graftedPriceFen: number | null;
      ownSeedPriceFen: number | null;
    }[];
    const prices: Prices = [{ cells: 72, priceFen: 90, graftedPriceFen: 180, ownSeedPriceFen: 70 }];
    const edited = await h.ok<{ prices: Prices; daysToSaleable: Record<string, number | null> }>(
      m,
      'PATCH',
      '/api/crops/eggplant',
      { prices, daysToSaleable: { spring: 58 } },
    );
    expect(edited.prices).toEqual(prices);
    expect(edited.daysToSaleable).toEqual({ winter: 78, spring: 58, summer: 40 });
    const buyer = await h.buyer('13800000024', '吴书记', '前沟村');
    const crops = await h.ok<{ key: string; prices: Prices }[]>(buyer.token, 'GET', '/api/crops');
    expect(crops).toHaveLength(11);
    expect(crops.find((crop) => crop.key === 'eggplant')?.prices).toEqual(prices);
    expect((await h.call(buyer.token, 'PATCH', '/api/crops/eggplant', { prices })).status).toBe(403);
    const order = await h.ok<{ lines: { priceFen: number }[] }>(buyer.token, 'POST', '/api/orders', {
      lines: [{ crop: 'eggplant', quantity: 100, wantedDate: '2027-06-01' }],
    });
    expect(order.lines[0]?.priceFen).toBe(90);
  }, 60_000);

  it('never promises more than the last 1,000 seedlings to 200 concurrent orders', async () => {
    const batch = await readyBatch(1000);
    const buyers = await Promise.all(
      Array.from({ length: 10 }, (_, index) =>
        h.ok<{ id: string }>(m, 'POST', '/api/buyers', {
          name: `户${index}`,
          village: `村${index}`,
          kind: 'household',
        }),
      ),
    );
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, index) =>
        h.call<{
          lines: {
            status: string;
            earliestDate: string | null;
            allocations: { batchId: string; quantity: number }[];
          }[];
        }>(m, 'POST', '/api/orders', {
          buyerId: buyers[index % 10]?.id,
          lines: [{ crop: 'tomato', quantity: 10, wantedDate: WANTED }],
        }),
      ),
    );
    expect(results.every((result) => result.status === 201)).toBe(true);
    const lines = results.map((result) => result.body.lines[0]);
    const confirmed = lines.filter((line) => line?.status === 'confirmed' || line?.status === 'ready');
    const waitlisted = lines.filter((line) => line?.status === 'waitlisted');
    expect(confirmed).toHaveLength(100);
    expect(waitlisted).toHaveLength(100);
    for (const line of waitlisted)
      expect(line?.earliestDate === null || line.earliestDate > WANTED).toBe(true);
    const stored = await h.ok<{ allocated: number; free: number; forecastSaleable: number }>(
      m,
      'GET',
      `/api/batches/${batch.id}`,
    );
    expect(stored.allocated).toBe(1000);
    expect(stored.free).toBe(0);
  }, 120_000);

  it('marks the latest lines short when a cull cuts a batch below its allocations (fifo)', async () => {
    await h.ok(m, 'PATCH', '/api/order-settings', { shortfallPolicy: 'fifo' });
    const batch = await h.ok<{ id: string }>(m, 'POST', '/api/batches', {
      crop: 'cucumber',
      zone: 'gh2',
      trays: 20,
      sowDate: '2027-02-20',
    });
    await h.ok(m, 'POST', `/api/batches/${batch.id}/counts`, { saleable: 1000 });
    const buyer = await h.ok<{ id: string }>(m, 'POST', '/api/buyers', {
      name: '刘书记',
      village: '东庄村',
      kind: 'party_secretary',
    });
    const wanted = (await h.ok<{ readyFrom: string }>(m, 'GET', `/api/batches/${batch.id}`)).readyFrom;
    const orders = [];
    for (const quantity of [400, 300, 300])
      orders.push(
        await h.ok<{ id: string; lines: { id: string; status: string }[] }>(m, 'POST', '/api/orders', {
          buyerId: buyer.id,
          lines: [{ crop: 'cucumber', quantity, wantedDate: wanted }],
        }),
      );
    for (const order of orders) expect(order.lines[0]?.status).toMatch(/confirmed|in_production|ready/);

    const culled = await h.ok<{
      shortLines: { lineId: string; missing: number; alternative: { partialQuantity: number } }[];
    }>(m, 'POST', `/api/batches/${batch.id}/counts`, { culled: 250, cullReason: 'damping-off' });
    expect(culled.shortLines.map((line) => line.lineId)).toEqual([orders[2]?.lines[0]?.id]);
    const last = await h.ok<{
      status: string;
      lines: {
        status: string;
        missing: number;
        alternative: { partialQuantity: number; partialDate: string };
      }[];
    }>(m, 'GET', `/api/orders/${orders[2]?.id}`);
    expect(last.lines[0]?.status).toBe('short');
    expect(last.lines[0]?.missing).toBe(250);
    expect(last.lines[0]?.alternative).toMatchObject({ partialQuantity: 50, partialDate: wanted });
    for (const order of orders.slice(0, 2)) {
      const kept = await h.ok<{ lines: { status: string }[] }>(m, 'GET', `/api/orders/${order.id}`);
      expect(kept.lines[0]?.status).not.toBe('short');
    }
    const history = await h.ok<{ action: string }[]>(m, 'GET', `/api/orders/${orders[2]?.id}/history`);
    expect(history.map((entry) => entry.action)).toContain('order.line_short');
    const report = await h.ok<{ lostByReason: { key: string; seedlings: number }[] }>(
      m,
      'GET',
      '/api/reports/annual?year=2027',
    );
    expect(report.lostByReason).toContainEqual(
      expect.objectContaining({ key: 'damping-off', seedlings: 250 }),
    );
  }, 60_000);
});

describe('an order from placing to settling', () => {
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

  interface Line {
    id: string;
    status: string;
    confirmedDate: string | null;
    earliestDate: string | null;
    delivered: number;
    households: { name: string; quantity: number; delivered: number }[];
  }
  interface View {
    id: string;
    status: string;
    totalFen: number;
    depositFen: number;
    paidFen: number;
    balanceFen: number;
    lines: Line[];
  }

  it('waitlists, serves the waitlist on a cancellation, confirms by hand, delivers, sells walk-in and settles', async () => {
    // Melon sown 5 February (spring, 33 days) is ready on 10 March.
    const melon = await h.ok<{ id: string; readyFrom: string }>(m, 'POST', '/api/batches', {
      crop: 'melon',
      zone: 'gh3',
      trays: 50,
      sowDate: '2027-02-05',
    });
    expect(melon.readyFrom).toBe(TODAY);
    await h.ok(m, 'POST', `/api/batches/${melon.id}/counts`, { emerged: 2300 });
    await h.ok(m, 'POST', `/api/batches/${melon.id}/counts`, { saleable: 2000 });
    const wang = await h.buyer('13800000013', '王书记', '西沟村');
    const chen = await h.buyer('13800000014', '陈书记', '石门村');

    const first = await h.ok<View>(wang.token, 'POST', '/api/orders', {
      lines: [
        {
          crop: 'melon',
          quantity: 1500,
          wantedDate: WANTED,
          households: [
            { name: '张三', quantity: 500 },
            { name: '李四', quantity: 1000 },
          ],
        },
      ],
    });
    expect(first.lines[0]?.status).toBe('ready');
    expect(first.totalFen).toBe(1500 * 80);
    expect(first.depositFen).toBe(36_000);

    const second = await h.ok<View>(chen.token, 'POST', '/api/orders', {
      lines: [{ crop: 'melon', quantity: 1000, wantedDate: WANTED }],
    });
    expect(second.lines[0]?.status).toBe('waitlisted');
    expect(second.lines[0]?.earliestDate).not.toBeNull();

    const can = await h.ok<{ canConfirm: boolean; earliestDate: string | null }>(
      chen.token,
      'GET',
      `/api/availability?crop=melon&quantity=500&date=${WANTED}`,
    );
    expect(can).toMatchObject({ canConfirm: true, earliestDate: WANTED });
    const cannot = await h.ok<{ canConfirm: boolean; earliestDate: string | null }>(
      chen.token,
      'GET',
      `/api/availability?crop=melon&quantity=501&date=${WANTED}`,
    );
    expect(cannot.canConfirm).toBe(false);

    // A third order waits too; the manager confirms it by hand from a substitute batch.
    const third = await h.ok<View>(m, 'POST', '/api/orders', {
      buyerId: chen.buyerId,
      lines: [{ crop: 'melon', quantity: 400, wantedDate: WANTED, cultivar: '伊丽莎白' }],
    });
    const substitute = await h.ok<{ id: string }>(m, 'POST', '/api/batches', {
      crop: 'melon',
      cultivar: '玉菇',
      zone: 'gh3',
      trays: 10,
      sowDate: '2027-02-05',
    });
    await h.ok(m, 'POST', `/api/batches/${substitute.id}/counts`, { saleable: 450 });
    expect(
      (await h.call(m, 'POST', `/api/orders/${third.id}/confirm`, { lineId: first.lines[0]?.id })).status,
    ).toBe(404);
    const byHand = await h.ok<View>(m, 'POST', `/api/orders/${third.id}/confirm`, {
      lineId: third.lines[0]?.id,
      batchId: substitute.id,
      reason: '伊丽莎白 sold out; 玉菇 agreed on the phone',
    });
    expect(byHand.lines[0]).toMatchObject({ status: 'ready', confirmedDate: WANTED });

    // Wang cancels. Its batch is sown, so the cut-off has passed: the page sends Wang to the phone,
    // and the nursery cancels for him. Chen's waitlisted line is served in arrival order.
    const refused = await h.call<{ code: string }>(wang.token, 'POST', `/api/orders/${first.id}/cancel`, {
      reason: 'hail',
    });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('CHANGE_CUTOFF_PASSED');
    await h.ok(m, 'POST', `/api/orders/${first.id}/cancel`, { reason: 'hail, by phone' });
    const served = await h.ok<View>(chen.token, 'GET', `/api/orders/${second.id}`);
    expect(served.lines[0]?.status).toBe('ready');
    expect(served.lines[0]?.confirmedDate).toBe(WANTED);
    const history = await h.ok<{ action: string }[]>(chen.token, 'GET', `/api/orders/${second.id}/history`);
    expect(history.map((entry) => entry.action)).toEqual([
      'order.placed',
      'order.line_waitlisted',
      'order.line_confirmed',
    ]);
    expect((await h.call(wang.token, 'POST', `/api/orders/${first.id}/cancel`, {})).status).toBe(409);

    // Partial delivery with returned trays, then the rest; a printable slip for each.
    const partial = await h.ok<{ delivery: { id: string; amountFen: number }; order: View }>(
      m,
      'POST',
      `/api/orders/${second.id}/deliveries`,
      { items: [{ lineId: served.lines[0]?.id, quantity: 600 }], returnedTrays: 5 },
    );
    expect(partial.order.lines[0]).toMatchObject({ status: 'partly_delivered', delivered: 600 });
    expect(partial.delivery.amountFen).toBe(600 * 80);
    const slip = await fetch(`${h.baseUrl}/api/orders/${second.id}/deliveries/${partial.delivery.id}/slip`, {
      headers: { authorization: `Bearer ${chen.token}` },
    });
    expect(slip.headers.get('content-type')).toContain('text/html');
    expect(await slip.text()).toContain('送苗单');
    expect(
      (
        await h.call(m, 'POST', `/api/orders/${second.id}/deliveries`, {
          items: [{ lineId: served.lines[0]?.id, quantity: 401 }],
        })
      ).status,
    ).toBe(409);
    await h.ok(m, 'POST', `/api/orders/${second.id}/deliveries`, {
      items: [{ lineId: served.lines[0]?.id, quantity: 400 }],
    });
    const paid = await h.ok<View>(m, 'POST', `/api/orders/${second.id}/payments`, {
      amountFen: 80_000,
      method: 'wechat',
    });
    expect(paid).toMatchObject({ status: 'settled', balanceFen: 0 });

    // Walk-in: only seedlings nobody holds can go over the counter (the any-cultivar line may hold
    // some of the substitute batch: 2,000 + 450 saleable, 1,000 + 400 promised).
    const free = async (id: string) => (await h.ok<{ free: number }>(m, 'GET', `/api/batches/${id}`)).free;
    const melonFree = await free(melon.id);
    expect(melonFree + (await free(substitute.id))).toBe(1050);
    expect(
      (await h.call(m, 'POST', '/api/walk-in-sales', { batchId: melon.id, quantity: melonFree + 1 })).status,
    ).toBe(409);
    await h.ok(m, 'POST', '/api/walk-in-sales', { batchId: melon.id, quantity: 100, buyerName: '过路客' });
    expect(await free(melon.id)).toBe(melonFree - 100);

    // After the hold days the melon nobody waits for is over-aged; the substitute still owes a line.
    h.setToday('2027-03-25');
    const aged = await h.app.get(BatchesService).overAge();
    h.setToday(TODAY);
    expect(aged).toContain(melon.id);
    expect(aged).not.toContain(substitute.id);
    const overAged = await h.ok<{
      stage: string;
      history: { kind: string; culled?: number; cullReason?: string }[];
    }>(m, 'GET', `/api/batches/${melon.id}`);
    expect(overAged.stage).toBe('over_aged');
    expect(overAged.history.at(-1)).toMatchObject({
      kind: 'stage',
      culled: melonFree - 100,
      cullReason: 'over_aged',
    });
  }, 60_000);

  it('changes a line: fewer seedlings keep the promise and serve the waitlist, a new date re-matches', async () => {
    // Lettuce sown 12 February (spring, 28 days) is ready on 12 March.
    const lettuce = await h.ok<{ id: string; readyFrom: string }>(m, 'POST', '/api/batches', {
      crop: 'lettuce',
      zone: 'gh1',
      trays: 12,
      sowDate: '2027-02-12',
    });
    await h.ok(m, 'POST', `/api/batches/${lettuce.id}/counts`, { saleable: 1000 });
    const buyer = await h.buyer('13800000015', '孙书记', '南沟村');
    const first = await h.ok<View>(buyer.token, 'POST', '/api/orders', {
      lines: [{ crop: 'lettuce', quantity: 600, wantedDate: lettuce.readyFrom }],
    });
    const second = await h.ok<View>(m, 'POST', '/api/orders', {
      buyerId: buyer.buyerId,
      lines: [{ crop: 'lettuce', quantity: 600, wantedDate: lettuce.readyFrom }],
    });
    expect([first.lines[0]?.status, second.lines[0]?.status]).toEqual(['in_production', 'waitlisted']);
    // The lettuce batch is sown: past the buyer's cut-off, the nursery makes the change.
    const fewer = await h.ok<View & { depositFen: number }>(
      m,
      'PATCH',
      `/api/orders/${first.id}/lines/${first.lines[0]?.id}`,
      { quantity: 400, reason: 'less land' },
    );
    expect(fewer.lines[0]).toMatchObject({ status: 'in_production', confirmedDate: lettuce.readyFrom });
    expect(fewer.depositFen).toBe(Math.round(400 * 80 * 0.3));
    expect((await h.ok<View>(m, 'GET', `/api/orders/${second.id}`)).lines[0]?.status).toBe('in_production');
    const later = await h.ok<View>(m, 'PATCH', `/api/orders/${first.id}/lines/${first.lines[0]?.id}`, {
      wantedDate: '2027-05-20',
    });
    expect(later.lines[0]).toMatchObject({ status: 'confirmed', confirmedDate: '2027-05-20' });
    expect((await h.ok<{ free: number }>(m, 'GET', `/api/batches/${lettuce.id}`)).free).toBe(400);
  }, 60_000);

  it('warns about an unpaid deposit on its due date and lapses the reservation after the grace days', async () => {
    const batch = await h.ok<{ id: string }>(m, 'POST', '/api/batches', {
      crop: 'watermelon',
      zone: 'gh2',
      trays: 40,
      sowDate: '2027-03-01',
    });
    await h.ok(m, 'POST', `/api/batches/${batch.id}/counts`, { saleable: 1500 });
    const buyer = await h.ok<{ id: string }>(m, 'POST', '/api/buyers', {
      name: '赵书记',
      village: '北岭村',
      kind: 'party_secretary',
    });
    const order = await h.ok<View & { depositDue: string }>(m, 'POST', '/api/orders', {
      buyerId: buyer.id,
      lines: [{ crop: 'watermelon', quantity: 1500, wantedDate: '2027-04-05' }],
    });
    expect(order.lines[0]?.status).toBe('in_production');
    expect(order.depositDue).toBe('2027-03-17');
    const jobs = h.app.get(OrderPaymentsService);

    h.setToday('2027-03-16');
    expect((await jobs.lapseOverdueDeposits()).warned).not.toContain(order.id);
    h.setToday('2027-03-17');
    expect((await jobs.lapseOverdueDeposits()).warned).toContain(order.id);
    h.setToday('2027-03-19');
    expect((await jobs.lapseOverdueDeposits()).lapsed).not.toContain(order.id);
    h.setToday('2027-03-20');
    expect((await jobs.lapseOverdueDeposits()).lapsed).toContain(order.id);
    const lapsed = await h.ok<View>(m, 'GET', `/api/orders/${order.id}`);
    expect(lapsed.status).toBe('lapsed');
    expect(lapsed.lines[0]?.status).toBe('lapsed');
    expect((await h.ok<{ free: number }>(m, 'GET', `/api/batches/${batch.id}`)).free).toBe(1500);
    h.setToday(TODAY);
  }, 60_000);
});

describe('the demo seed', () => {
  it('gives the demo buyers their records and orders, and the houses their capacity', async () => {
    const h = await startOrdersHarness(TODAY, { demoSeed: true });
    try {
      const zones = await h.ok<{ code: string; benchAreaM2: number | null; trayCapacity: number | null }[]>(
        h.managerToken,
        'GET',
        '/api/zones',
      );
      expect(zones.find((zone) => zone.code === 'gh1')?.benchAreaM2).toBe(600);
      expect(zones.find((zone) => zone.code === 'germ1')?.trayCapacity).toBe(3000);
      const occupancy = await h.ok<{
        zones: { zone: string; capacityTrays: number; days: { date: string; trays: number }[] }[];
        germinationRoom: { capacityTrays: number };
      }>(h.managerToken, 'GET', '/api/capacity?days=10');
      expect(occupancy.zones.map((zone) => [zone.zone, zone.capacityTrays])).toEqual([
        ['gh1', 3780],
        ['gh2', 3780],
        ['gh3', 3780],
      ]);
      expect(occupancy.germinationRoom.capacityTrays).toBe(3000);
      expect(occupancy.zones[0]?.days[0]).toEqual({ date: TODAY, trays: 400 + 200 });
      const orders = await h.ok<{ buyer: { name: string }; lines: { status: string }[] }[]>(
        h.managerToken,
        'GET',
        '/api/orders',
      );
      expect(orders.map((order) => order.buyer.name).sort()).toEqual(['王书记', '陈书记']);
      for (const order of orders) for (const line of order.lines) expect(line.status).not.toBe('waitlisted');
      const accounts = JSON.parse(await readFile(path.join(h.dataDir, 'demo-accounts.json'), 'utf8')) as {
        phone: string;
        password: string;
      }[];
      const wang = accounts.find((account) => account.phone === '13800000003');
      const token = await h.login('13800000003', wang?.password ?? '');
      const own = await h.ok<{ buyer: { name: string } }[]>(token, 'GET', '/api/orders');
      expect(own.map((order) => order.buyer.name)).toEqual(['王书记']);
      const batches = await h.ok<unknown[]>(token, 'GET', '/api/batches');
      expect(batches.length).toBeGreaterThan(0);
    } finally {
      await h.close();
    }
  }, 60_000);
});
