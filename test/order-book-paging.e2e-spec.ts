import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import type { OrderResponse } from '#contracts';
import { startTestApi, TEST_ADMIN, type TestApi } from './support/api-harness.js';

const ORDERS = 10_000;
const VILLAGES = ['西沟村', '石门村', '东庄村'] as const;

/**
 * Issue 20 items 3 and 7: the order book of a busy year (10,000 orders, written straight into the
 * tables) read page by page, newest first, and filtered by the server over the whole book — by
 * village, crop, pickup day and summary status — not only over the pages a phone has loaded.
 */
describe('the order book with 10,000 orders', () => {
  let api: TestApi;
  let token: string;
  let sql: pg.Client;

  beforeAll(async () => {
    api = await startTestApi();
    token = await api.login(TEST_ADMIN.phone, TEST_ADMIN.password);
    const buyers: string[] = [];
    for (const village of VILLAGES) {
      const buyer = await api.request<{ id: string }>('POST', '/api/buyers', {
        token,
        body: { name: `${village}支书`, village, kind: 'party_secretary' },
      });
      expect(buyer.status).toBe(201);
      buyers.push(buyer.body.id);
    }
    const me = await api.request<{ id: string }>('GET', '/api/users/me', { token });
    sql = new pg.Client({ connectionString: api.database.url });
    await sql.connect();
    // Order i: buyer i mod 3, placed i minutes into the year; one line, tomato for even numbers,
    // cancelled for every fifth order, the rest waiting for 10 March.
    await sql.query(
      `INSERT INTO orders (id, buyer_id, placed_at, placed_by_user_id, placed_by_name, status, deposit_fen,
                           deposit_due, paid_fen, created_at, updated_at)
       SELECT gen_random_uuid(), ($1::uuid[])[1 + i % 3], timestamptz '2027-01-01T00:00:00Z' + i * interval '1 minute',
              $2, 'paging test', 'open', 0, date '2027-03-01', 0, now(), now()
         FROM generate_series(1, ${ORDERS}) AS i`,
      [buyers, me.body.id],
    );
    await sql.query(
      `INSERT INTO order_lines (id, order_id, position, crop, quantity, wanted_from, wanted_until, price_fen, status)
       SELECT gen_random_uuid(), o.id, 0, CASE WHEN o.number % 2 = 0 THEN 'tomato' ELSE 'pepper' END, 100,
              date '2027-03-10', date '2027-03-20', 80,
              CASE WHEN o.number % 5 = 0 THEN 'cancelled' ELSE 'waitlisted' END
         FROM orders o`,
    );
  }, 120_000);

  afterAll(async () => {
    await sql?.end();
    await api?.close();
  });

  /** Every order a filter matches, read page by page with `before` as the web does. */
  async function walk(query: Record<string, string>, limit: number): Promise<OrderResponse[]> {
    const all: OrderResponse[] = [];
    for (;;) {
      const params = new URLSearchParams({
        ...query,
        limit: String(limit),
        ...(all.length > 0 ? { before: all.at(-1)!.placedAt } : {}),
      });
      const page = await api.request<OrderResponse[]>('GET', `/api/orders?${params.toString()}`, { token });
      expect(page.status).toBe(200);
      all.push(...page.body);
      if (page.body.length < limit) return all;
    }
  }

  const count = async (where: string): Promise<number> =>
    Number((await sql.query<{ n: string }>(`SELECT count(*) AS n FROM orders o WHERE ${where}`)).rows[0]?.n);

  it('pages through every order once, newest first', async () => {
    // Printed, not asserted (timing belongs to benchmarks): what the phone waits for a page of 50.
    const started = performance.now();
    await api.request('GET', '/api/orders?limit=50', { token });
    process.stdout.write(
      `order book: a page of 50 of ${ORDERS} orders in ${(performance.now() - started).toFixed(0)} ms\n`,
    );
    const all = await walk({}, 1000);
    expect(all).toHaveLength(ORDERS);
    expect(new Set(all.map((order) => order.id)).size).toBe(ORDERS);
    const placed = all.map((order) => Date.parse(order.placedAt));
    expect(placed.every((at, i) => i === 0 || at < placed[i - 1])).toBe(true);
    // Each waiting line's place in its crop's queue, first placed first: 1, 2, 3 … per crop, read
    // across pages (the oldest pepper order is first in the pepper queue).
    for (const crop of ['tomato', 'pepper']) {
      const waiting = all
        .flatMap((order) => order.lines.filter((line) => line.crop === crop && line.status === 'waitlisted'))
        .reverse();
      expect(waiting.length).toBe(
        await count(`o.number % 5 <> 0 AND o.number % 2 = ${crop === 'tomato' ? 0 : 1}`),
      );
      expect(waiting.every((line, i) => line.queuePosition === i + 1)).toBe(true);
    }
  }, 120_000);

  it('filters by village and crop over the whole book', async () => {
    const inVillage = await walk({ village: '石门村', crop: 'tomato' }, 1000);
    expect(inVillage.length).toBe(
      await count(`o.buyer_id IN (SELECT id FROM buyers WHERE village = '石门村') AND o.number % 2 = 0`),
    );
    expect(inVillage.every((o) => o.buyer?.village === '石门村' && o.lines[0]?.crop === 'tomato')).toBe(true);
  }, 120_000);

  it('filters by summary status, filling each page of 50 from the whole book', async () => {
    const cancelled = await walk({ status: 'cancelled', crop: 'tomato' }, 50);
    expect(cancelled.length).toBe(await count('o.number % 10 = 0'));
    expect(cancelled.every((order) => order.status === 'cancelled')).toBe(true);
  }, 120_000);

  it('finds the pickup day of the lines still to hand over', async () => {
    const first = await api.request<OrderResponse[]>('GET', '/api/orders?pickup=2027-03-10&limit=50', {
      token,
    });
    expect(first.body).toHaveLength(50);
    expect(first.body.every((order) => order.lines.some((line) => line.status !== 'cancelled'))).toBe(true);
    const none = await api.request<OrderResponse[]>('GET', '/api/orders?pickup=2027-03-11', { token });
    expect(none.body).toEqual([]);
  }, 60_000);

  it('refuses a cursor that is not an instant and a status that does not exist', async () => {
    for (const before of ['yesterday', '20270401', '2027-02-30T00:00:00Z', '0000-01-01T00:00:00Z'])
      expect(await api.request('GET', `/api/orders?before=${before}`, { token })).toMatchObject({
        status: 400,
        body: { code: 'VALIDATION_FAILED' },
      });
    expect((await api.request('GET', '/api/orders?status=lost', { token })).status).toBe(400);
  });
});
