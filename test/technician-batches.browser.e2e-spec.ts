import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { BrowserContext, Page } from 'playwright-core';
import type { BatchDetailResponse, BatchResponse, BuyerResponse, OrderResponse } from '#contracts';
import { startTestApi, type TestApi, type DemoAccount } from './support/api-harness.js';
import {
  ARTIFACTS,
  CHINESE_UI,
  fitsThePhone as fitsPhone,
  lanOrigin,
  openLanBrowser,
  type LanBrowser,
} from './support/lan-browser.js';

/**
 * The technician's day on a phone (issue 18 items 1 and 2): 今日工作, the sowing plan and the
 * records on a batch, walked in real Chromium at 360 px under a LAN name against the api booted
 * in-process with the demo seed; each entry is checked on the server through the GET routes.
 */
/** Chinese characters and full-width punctuation: none may show on an English page. */

const nurseryToday = () =>
  new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(Date.now());
const daysAgo = (n: number) =>
  new Date(Date.parse(nurseryToday()) - n * 86_400_000).toISOString().slice(0, 10);

describe('the technician records on batches from a phone', () => {
  let api: TestApi;
  let lanBrowser: LanBrowser | undefined;
  let context: BrowserContext;
  let page: Page;
  let base: string;
  let manager: string;
  let technician: DemoAccount;
  let planned: BatchResponse;
  let cabbage: BatchResponse;
  let cucumber: BatchResponse;
  let rootstock: BatchResponse;
  let scion: BatchResponse;
  let cucumberOrder: OrderResponse;

  async function ok<T>(method: string, route: string, body?: unknown): Promise<T> {
    const answer = await api.request<T>(method, route, { token: manager, body });
    if (answer.status >= 300)
      throw new Error(`${method} ${route}: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body;
  }
  const batch = (id: string) => ok<BatchDetailResponse>('GET', `/api/batches/${id}`);

  beforeAll(async () => {
    api = await startTestApi({ env: { DEMO_SEED: '1' } });
    base = lanOrigin(api.url);
    const accounts = JSON.parse(
      await readFile(path.join(api.config.dataDir, 'demo-accounts.json'), 'utf8'),
    ) as DemoAccount[];
    const boss = accounts.find((a) => a.role === 'manager')!;
    technician = accounts.find((a) => a.role === 'technician')!;
    manager = await api.login(boss.phone, boss.password);

    // The sowing plan holds a tomato sowing for today; the demo's cabbage, sown 3 days ago, is due
    // its emergence count; an order takes all but 200 of the cucumbers, so a cull of 500 leaves it
    // 300 short; two watermelon batches wait to be grafted, the scion at its true leaf.
    planned = await ok('POST', '/api/batches', {
      crop: 'tomato',
      zone: 'gh2',
      trays: 345,
      cells: 72,
      stage: 'planned',
      sowDate: nurseryToday(),
    });
    const demo = await ok<BatchResponse[]>('GET', '/api/batches');
    cabbage = demo.find((b) => b.crop === 'cabbage' && b.stage === 'germinating')!;
    cucumber = demo.find((b) => b.crop === 'cucumber' && b.stage === 'true_leaf')!;
    const [buyer] = await ok<BuyerResponse[]>('GET', '/api/buyers');
    const order = (cucumberOrder = await ok<OrderResponse>('POST', '/api/orders', {
      buyerId: buyer.id,
      lines: [{ crop: 'cucumber', quantity: cucumber.free - 200, wantedDate: cucumber.readyFrom }],
    }));
    // Served from the cucumber batch, nothing missing (in production: the batch is growing).
    expect(order.lines[0]).toMatchObject({ status: 'in_production', missing: 0 });
    rootstock = await ok('POST', '/api/batches', {
      crop: 'watermelon',
      cultivar: 'RS-1',
      zone: 'gh1',
      trays: 40,
      sowDate: daysAgo(12),
    });
    scion = await ok('POST', '/api/batches', {
      crop: 'watermelon',
      cultivar: 'JX-2',
      grafted: true,
      zone: 'gh1',
      trays: 40,
      sowDate: daysAgo(8),
    });
    await ok('POST', `/api/batches/${scion.id}/stages`, { stage: 'true_leaf' });

    lanBrowser = await openLanBrowser('tech');
    context = lanBrowser.context;
    page = await context.newPage();
  }, 120_000);

  afterAll(async () => {
    await lanBrowser?.close();
    await api?.close();
  }, 60_000);

  const shot = async (name: string) => {
    // A full-page shot of a scrolled page draws the sticky header where the view stood.
    await page.evaluate('window.scrollTo(0, 0)');
    await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
  };
  const tab = (name: 'today' | 'plan' | 'batches') => page.getByTestId(`tab-${name}`).click();
  /** The entry's answer on screen: what was recorded and what it did to the orders. */
  const notice = async () => (await page.getByTestId('entry-notice').textContent({ timeout: 15_000 })) ?? '';

  const fitsThePhone = () =>
    fitsPhone(
      page,
      '.sub-tabs a, .work-item, .batch-records button, .batch-records select, .batch-records input:not([type=radio]), .causes .cause',
    );

  it('walks today’s work at 360 px: sows, counts, culls, moves, grafts and counts survival', async () => {
    await page.goto(`${base}/login`);
    await page.fill('input[name=phone]', technician.phone);
    await page.fill('input[name=password]', technician.password);
    await page.click('button[type=submit]');
    await page.waitForURL('**/technician');

    // 今日工作: the planned sowing in words, the emergence count due, the graft waiting.
    await tab('today');
    const sow = page.getByTestId(`work-sow-${planned.code}`);
    await expect(sow.textContent()).resolves.toContain('播种 345 盘 72 孔 番茄');
    await page.getByTestId(`work-countEmergence-${cabbage.code}`).waitFor();
    await page.getByTestId(`work-graft-${scion.code}`).waitFor();
    await fitsThePhone();
    await shot('technician-today-360');

    await tab('plan');
    await page.getByTestId(`plan-${planned.code}`).waitFor();
    await shot('technician-plan-360');

    // Sow the planned batch with the trays and the seed lot used.
    await tab('today');
    await sow.click();
    await page.fill('[data-testid=form-sow] input[name=trays]', '340');
    await page.fill('[data-testid=form-sow] input[name=seedLot]', 'TM-2027-014');
    await page.fill('[data-testid=form-sow] input[name=germinationPct]', '92');
    await fitsThePhone();
    await page.getByTestId('entry-submit').click();
    expect(await notice()).toContain('已记录：播种');
    const sown = await batch(planned.id);
    expect(sown).toMatchObject({ stage: 'sown', trays: 340, cells: 72, seedLot: 'TM-2027-014' });
    expect(sown.emergePct).toBeCloseTo(0.92);

    // The emergence count.
    await tab('today');
    await page.getByTestId(`work-countEmergence-${cabbage.code}`).click();
    await page.fill('[data-testid=form-counts] input[name=emerged]', '23000');
    await page.getByTestId('entry-submit').click();
    expect(await notice()).toContain('已记录：计数');
    expect((await batch(cabbage.id)).emerged).toBe(23_000);

    // 500 seedlings culled for damping-off: the cucumber order falls short (500 culled cost 450
    // saleable seedlings at the crop's 90 % saleable, 200 of which were free: 250 missing).
    await tab('batches');
    await page.getByTestId(`batch-${cucumber.code}`).click();
    await page.getByTestId('action-cull').click();
    await page.fill('[data-testid=form-cull] input[name=culled]', '500');
    await page.getByTestId('cause-damping-off').click();
    await fitsThePhone();
    await shot('technician-cull-form-360');
    await page.getByTestId('entry-submit').click();
    const answer = await notice();
    const { missing } = (await ok<OrderResponse>('GET', `/api/orders/${cucumberOrder.id}`)).lines[0];
    expect(missing).toBeGreaterThan(0);
    expect(answer).toContain(`1 个订单缺苗：${missing.toLocaleString('zh-CN')} 株`);
    const culled = await batch(cucumber.id);
    expect(culled.culled).toBe(500);
    expect(culled.history.at(-1)).toMatchObject({ kind: 'count', culled: 500, cullReason: 'damping-off' });
    await shot('technician-cull-360');

    // Part of the trays to greenhouse 2: one batch in two places, the shortfall still on its page.
    await page.getByTestId('action-move').click();
    await page.fill('[data-testid=form-move] input[name=trays]', '50');
    await page.selectOption('[data-testid=form-move] select[name=to]', 'gh2');
    await page.fill('[data-testid=form-move] input[name=benches]', 'B4');
    // gh2 holds the tomato sown above (germinating, nights 20-24 °C) and the demo's hardening pepper
    // (nights 12-15 °C): no night suits all three, and the form says so before the move.
    const clash = (await page.getByTestId('climate-clash').textContent()) ?? '';
    expect(clash).toContain('温度要求没有重叠');
    expect(clash).toMatch(/黄瓜 真叶期 白天 24–28 °C \/ 夜间 14–16 °C/);
    await page.getByTestId('entry-submit').click();
    expect(await notice()).toContain('已记录：移盘');
    await expect(page.getByTestId('batch-short').textContent()).resolves.toContain('1 个缺苗');
    await expect(page.getByTestId('batch-locations').textContent()).resolves.toContain(
      '2号育苗棚 B4 · 50 盘',
    );
    // Where it stood: the germination room it was sown into, its house, then the two places.
    const stood = (await page.getByTestId('batch-stays').textContent()) ?? '';
    expect(stood).toContain('催芽室');
    expect(stood).toContain('2号育苗棚 B4 · 50 盘');
    expect(stood).toContain('至今');
    expect((await batch(cucumber.id)).locations).toEqual([
      { zone: 'gh3', benches: null, trays: cucumber.trays - 50 },
      { zone: 'gh2', benches: 'B4', trays: 50 },
    ]);
    await fitsThePhone();
    await shot('technician-move-360');

    // The scion grafted on the rootstock from today's list, then its survival after healing.
    await tab('today');
    await page.getByTestId(`work-graft-${scion.code}`).click();
    await page.selectOption('[data-testid=form-graft] select[name=rootstock]', rootstock.id);
    await page.fill('[data-testid=form-graft] input[name=count]', '1500');
    await page.getByTestId('entry-submit').click();
    expect(await notice()).toContain('已记录：嫁接');
    const grafted = await batch(scion.id);
    expect(grafted).toMatchObject({ grafted: true, rootstockBatchId: rootstock.id, stage: 'grafted' });
    expect(grafted.history.at(-1)).toMatchObject({
      kind: 'graft',
      count: 1500,
      rootstockCode: rootstock.code,
    });
    expect((await batch(rootstock.id)).history.at(-1)).toMatchObject({
      kind: 'graft',
      scionCode: scion.code,
    });

    await page.getByTestId('action-survival').click();
    await page.fill('[data-testid=form-survival] input[name=survived]', '1410');
    await page.getByTestId('entry-submit').click();
    expect(await notice()).toContain('已记录：成活');
    expect((await batch(scion.id)).survived).toBe(1410);
    await fitsThePhone();
    await shot('technician-graft-360');
  }, 90_000);

  it('shows the same screens in English without Chinese, and at 1280 px', async () => {
    await page.getByRole('button', { name: 'EN' }).click();
    /** The UI text of the page's main part, less what people typed or are called (names, notes). */
    const uiText = () =>
      page.evaluate<string>(`(() => {
        const main = document.querySelector('main').cloneNode(true);
        for (const data of main.querySelectorAll('.data')) data.remove();
        return main.innerText;
      })()`);

    await tab('today');
    await page.getByTestId('today-work').waitFor();
    expect(await uiText()).not.toMatch(CHINESE_UI);
    expect(await uiText()).toContain("Today's work");
    await fitsThePhone();
    await shot('technician-today-360-en');

    await tab('plan');
    await page.getByTestId('sowing-plan').waitFor();
    expect(await uiText()).not.toMatch(CHINESE_UI);

    await tab('batches');
    await page.getByTestId(`batch-${cucumber.code}`).click();
    await page.getByTestId('action-cull').click();
    await page.getByTestId('cause-damping-off').waitFor();
    const text = await uiText();
    expect(text).not.toMatch(CHINESE_UI);
    expect(text).toContain('Damping-off');
    expect(text).toContain('1 order served by this batch is short');
    await fitsThePhone();
    await shot('technician-batch-360-en');
    await page.getByTestId('action-move').click();
    expect(await uiText()).not.toMatch(CHINESE_UI);

    await page.setViewportSize({ width: 1280, height: 900 });
    await fitsThePhone();
    await shot('technician-batch-1280-en');
    await page.getByRole('button', { name: '中文' }).click();
    await tab('today');
    await page.getByTestId('today-work').waitFor();
    await fitsThePhone();
    await shot('technician-today-1280');
  }, 60_000);
});
