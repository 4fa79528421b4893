import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { BrowserContext, Page } from 'playwright-core';
import { io, type Socket } from 'socket.io-client';
import {
  REQUEST_ID_HEADER,
  type BatchResponse,
  type LiveChange,
  type OrderHistoryEntry,
  type OrderResponse,
} from '#contracts';
import { waitFor } from '#testing';
import { startTestApi, type TestApi, type DemoAccount } from './support/api-harness.js';
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
 * The buyer's order on a phone (issue 19), in real Chromium at 360 px under a LAN name against the
 * api booted in-process with the demo seed: the catalogue before anything is filled in, an order of
 * two crops with pasted households and an impossible date taken at its earliest, the printable
 * confirmation, a cancellation before the cut-off with the deposit refunded, a replayed request,
 * a batch's stage pushed live, and a second buyer who sees none of it.
 */
const ISO_DAY = /\d{4}-\d{2}-\d{2}/;

const nurseryToday = () =>
  new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(Date.now());
const daysFromToday = (n: number) =>
  new Date(Date.parse(nurseryToday()) + n * 86_400_000).toISOString().slice(0, 10);

describe('the buyer orders from a phone', () => {
  let api: TestApi;
  let lanBrowser: LanBrowser | undefined;
  let context: BrowserContext;
  let page: Page;
  let base: string;
  let manager: string;
  let wangToken: string;
  let wang: DemoAccount;
  let chen: DemoAccount;
  let cucumber: BatchResponse;
  let placed: OrderResponse;

  async function as<T>(token: string, method: string, route: string, body?: unknown): Promise<T> {
    const answer = await api.request<T>(method, route, { token, body });
    if (answer.status >= 300)
      throw new Error(`${method} ${route}: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body;
  }

  beforeAll(async () => {
    api = await startTestApi({ env: { DEMO_SEED: '1' } });
    base = lanOrigin(api.url);
    const accounts = JSON.parse(
      await readFile(path.join(api.config.dataDir, 'demo-accounts.json'), 'utf8'),
    ) as DemoAccount[];
    const boss = accounts.find((a) => a.role === 'manager')!;
    [wang, chen] = accounts.filter((a) => a.role === 'buyer');
    manager = await api.login(boss.phone, boss.password);
    wangToken = await api.login(wang.phone, wang.password);
    const batches = await as<BatchResponse[]>(manager, 'GET', '/api/batches');
    cucumber = batches.find((b) => b.crop === 'cucumber' && b.stage === 'true_leaf')!;

    lanBrowser = await openLanBrowser('buyer');
    context = lanBrowser.context;
    // window.print() opens no dialog in a test: count the calls instead.
    await context.addInitScript('window.__printed = 0; window.print = () => { window.__printed += 1; };');
    page = await context.newPage();
  }, 120_000);

  afterAll(async () => {
    await lanBrowser?.close();
    await api?.close();
  }, 60_000);

  const shot = async (name: string) => {
    await page.evaluate('window.scrollTo(0, 0)');
    await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
  };
  const login = async (account: DemoAccount) => {
    await page.evaluate('localStorage.removeItem("yumiao.session")').catch(() => undefined);
    await page.goto(`${base}/login`);
    await page.fill('input[name=phone]', account.phone);
    await page.fill('input[name=password]', account.password);
    await page.click('button[type=submit]');
    await page.waitForURL('**/buyer');
  };
  const fitsThePhone = () =>
    fitsPhone(page, '.buyer button, .buyer select, .buyer input:not([type=checkbox])');
  /** Waits until the text of `read` contains `words` (the page updates by itself). */
  const showsText = (read: () => Promise<string | null>, words: string) =>
    waitFor(async () => ((await read()) ?? '').includes(words), { timeoutMs: 15_000, what: words });
  const line = (n: number) => page.getByTestId(`line-${n}`);
  const verdict = (n: number) => page.getByTestId(`line-${n}-verdict`);
  const outcome = async (n: number, expected: string) => {
    await waitFor(async () => (await verdict(n).getAttribute('data-outcome')) === expected, {
      timeoutMs: 15_000,
      what: `line ${n} ${expected}`,
    });
  };

  it('shows the catalogue, takes a two-crop order with pasted households and an earliest date, and prints it', async () => {
    await login(wang);
    // Before anything is filled in: every crop with its prices and earliest dates.
    const tomato = page.getByTestId('crop-tomato');
    await tomato.waitFor();
    await expect(tomato.getByTestId('price').textContent()).resolves.toContain('¥0.80/株');
    await expect(tomato.getByTestId('grafted-price').textContent()).resolves.toContain('¥1.60/株');
    await expect(tomato.getByTestId('earliest-sample').textContent()).resolves.toMatch(ISO_DAY);
    // 王书记 ordered 8,000 tomatoes in the demo: the earliest date for his quantity too.
    await expect(tomato.textContent()).resolves.toContain('你上次订的 8,000 株');
    await expect(tomato.getByTestId('earliest-last').textContent()).resolves.toMatch(ISO_DAY);
    await expect(page.getByTestId('catalogue').locator('.crop-card').count()).resolves.toBe(11);
    await fitsThePhone();
    await shot('buyer-catalogue-360');

    // Line 1: cucumbers from the growing batch, for three households pasted from a message.
    await page.getByTestId('pick-cucumber').click();
    await line(0).locator('input[name=date]').fill(cucumber.readyFrom);
    await line(0).locator('textarea[name=households]').fill('王大娘 800\n李二柱，700\n张三\t500');
    await expect(line(0).getByTestId('line-0-households').textContent()).resolves.toContain(
      '识别出 3 户，合计 2,000 株',
    );
    // A quantity out of range is refused before anything is sent.
    await line(0).locator('input[name=quantity]').fill('-5');
    await expect(line(0).getByTestId('line-0-problem').textContent()).resolves.toContain('数量要在');
    await line(0).locator('input[name=quantity]').fill('2000');
    await outcome(0, 'confirmed');

    // Line 2: cabbage in two weeks cannot be grown in time; the earliest date is offered, and taken.
    await page.getByTestId('add-line').click();
    await line(1).locator('select[name=crop]').selectOption('cabbage');
    await line(1).locator('input[name=quantity]').fill('20000');
    await line(1).locator('input[name=date]').fill(daysFromToday(14));
    await outcome(1, 'waitlisted');
    await expect(verdict(1).textContent()).resolves.toContain(`${daysFromToday(14)} 供不上这么多苗`);
    await expect(page.getByTestId('submit-order').isDisabled()).resolves.toBe(true);
    await fitsThePhone();
    await shot('buyer-impossible-360');
    const take = page.getByTestId('line-1-use-earliest');
    const earliest = /改到 (\d{4}-\d{2}-\d{2})/.exec((await take.textContent()) ?? '')![1];
    expect(earliest > daysFromToday(14)).toBe(true);
    await take.click();
    await expect(line(1).locator('input[name=date]').inputValue()).resolves.toBe(earliest);
    await outcome(1, 'confirmed');

    // Line 3: more cucumbers for late in the season (a sowing still to come: cancellable).
    await page.getByTestId('add-line').click();
    await line(2).locator('select[name=crop]').selectOption('cucumber');
    await line(2).locator('input[name=quantity]').fill('3000');
    await line(2).locator('input[name=date]').fill(daysFromToday(120));
    await outcome(2, 'confirmed');
    await fitsThePhone();
    await page.getByTestId('submit-order').click();

    const result = page.getByTestId('order-confirmation');
    await result.waitFor({ timeout: 15_000 });
    const text = (await result.textContent()) ?? '';
    expect(text).toContain(`2,000 株 已确认，${cucumber.readyFrom} 取苗`);
    expect(text).toContain(`20,000 株 已确认，${earliest} 取苗`);
    expect(text).toContain(`3,000 株 已确认，${daysFromToday(120)} 取苗`);
    const number = Number(await result.getAttribute('data-number'));
    placed = (await as<OrderResponse[]>(wangToken, 'GET', '/api/orders')).find((o) => o.number === number)!;
    expect(placed.lines.map((l) => [l.crop, l.quantity, l.confirmedDate])).toEqual([
      ['cucumber', 2000, cucumber.readyFrom],
      ['cabbage', 20000, earliest],
      ['cucumber', 3000, daysFromToday(120)],
    ]);
    expect(placed.lines[0].households.map((h) => h.name)).toEqual(['王大娘', '李二柱', '张三']);
    await shot('buyer-placed-360');

    // The printable confirmation: number, lines with households, dates, pickup place, deposit.
    await page.getByTestId('print-confirmation').click();
    const sheet = page.getByTestId('confirmation-sheet');
    await sheet.waitFor();
    const printed = (await sheet.textContent()) ?? '';
    for (const words of [
      `订单 ${number} 号`,
      '王大娘',
      '张三',
      earliest,
      '取苗地点',
      '交定金方式',
      '13800000001',
    ])
      expect(printed).toContain(words);
    await page.getByTestId('print-now').click();
    await expect(page.evaluate<number>('window.__printed')).resolves.toBe(1);
    await page.emulateMedia({ media: 'print' });
    await expect(page.locator('.catalogue-cards').isVisible()).resolves.toBe(false);
    await shot('buyer-confirmation-print');
    await page.emulateMedia({ media: 'screen' });
    await page.getByTestId('close-sheet').click();
  }, 120_000);

  it('cancels a line before the cut-off with the deposit refunded, and says to call after it', async () => {
    // The manager records the deposit paid at the office.
    await as(manager, 'POST', `/api/orders/${placed.id}/payments`, { amountFen: placed.depositFen });
    const card = page.getByTestId(`order-${placed.id}`);
    await showsText(() => card.textContent(), '已交');
    // The first line is served by a batch already sown: past the cut-off.
    await expect(card.getByTestId(`line-${placed.lines[0].id}-call`).textContent()).resolves.toContain(
      '请致电育苗场 13800000001',
    );
    const third = placed.lines[2].id;
    await card.getByTestId(`line-${third}-cancel`).click();
    await card.getByTestId(`line-${third}-cancel-confirm`).click();
    await expect(card.getByTestId('order-notice').textContent({ timeout: 15_000 })).resolves.toContain(
      '这一行已取消',
    );
    await card.getByTestId(`history-toggle-${placed.id}`).click();
    const history = card.getByTestId(`history-${placed.id}`);
    await showsText(() => history.textContent(), '退还定金');
    const after = await as<OrderResponse>(wangToken, 'GET', `/api/orders/${placed.id}`);
    expect(after.lines[2].status).toBe('cancelled');
    const refund = after.payments!.find((p) => p.amountFen < 0)!;
    expect(-refund.amountFen).toBe(placed.depositFen - after.depositFen);
    const entries = await as<OrderHistoryEntry[]>(wangToken, 'GET', `/api/orders/${placed.id}/history`);
    expect(entries.find((e) => e.action === 'order.deposit_on_cancel')?.details).toMatchObject({
      policy: 'refund',
      refundFen: -refund.amountFen,
    });
    // The api refuses the same buyer past the cut-off, naming the phone.
    const late = await api.request<{ code: string }>('POST', `/api/orders/${placed.id}/cancel`, {
      token: wangToken,
      body: { lineIds: [placed.lines[0].id] },
    });
    expect([late.status, late.body.code]).toEqual([409, 'CHANGE_CUTOFF_PASSED']);
    await fitsThePhone();
    await shot('buyer-orders-360');
  }, 60_000);

  it('places one order for a replayed request', async () => {
    const before = (await as<OrderResponse[]>(wangToken, 'GET', '/api/orders')).length;
    const send = () =>
      fetch(`${api.url}/api/orders`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${wangToken}`,
          [REQUEST_ID_HEADER]: 'buyer-replay-0123456789',
        },
        body: JSON.stringify({ lines: [{ crop: 'lettuce', quantity: 500, wantedDate: daysFromToday(90) }] }),
      }).then((r) => r.json() as Promise<OrderResponse>);
    const first = await send();
    const again = await send();
    expect(again.number).toBe(first.number);
    expect((await as<OrderResponse[]>(wangToken, 'GET', '/api/orders')).length).toBe(before + 1);
  });

  it('orders a variety at its own price and prints it on the confirmation (issue 21)', async () => {
    await as(manager, 'POST', '/api/crops/tomato/varieties', {
      name: '千禧',
      nameEn: 'Qianxi',
      overrides: { prices: [{ cells: 72, priceFen: 150, graftedPriceFen: null, ownSeedPriceFen: 110 }] },
    });
    await page.reload();
    const varieties = page.getByTestId('crop-tomato').getByTestId('varieties');
    await showsText(() => varieties.textContent(), '千禧 普通苗 ¥1.50/株');
    await page.getByTestId('pick-tomato').click();
    await line(0).locator('select[name=cultivar]').selectOption('千禧');
    await line(0).locator('input[name=quantity]').fill('1000');
    await line(0).locator('input[name=date]').fill(daysFromToday(90));
    await expect(page.getByTestId('line-0-price').textContent()).resolves.toContain('¥1.50/株');
    await line(0).locator('input[name=ownSeed]').check();
    await showsText(() => page.getByTestId('line-0-price').textContent(), '¥1.10/株');
    await line(0).locator('input[name=ownSeed]').uncheck();
    await outcome(0, 'confirmed');
    await showsText(() => verdict(0).textContent(), '¥1,500.00');
    await fitsThePhone();
    await page.getByTestId('submit-order').click();
    const result = page.getByTestId('order-confirmation');
    await showsText(() => result.textContent(), '番茄 千禧');
    const number = Number(await result.getAttribute('data-number'));
    const order = (await as<OrderResponse[]>(wangToken, 'GET', '/api/orders')).find(
      (o) => o.number === number,
    )!;
    expect(order.lines.map((l) => [l.crop, l.cultivar, l.priceFen, l.amountFen])).toEqual([
      ['tomato', '千禧', 150, 150_000],
    ]);
    await result.getByTestId('print-confirmation').click();
    await showsText(() => page.getByTestId('sheet-variety').textContent(), '千禧');
    await page.getByTestId('close-sheet').click();
  }, 60_000);

  it('shows a batch moving to hardening without a reload, to its buyer only', async () => {
    const connect = (token: string) =>
      new Promise<{ socket: Socket; changes: LiveChange[] }>((resolve, reject) => {
        const socket: Socket = io(api.url, {
          path: '/socket.io',
          transports: ['websocket'],
          auth: { token },
        });
        const changes: LiveChange[] = [];
        socket.on('batch.changed', (change: LiveChange) => changes.push(change));
        socket.on('live.hello', () => resolve({ socket, changes }));
        socket.on('connect_error', reject);
      });
    const other = await connect(await api.login(chen.phone, chen.password));
    const progress = page.getByTestId(`line-${placed.lines[0].id}`).getByTestId('batch-progress');
    await expect(progress.first().textContent()).resolves.toContain('真叶期');
    await as(manager, 'POST', `/api/batches/${cucumber.id}/stages`, { stage: 'hardening' });
    await showsText(() => progress.first().textContent(), '炼苗中');
    // The other buyer's socket heard nothing of a batch that serves none of his lines.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(other.changes).toEqual([]);
    other.socket.disconnect();
    await shot('buyer-live-360');
  }, 60_000);

  it('shows a second buyer none of it', async () => {
    await login(chen);
    await page.getByTestId('my-orders').locator('.buyer-order').first().waitFor();
    const text = (await page.getByTestId('my-orders').textContent()) ?? '';
    expect(text).not.toContain(`订单 ${placed.number} 号`);
    expect(text).not.toContain('王大娘');
    expect(await page.getByTestId('crop-tomato').textContent()).not.toContain('8,000');
    await shot('buyer-second-360');
  }, 60_000);

  it('lays the form and the orders side by side at 1280 px, and reads in English', async () => {
    await login(wang);
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.getByTestId(`order-${placed.id}`).waitFor();
    const form = (await page.getByTestId('order-form').boundingBox())!;
    const orders = (await page.getByTestId('my-orders').boundingBox())!;
    expect(orders.x).toBeGreaterThan(form.x + form.width - 1);
    expect(Math.abs(orders.y - form.y)).toBeLessThan(40);
    await shot('buyer-1280');

    await page.setViewportSize(PHONE);
    await page.getByRole('button', { name: 'EN' }).click();
    await page.getByTestId(`history-toggle-${placed.id}`).click();
    await page.getByTestId(`history-${placed.id}`).locator('li').first().waitFor();
    const uiText = await page.evaluate<string>(`(() => {
      const main = document.querySelector('main').cloneNode(true);
      for (const data of main.querySelectorAll('.data')) data.remove();
      return main.innerText;
    })()`);
    expect(uiText).toContain('What you can order');
    expect(uiText).toContain('refunded');
    expect(uiText.match(new RegExp(`${CHINESE_UI.source}.{0,20}`, 'g'))).toBeNull();
    await fitsThePhone();
    await shot('buyer-360-en');
  }, 60_000);
});
