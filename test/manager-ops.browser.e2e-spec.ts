import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { BrowserContext, Page } from 'playwright-core';
import type { AnnualReportResponse, BatchResponse, LanAccessResponse, OrderResponse } from '#contracts';
import { waitFor } from '#testing';
import { TEST_ADMIN } from './support/api-harness.js';
import { connectDevice, startTelemetryApi, type TelemetryApi } from './support/telemetry-harness.js';
import {
  ARTIFACTS,
  CHINESE_UI,
  PHONE,
  fitsThePhone as fitsPhone,
  lanOrigin,
  openLanBrowser,
  type LanBrowser,
} from './support/lan-browser.js';

/**
 * The manager's devices and money (issue 20 items 2 and 4) in real Chromium at 360 px under a LAN
 * name, against the api in-process with the demo seed and its embedded broker (the one that checks
 * device passwords, so a rotated password is refused): register a device in the page, connect with
 * the credentials read off the printable card and publish a reading the api stores; rotate and see
 * the old password refused; disable. Then a year's costs entered in the page, the margin and the
 * collective's income computed from them, the CSV in yuan; 1280 px; English without Chinese.
 */

/** `¥1,234.50` / `−¥1,234.50`, as the page formats fen. */
const yuanText = (fen: number) =>
  `${fen < 0 ? '−' : ''}¥${(Math.abs(fen) / 100).toLocaleString('en', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

describe('the manager registers devices and keeps the money', () => {
  let api: TelemetryApi;
  let lanBrowser: LanBrowser | undefined;
  let context: BrowserContext;
  let page: Page;
  let base: string;
  let year: number;
  let batch: BatchResponse;
  const clients: { end(force?: boolean): unknown }[] = [];

  beforeAll(async () => {
    api = await startTelemetryApi({ DEMO_SEED: '1' });
    base = lanOrigin(api.url);
    lanBrowser = await openLanBrowser('manager-ops', { acceptDownloads: true });
    context = lanBrowser.context;
    // window.print() opens no dialog in a test: count the calls instead.
    await context.addInitScript('window.__printed = 0; window.print = () => { window.__printed += 1; };');
    page = await context.newPage();
    await page.goto(`${base}/login`);
    await page.fill('input[name=phone]', TEST_ADMIN.phone);
    await page.fill('input[name=password]', TEST_ADMIN.password);
    await page.click('button[type=submit]');
    await page.waitForURL('**/manager');
  }, 120_000);

  afterAll(async () => {
    for (const client of clients) client.end(true);
    await lanBrowser?.close();
    await api?.close();
  }, 60_000);

  const shot = async (name: string) => {
    await page.evaluate('window.scrollTo(0, 0)');
    await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
  };
  const fitsThePhone = () => fitsPhone(page, '.manager-ops button, .manager-ops select, .manager-ops input');
  const field = (name: string) =>
    page.getByTestId('credential-card').locator(`code[data-field=${name}]`).textContent();

  it('registers a device, shows its MQTT account once on a printable card, and the device connects with it', async () => {
    await page.getByTestId('tab-devices').click();
    const form = page.getByTestId('register-device');
    await form.locator('select[name=zone]').selectOption('gh2');
    await form.locator('select[name=kind]').selectOption('env');
    await form.locator('input[name=device]').fill('Env 9');
    await form.locator('button[type=submit]').click();
    expect(await form.locator('.error').textContent()).toContain('只用小写字母');
    await form.locator('input[name=device]').fill('env-9');
    await form.locator('button[type=submit]').click();
    const card = page.getByTestId('credential-card');
    await card.waitFor();

    // The broker address is the PC's LAN address from GET /api/system/lan; this test's broker
    // listens on 127.0.0.1, so the card carries the warning and its fix.
    const lan = (await api.get<LanAccessResponse>('/api/system/lan')).body;
    const lanHosts = lan.dashboardUrls
      .filter((u) => u.interface !== null)
      .map((u) => new URL(u.url).hostname);
    expect(await field('host')).toBe(lanHosts.join(' / ') || '—');
    expect(await field('port')).toBe(new URL(api.mqttUrl).port);
    expect(await page.getByTestId('credential-loopback').textContent()).toContain('MQTT_HOST=0.0.0.0');
    const username = (await field('username'))!;
    const password = (await field('password'))!;
    const topic = (await field('publish'))!;
    expect(password).toMatch(/^[\w-]{24}$/);
    expect(topic).toMatch(/^nursery\/v1\/[a-z0-9-]+\/gh2\/env-9\/tele$/);
    expect(await card.getByTestId('lan-qr').locator('path').getAttribute('d')).toMatch(/^M/);
    await card.getByTestId('print-credential').click();
    expect(await page.evaluate<number>('window.__printed')).toBe(1);
    await fitsThePhone();
    await card.screenshot({ path: path.join(ARTIFACTS, 'manager-devices-card-360.png') });

    const device = await connectDevice(api.mqttUrl, { username, password });
    clients.push(device);
    const ts = Date.now() - 1_000;
    await device.publishAsync(topic, JSON.stringify({ ts, seq: 1, values: { air_temp_c: 21.4 } }), {
      qos: 1,
    });
    const from = new Date(ts - 60_000).toISOString();
    const to = new Date(ts + 60_000).toISOString();
    const stored = await api.get<{ device: string; points: { value: number }[] }[]>(
      `/api/readings?zone=gh2&metric=air_temp_c&step=raw&device=env-9&from=${from}&to=${to}`,
    );
    expect(stored.body).toEqual([
      expect.objectContaining({ device: 'env-9', points: [expect.objectContaining({ value: 21.4 })] }),
    ]);
    await device.endAsync();

    // The password is shown once: closed, it is gone from the page.
    await card.getByTestId('close-credential').click();
    expect(await page.getByTestId('credential-card').count()).toBe(0);
    expect(await page.locator('main').innerText()).not.toContain(password);

    // Rotate (asked once more): a new card, the old password refused, the new one accepted.
    const deviceCard = page.getByTestId('device-env-9');
    await deviceCard.getByTestId('rotate').click();
    await deviceCard.getByTestId('confirm').click();
    await page.getByTestId('credential-card').waitFor();
    const rotated = (await field('password'))!;
    expect(rotated).not.toBe(password);
    await expect(connectDevice(api.mqttUrl, { username, password })).rejects.toThrow();
    const again = await connectDevice(api.mqttUrl, { username, password: rotated });
    clients.push(again);
    const againClosed = new Promise<void>((resolve) => again.once('close', () => resolve()));
    await shot('manager-devices-rotated-360');

    // Disable: the card says so, the connection still open ends (the dialog promised 立即断开),
    // and the device cannot connect any more.
    await page.getByTestId('close-credential').click();
    await deviceCard.getByTestId('disable').click();
    await deviceCard.getByTestId('confirm').click();
    await waitFor(async () => ((await deviceCard.textContent()) ?? '').includes('已停用'), {
      timeoutMs: 10_000,
      what: 'the disabled device',
    });
    await againClosed;
    await expect(connectDevice(api.mqttUrl, { username, password: rotated })).rejects.toThrow();
    await fitsThePhone();
    await shot('manager-devices-360');
  }, 90_000);

  it("enters a year's costs and shows the margin and the collective's income computed from them", async () => {
    year = Number(
      new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(Date.now()),
    );
    // Something delivered this year: a walk-in sale of 1,000 seedlings at 8 yuan (¥8,000.00).
    const batches = (await api.get<BatchResponse[]>('/api/batches')).body;
    for (const candidate of batches.filter(
      (b) => !['planned', 'sold_out', 'culled', 'over_aged'].includes(b.stage),
    )) {
      const sale = await api.post('/api/walk-in-sales', {
        batchId: candidate.id,
        quantity: 1000,
        priceFen: 800,
      });
      if (sale.status === 201 || sale.status === 200) {
        batch = candidate;
        break;
      }
    }
    expect(batch).toBeDefined();

    await page.getByTestId('tab-money').click();
    await page.getByTestId('figure-output').waitFor();
    const form = page.getByTestId('cost-form');
    const entries: [string, string, string, boolean][] = [
      [`${year}-01`, 'seed', '1,200', false],
      [`${year}-03`, 'water', '350.5', true],
      [`${year}-11`, 'labour', '2000.00', false],
      [`${year}-11`, 'other', '99', false],
    ];
    for (const [month, category, amount, withBatch] of entries) {
      await form.locator('select[name=month]').selectOption(month);
      await form.locator('select[name=category]').selectOption(category);
      await form.locator('input[name=amount]').fill(amount);
      await form.locator('select[name=batch]').selectOption(withBatch ? batch.id : '');
      await form.locator('button[type=submit]').click();
      await waitFor(async () => (await form.locator('input[name=amount]').inputValue()) === '', {
        timeoutMs: 10_000,
        what: `the ${category} cost to be saved`,
      });
    }
    // A wrong amount is refused in the page.
    await form.locator('input[name=amount]').fill('12.345');
    await form.locator('button[type=submit]').click();
    expect(await form.locator('.error').textContent()).toContain('最多两位小数');
    await form.locator('input[name=amount]').fill('');
    // The mistaken "other" cost is deleted again.
    await page
      .getByTestId(`costs-${year}-11`)
      .locator('.op-row', { hasText: '其他' })
      .locator('button')
      .click();
    await waitFor(async () => (await page.getByTestId(`costs-${year}-11`).locator('.op-row').count()) === 1, {
      timeoutMs: 10_000,
      what: 'the deleted cost',
    });
    expect(await page.getByTestId(`costs-${year}-03`).textContent()).toContain(batch.code);

    // The collective's share: half of the margin.
    await page.getByTestId('share-form').locator('input[name=share]').fill('50');
    await page.getByTestId('share-form').locator('button[type=submit]').click();

    const costsFen = 120_000 + 35_050 + 200_000;
    const report = await waitFor(
      async () => {
        const answer = (await api.get<AnnualReportResponse>(`/api/reports/annual?year=${year}`)).body;
        return answer.collectiveShare === 0.5 ? answer : undefined;
      },
      { timeoutMs: 10_000, what: 'the share to be saved' },
    );
    expect(report.costsFen).toBe(costsFen);
    expect(report.outputValueFen).toBeGreaterThanOrEqual(800_000);
    expect(report.costs).toEqual([
      { category: 'labour', fen: 200_000 },
      { category: 'seed', fen: 120_000 },
      { category: 'water', fen: 35_050 },
    ]);
    const margin = report.outputValueFen - costsFen;
    expect(report.marginFen).toBe(margin);
    expect(report.collectiveIncomeFen).toBe(Math.round(margin / 2));
    const figure = (id: string) => page.getByTestId(`figure-${id}`).locator('dd').textContent();
    await waitFor(async () => (await figure('collective-income')) === yuanText(Math.round(margin / 2)), {
      timeoutMs: 10_000,
      what: "the collective's income on the page",
    });
    expect(await figure('costs')).toBe(yuanText(costsFen));
    expect(await figure('margin')).toBe(yuanText(margin));
    expect(await figure('output')).toBe(yuanText(report.outputValueFen));
    expect(await figure('booked')).toBe(yuanText(report.orderedFen));
    await fitsThePhone();
    await shot('manager-money-360');

    // The CSV: headers in the page's language, yuan with two decimals.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('report-csv').click(),
    ]);
    const csv = await readFile(await download.path(), 'utf8');
    const lines = csv.replace(/^\ufeff/, '').split('\r\n');
    expect(lines[0]).toBe('部分,项目,数量,金额（元）');
    expect(lines).toContain(`合计,成本,,${(costsFen / 100).toFixed(2)}`);
    expect(lines).toContain(`合计,集体收入,,${(Math.round(margin / 2) / 100).toFixed(2)}`);
    expect(lines).toContain('合计,集体分成比例,,50%');
    expect(lines).toContain('成本,水费,,350.50');
    expect(lines).toContain(`成本明细 ${year}-03,水费 · ${batch.code},,350.50`);
  }, 90_000);

  it('filters the order book by village, crop and pickup day, and prints the pickup list of a day', async () => {
    const orders = (await api.get<OrderResponse[]>('/api/orders')).body;
    expect(orders.length).toBeGreaterThan(1);
    await page.getByTestId('tab-orderBook').click();
    const filters = page.getByTestId('order-filters');
    await filters.waitFor();
    const shownOrders = () => page.getByTestId('order-list').locator(':scope > div').count();
    await waitFor(async () => (await shownOrders()) === orders.length, { what: 'every order' });

    const village = orders[0].buyer!.village;
    await filters.locator('select[name=village]').selectOption(village);
    const inVillage = orders.filter((o) => o.buyer?.village === village);
    await waitFor(async () => (await shownOrders()) === inVillage.length, { what: 'the village filter' });
    expect(await page.getByTestId('orders-shown').textContent()).toBe(`显示 ${inVillage.length} 个订单`);
    const crop = inVillage[0].lines[0].crop;
    await filters.locator('select[name=crop]').selectOption(crop);
    const withCrop = inVillage.filter((o) => o.lines.some((l) => l.crop === crop));
    await waitFor(async () => (await shownOrders()) === withCrop.length, { what: 'the crop filter' });

    await filters.getByRole('button', { name: '清除筛选' }).click();
    const day = await filters
      .locator('select[name=pickup] option')
      .nth(1)
      .evaluate((option) => (option as unknown as { value: string }).value);
    await filters.locator('select[name=pickup]').selectOption(day);
    const list = page.getByTestId('pickup-list');
    await list.waitFor();
    expect(await list.locator('h3').textContent()).toBe(`取苗清单 ${day}`);
    const lines = orders.flatMap((o) =>
      o.lines.filter(
        (l) =>
          !['delivered', 'cancelled', 'lapsed'].includes(l.status) &&
          (l.confirmedDate ?? l.earliestDate ?? l.wantedFrom) === day,
      ),
    );
    expect(await list.locator('.op-row').count()).toBe(lines.length);
    const before = await page.evaluate<number>('window.__printed');
    await list.getByTestId('print-pickup').click();
    expect(await page.evaluate<number>('window.__printed')).toBe(before + 1);
    await fitsThePhone();
    await shot('manager-orders-pickup-360');
    await filters.getByRole('button', { name: '清除筛选' }).click();
  }, 60_000);

  it('at 1280 px the costs and the report stand side by side', async () => {
    await page.getByTestId('tab-money').click();
    await page.getByTestId('figure-output').waitFor();
    await page.setViewportSize({ width: 1280, height: 900 });
    const form = await page.getByTestId('cost-form').boundingBox();
    const report = await page.getByTestId('report').boundingBox();
    expect(report!.x).toBeGreaterThan(form!.x + form!.width - 1);
    await shot('manager-money-1280');
    await page.getByTestId('tab-devices').click();
    await page.getByTestId('house-gh2').locator('summary').click();
    await page.getByTestId('device-env-9').waitFor();
    await shot('manager-devices-1280');
    await page.setViewportSize(PHONE);
  }, 60_000);

  it('in English, without Chinese in the screens', async () => {
    await page.getByRole('button', { name: 'EN' }).click();
    await page.getByTestId('tab-devices').click();
    const form = page.getByTestId('register-device');
    await form.locator('select[name=zone]').selectOption('gh1');
    await form.locator('select[name=kind]').selectOption('substrate');
    await form.locator('input[name=device]').fill('sub-7');
    await form.locator('button[type=submit]').click();
    await page.getByTestId('credential-card').waitFor();
    await page
      .getByTestId('credential-card')
      .screenshot({ path: path.join(ARTIFACTS, 'manager-devices-card-en-360.png') });
    const uiText = async () =>
      page.evaluate<string>(`(() => {
        const main = document.querySelector('main').cloneNode(true);
        for (const data of main.querySelectorAll('.data')) data.remove();
        return main.innerText;
      })()`);
    let text = await uiText();
    expect(text).toContain('Device connection details');
    expect(text).toContain('The built-in MQTT broker listens on this PC only');
    expect(text.match(new RegExp(`${CHINESE_UI.source}.{0,20}`, 'g'))).toBeNull();
    await fitsThePhone();
    await shot('manager-devices-en-360');

    await page.getByTestId('tab-money').click();
    await page.getByTestId('figure-collective-income').waitFor();
    text = await uiText();
    expect(text).toContain("Collective's income");
    expect(text).toContain('Water');
    expect(text.match(new RegExp(`${CHINESE_UI.source}.{0,20}`, 'g'))).toBeNull();
    await fitsThePhone();
    await shot('manager-money-en-360');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('report-csv').click(),
    ]);
    const csv = await readFile(await download.path(), 'utf8');
    expect(csv.replace(/^\ufeff/, '').split('\r\n')[0]).toBe('Section,Item,Count,Amount (CNY)');
    expect(csv).toContain('Costs,Water,,350.50');
  }, 60_000);
});
