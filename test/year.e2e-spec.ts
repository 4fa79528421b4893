import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type OrdersHarness, createNurseryZones, startOrdersHarness } from './orders.harness.js';

/**
 * The nursery's year through the REST API: 3 houses, 3 waves of sowings, 30 villages ordering
 * 1,000,000 seedlings at 0.8 yuan, all delivered and paid; costs entered; the annual report.
 */
interface LineView {
  id: string;
  status: string;
  quantity: number;
  confirmedDate: string | null;
  earliestDate: string | null;
}
interface OrderView {
  id: string;
  totalFen: number;
  depositFen: number;
  lines: LineView[];
}

const VILLAGES = 30;

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

async function inGroups<T, R>(
  items: readonly T[],
  size: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results: R[] = [];
  for (let start = 0; start < items.length; start += size)
    results.push(
      ...(await Promise.all(
        items.slice(start, start + size).map((item, offset) => work(item, start + offset)),
      )),
    );
  return results;
}

describe('the nursery year', () => {
  let h: OrdersHarness;
  let m: string;
  let buyers: { id: string }[];
  const orders: OrderView[] = [];

  beforeAll(async () => {
    h = await startOrdersHarness('2026-12-01');
    m = h.managerToken;
    await createNurseryZones(h);
    buyers = await inGroups(
      Array.from({ length: VILLAGES }, (_, index) => index),
      10,
      (index) =>
        h.ok<{ id: string }>(m, 'POST', '/api/buyers', {
          name: `书记${index + 1}`,
          village: `村${String(index + 1).padStart(2, '0')}`,
          kind: 'party_secretary',
        }),
    );
  }, 60_000);

  afterAll(async () => {
    await h?.close();
  });

  /**
   * Places an order and records its deposit the same day, as the village secretaries pay at the
   * counter: the deposit-lapse job runs on the simulated clock, and months pass between waves.
   */
  async function placeWithDeposit(body: unknown, on: string): Promise<OrderView> {
    const order = await h.ok<OrderView>(m, 'POST', '/api/orders', body);
    await h.ok(m, 'POST', `/api/orders/${order.id}/payments`, { amountFen: order.depositFen, date: on });
    return order;
  }

  async function wave(placedOn: string, crop: string, firstWanted: string, quantities: readonly number[]) {
    h.setToday(placedOn);
    const placed = await inGroups(quantities, 5, (quantity, index) =>
      placeWithDeposit(
        {
          buyerId: buyers[index % VILLAGES]?.id,
          lines: [
            {
              crop,
              quantity,
              wantedDate: addDays(firstWanted, index % 10),
              wantedUntil: addDays(firstWanted, (index % 10) + 7),
            },
          ],
        },
        placedOn,
      ),
    );
    orders.push(...placed);
    // The technician sows what matching planned.
    const planned = await h.ok<{ id: string; sowDate: string }[]>(m, 'GET', '/api/batches?stage=planned');
    await inGroups(planned, 10, (batch) =>
      h.ok(m, 'POST', `/api/batches/${batch.id}/stages`, { stage: 'sown' }),
    );
    return placed;
  }

  it('confirms 1,000,000 seedlings over three waves and reports 800,000 yuan of output', async () => {
    const wave1 = await wave('2026-12-01', 'tomato', '2027-03-15', Array<number>(VILLAGES).fill(11_000));
    const wave2 = await wave('2027-02-01', 'pepper', '2027-05-01', Array<number>(VILLAGES).fill(11_000));

    // One day at the nursery: 10 village orders of 2,000 for 20 May, each confirmed with its date.
    h.setToday('2027-02-02');
    const oneDay = await inGroups(
      Array.from({ length: 10 }, (_, index) => index),
      5,
      (index) =>
        placeWithDeposit(
          {
            buyerId: buyers[index]?.id,
            lines: [{ crop: 'tomato', quantity: 2_000, wantedDate: '2027-05-20' }],
          },
          '2027-02-02',
        ),
    );
    orders.push(...oneDay);
    for (const order of oneDay) {
      expect(order.lines[0]?.status).toBe('confirmed');
      expect(order.lines[0]?.confirmedDate).toBe('2027-05-20');
    }

    const wave3Quantities = Array.from({ length: VILLAGES }, (_, index) => (index < 20 ? 10_667 : 10_666));
    const wave3 = await wave('2027-04-15', 'cabbage', '2027-08-01', wave3Quantities);

    const all = [...wave1, ...wave2, ...oneDay, ...wave3];
    expect(all.reduce((sum, order) => sum + (order.lines[0]?.quantity ?? 0), 0)).toBe(1_000_000);
    const notConfirmed = all.filter((order) => order.lines[0]?.status !== 'confirmed');
    expect(notConfirmed.map((order) => order.lines[0])).toEqual([]);

    // Deliver every line on its promised date and take the money.
    h.setToday('2027-09-30');
    await inGroups(all, 10, async (order) => {
      const line = order.lines[0];
      await h.ok(m, 'POST', `/api/orders/${order.id}/deliveries`, {
        date: line.confirmedDate,
        items: [{ lineId: line.id, quantity: line.quantity }],
        returnedTrays: 10,
      });
      await h.ok(m, 'POST', `/api/orders/${order.id}/payments`, {
        amountFen: order.totalFen - order.depositFen,
        date: line.confirmedDate,
      });
    });
    const settled = await h.ok<{ status: string }>(m, 'GET', `/api/orders/${all[0]?.id}`);
    expect(settled.status).toBe('settled');

    // The year's costs as the manager enters them, month by month (fen): about 600,000 yuan, so
    // that 800,000 yuan of output leaves the collective about 200,000 (the brief's figures).
    const months = ['01', '02', '03', '04', '05', '06'];
    const costs: [date: string, category: string, amountFen: number][] = [
      ['2027-01-15', 'seed', 6_000_000],
      ['2027-04-15', 'seed', 6_000_000],
      ['2027-01-15', 'substrate', 4_500_000],
      ['2027-04-15', 'substrate', 4_500_000],
      ['2027-01-10', 'trays', 4_000_000],
      // Winter heating of three greenhouses.
      ['2027-01-31', 'energy', 5_000_000],
      ['2027-02-28', 'energy', 5_000_000],
      ['2027-03-31', 'energy', 5_000_000],
      ['2027-06-30', 'water', 1_000_000],
      ...months.map((month): [string, string, number] => [`2027-${month}-28`, 'labour', 2_700_000]),
      ['2027-06-30', 'other', 2_800_000],
    ];
    for (const [date, category, amountFen] of costs)
      await h.ok(m, 'POST', '/api/costs', { date, category, amountFen });

    const report = await h.ok<{
      seedlings: { sold: number; sown: number };
      outputValueFen: number;
      receivedFen: number;
      outstandingFen: number;
      costsFen: number;
      incomeFen: number;
      collectiveIncomeFen: number;
      byVillage: unknown[];
      byCrop: { sold: { key: string; seedlings: number }[] };
    }>(m, 'GET', '/api/reports/annual?year=2027');
    expect(report.seedlings.sold).toBe(1_000_000);
    expect(report.outputValueFen).toBe(80_000_000);
    // The first wave's deposits (30 % of 330,000 tomato seedlings at 0.80 yuan) were paid when it
    // was ordered, on 1 December 2026: money of the year before.
    const depositsIn2026 = wave1.reduce((sum, order) => sum + order.depositFen, 0);
    expect(depositsIn2026).toBe(7_920_000);
    expect(report.receivedFen).toBe(80_000_000 - depositsIn2026);
    expect(report.outstandingFen).toBe(0);
    expect(report.costsFen).toBe(60_000_000);
    expect(report.incomeFen).toBe(20_000_000);
    // All of the margin is the collective's by default: about 200,000 yuan.
    expect(report.collectiveIncomeFen).toBe(20_000_000);
    expect(report.byVillage).toHaveLength(VILLAGES);
    expect(report.seedlings.sown).toBeGreaterThan(1_000_000);
    expect(report.byCrop.sold.map((bucket) => bucket.key)).toEqual(['cabbage', 'pepper', 'tomato']);

    const csv = await h.call<string>(m, 'GET', '/api/reports/annual?year=2027&format=csv');
    expect(csv.status).toBe(200);
    expect(csv.body).toContain('total,sold,1000000,80000000');
  }, 240_000);
});
