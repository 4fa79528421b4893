import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
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
    }>(m, 'POST', `/api/batches/${batch.id}/counts`, { culled: 250, cullReason: 'damping_off' });
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
