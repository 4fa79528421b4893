import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import type { ClimatePassportResponse, PassportFigure } from '#contracts';
import { type OrdersHarness, createNurseryZones, startOrdersHarness } from './orders.harness.js';

// A tomato batch sown 9 January is ready on 10 March 2027 (winter, 60 days). Recorded at 11:50 as
// sown and moved into 1号棚 (no readings: 10 minutes of 无数据), it reaches true leaf at noon (T0),
// hardening 15 minutes later, and is delivered at T0 + 25 min.
const TODAY = '2027-03-10';
const T0 = Date.parse(`${TODAY}T04:00:00Z`);
const S = 1000;

/**
 * The air temperature readings of the fixture, every 60 s from one env device (hold 3 × 60 s), and
 * what the passport must make of them — counted by hand:
 *
 * true leaf [T0, T0+900 s), band 10–32 °C (tomato's cold and heat warnings):
 *   0 20 °C in · 60 20 °C in · 120 8 °C below, held to 300 (the next reading comes at 600) ·
 *   300–600 no data · 600 35 °C above · 660 20 °C in · 720 20 °C in, held to 900.
 *   in 60+60+60+180 = 360 s, below 180 s, above 60 s, no data 300 s.
 * hardening [T0+900 s, T0+1500 s): 15 °C at 900, 960, 1020, 1080, 1140 → in 900–1320 (420 s), then
 *   no data 1320–1500 (180 s).
 * Whole life (2100 s with the 600 s sown): in 780 s = 37.1 %, below 180 s = 8.6 %, above 60 s = 2.9 %,
 *   no data 480 + 600 s = 51.4 %.
 */
const TRUE_LEAF_AIR: [number, number][] = [
  [0, 20],
  [60, 20],
  [120, 8],
  [600, 35],
  [660, 20],
  [720, 20],
];
const HARDENING_AIR: [number, number][] = [
  [900, 15],
  [960, 15],
  [1020, 15],
  [1080, 15],
  [1140, 15],
];

describe('the climate passport', () => {
  let h: OrdersHarness;
  let m: string;
  let sql: pg.Client;

  beforeAll(async () => {
    h = await startOrdersHarness(TODAY);
    m = h.managerToken;
    await createNurseryZones(h);
    sql = new pg.Client(h.databaseUrl);
    await sql.connect();
  }, 60_000);

  afterAll(async () => {
    await sql?.end();
    await h?.close();
  });

  /** Stores readings as the ingest would have (the raw table, in its day's partition). */
  async function storeReadings(device: string, metric: string, readings: [number, number][]) {
    await sql.query(
      `CREATE TABLE IF NOT EXISTS readings_p20270310 PARTITION OF readings
         FOR VALUES FROM ('2027-03-10T00:00:00Z') TO ('2027-03-11T00:00:00Z')`,
    );
    const series = await sql.query<{ id: number }>(
      `INSERT INTO reading_series (device_id, metric) SELECT id, $2 FROM devices WHERE device = $1
       ON CONFLICT (device_id, metric) DO UPDATE SET metric = EXCLUDED.metric RETURNING id`,
      [device, metric],
    );
    for (const [second, value] of readings)
      await sql.query('INSERT INTO readings (series_id, ts, value, received_at) VALUES ($1, $2, $3, $2)', [
        series.rows[0].id,
        new Date(T0 + second * S),
        value,
      ]);
  }

  const air = (passport: ClimatePassportResponse, piece: number): PassportFigure | undefined =>
    passport.pieces[piece]?.figures.find((figure) => figure.metric === 'air_temp_c');

  it('stores each stage as it closes, prints the summary and a LAN link on the slip, and keeps the figures after the readings are gone', async () => {
    await h.ok(m, 'POST', '/api/devices', { zone: 'gh1', device: 'env-1', kind: 'env', intervalS: 60 });
    h.setNow(T0 - 600 * S);
    const batch = await h.ok<{ id: string; code: string; readyFrom: string }>(m, 'POST', '/api/batches', {
      crop: 'tomato',
      zone: 'gh1',
      trays: 20,
      sowDate: '2027-01-09',
    });
    expect(batch.readyFrom).toBe(TODAY);
    await h.ok(m, 'POST', `/api/batches/${batch.id}/moves`, { zone: 'gh1' });
    await h.ok(m, 'POST', `/api/batches/${batch.id}/counts`, { saleable: 1000 });
    h.setNow(T0);
    await h.ok(m, 'POST', `/api/batches/${batch.id}/stages`, { stage: 'true_leaf' });
    await storeReadings('env-1', 'air_temp_c', TRUE_LEAF_AIR);

    h.setNow(T0 + 900 * S);
    await h.ok(m, 'POST', `/api/batches/${batch.id}/stages`, { stage: 'hardening' });
    const afterStage = await h.ok<ClimatePassportResponse>(m, 'GET', `/api/batches/${batch.id}/passport`);
    expect(afterStage.storedAt).not.toBeNull();
    expect(afterStage.pieces.map((p) => [p.stage, p.zone, p.closed])).toEqual([
      ['sown', 'gh1', true],
      ['true_leaf', 'gh1', true],
    ]);
    expect(air(afterStage, 1)).toEqual({
      metric: 'air_temp_c',
      lo: 10,
      hi: 32,
      inMs: 360 * S,
      belowMs: 180 * S,
      aboveMs: 60 * S,
      noDataMs: 300 * S,
    });
    // No substrate probe in the house: the whole piece is 无数据 for moisture, and it says so.
    expect(afterStage.pieces[1]?.figures.find((f) => f.metric === 'substrate_vwc_pct')).toMatchObject({
      inMs: 0,
      noDataMs: 900 * S,
      basis: 'none',
    });

    await storeReadings('env-1', 'air_temp_c', HARDENING_AIR);
    h.setNow(T0 + 1500 * S);
    const buyer = await h.buyer('13800000051', '李书记', '南庄村');
    const order = await h.ok<{ id: string; lines: { id: string; status: string }[] }>(
      buyer.token,
      'POST',
      '/api/orders',
      { lines: [{ crop: 'tomato', quantity: 500, wantedDate: TODAY }] },
    );
    expect(order.lines[0]?.status).toBe('ready');
    const delivered = await h.ok<{ delivery: { id: string; items: { batchIds?: string[] }[] } }>(
      m,
      'POST',
      `/api/orders/${order.id}/deliveries`,
      {
        items: [{ lineId: order.lines[0]?.id, quantity: 500 }],
      },
    );
    // The delivery keeps the batches it drew on: a later re-match cannot change what the slip prints.
    expect(delivered.delivery.items[0]?.batchIds).toEqual([batch.id]);

    const stored = await h.ok<ClimatePassportResponse>(m, 'GET', `/api/batches/${batch.id}/passport`);
    expect(air(stored, 0)).toMatchObject({ inMs: 0, noDataMs: 600 * S });
    expect(air(stored, 2)).toMatchObject({ inMs: 420 * S, noDataMs: 180 * S, belowMs: 0, aboveMs: 0 });
    expect(stored.summary.figures.find((f) => f.metric === 'air_temp_c')).toMatchObject({
      inMs: 780 * S,
      belowMs: 180 * S,
      aboveMs: 60 * S,
      noDataMs: 1080 * S,
    });
    expect(stored.token).toMatch(/^[A-Za-z0-9_-]{22}$/);

    // The slip, asked for under the office's LAN name, prints the summary and the link's QR code.
    // (fetch sets Host itself: node:http sends the one a phone's browser would.)
    const slip = await new Promise<string>((resolve, reject) => {
      const url = new URL(`${h.baseUrl}/api/orders/${order.id}/deliveries/${delivered.delivery.id}/slip`);
      http
        .get(
          url,
          { headers: { authorization: `Bearer ${buyer.token}`, host: 'office.lan:3000' } },
          (response) => {
            let body = '';
            response.setEncoding('utf8');
            response.on('data', (chunk: string) => (body += chunk));
            response.on('end', () => resolve(body));
          },
        )
        .on('error', reject);
    });
    expect(slip).toContain('气候档案');
    expect(slip).toContain(batch.code);
    const airRow = /<tr><td>气温 Air temperature<\/td>([\s\S]*?)<\/tr>/.exec(slip)?.[1] ?? '';
    expect([...airRow.matchAll(/>([\d.]+)%</g)].map((match) => match[1])).toEqual([
      '37.1',
      '8.6',
      '2.9',
      '51.4',
    ]);
    expect(slip).toContain(`http://office.lan:3000/api/passports/${stored.token}`);
    expect(slip).toContain('<svg');
    expect(slip).toContain('仅限苗场局域网');

    // The link needs no account and shows this batch only.
    const link = `${h.baseUrl}/api/passports/${stored.token}`;
    const page = await fetch(link);
    expect(page.status).toBe(200);
    const pageText = await page.text();
    expect(pageText).toContain(batch.code);
    expect(pageText).toContain('无数据');

    // Raw retention (or the disk watch shedding) drops the day's readings: the link shows the same.
    await sql.query('DROP TABLE readings_p20270310');
    expect(await (await fetch(link)).text()).toBe(pageText);
    const afterDrop = await h.ok<ClimatePassportResponse>(m, 'GET', `/api/batches/${batch.id}/passport`);
    expect(air(afterDrop, 1)).toEqual(air(stored, 1));

    // The manager withdraws the link, then makes a new one; the old one stops working.
    await h.ok(m, 'DELETE', `/api/batches/${batch.id}/passport/link`);
    const gone = await fetch(link);
    expect(gone.status).toBe(404);
    expect(await gone.text()).toContain('此链接已失效');
    const renewed = await h.ok<ClimatePassportResponse>(m, 'POST', `/api/batches/${batch.id}/passport/link`);
    expect(renewed.token).not.toBe(stored.token);
    expect((await fetch(`${h.baseUrl}/api/passports/${renewed.token}`)).status).toBe(200);
    expect((await fetch(link)).status).toBe(404);
    expect((await fetch(`${h.baseUrl}/api/passports/not-a-token`)).status).toBe(404);

    // Staff only: the buyer reads the passport through the link, not the api.
    expect((await h.call(buyer.token, 'GET', `/api/batches/${batch.id}/passport`)).status).toBe(403);
    expect((await h.call(m, 'GET', '/api/batches/not-a-uuid/passport')).status).toBe(400);
  });
});
