import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { BrowserContext, Page } from 'playwright-core';
import type { BatchDetailResponse, BatchResponse, BenchResponse, ZoneResponse } from '#contracts';
import { demoSeed, startTestApi, type DemoAccount, type TestApi } from './support/api-harness.js';
import {
  ARTIFACTS,
  CHINESE_UI,
  fitsThePhone,
  lanOrigin,
  logInOnPage,
  openLanBrowser,
  type LanBrowser,
} from './support/lan-browser.js';

/**
 * Issue 21 item 4 in real Chromium at 360 px (demo seed): the manager sets a house's bench area and
 * adds two benches to it on 棚室与苗床, sees the capacity calendar as % per house and week with the
 * germination room; the technician's move form offers those two benches, and the move keeps the
 * chosen one. Then the same screens in English and at 1280 px.
 */
describe('benches and capacity on a phone', () => {
  let api: TestApi;
  let lanBrowser: LanBrowser | undefined;
  let context: BrowserContext;
  let page: Page;
  let base: string;
  let manager: string;
  let boss: DemoAccount;
  let technician: DemoAccount;

  async function ok<T>(method: string, route: string, body?: unknown): Promise<T> {
    const answer = await api.request<T>(method, route, { token: manager, body });
    if (answer.status >= 300)
      throw new Error(`${method} ${route}: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body;
  }
  const shot = async (name: string) => {
    await page.evaluate('window.scrollTo(0, 0)');
    await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
  };
  const fits = () => fitsThePhone(page, '[data-testid=houses] button, [data-testid=houses] input');

  beforeAll(async () => {
    api = await startTestApi({ env: { DEMO_SEED: '1' } });
    base = lanOrigin(api.url);
    const { accounts } = await demoSeed(api);
    boss = accounts.find((a) => a.role === 'manager')!;
    technician = accounts.find((a) => a.role === 'technician')!;
    manager = await api.login(boss.phone, boss.password);
    lanBrowser = await openLanBrowser('benches');
    context = lanBrowser.context;
    page = await context.newPage();
  }, 120_000);

  afterAll(async () => {
    await lanBrowser?.close();
    await api?.close();
  }, 60_000);

  it('adds two benches to a house and the technician is offered them in the move form', async () => {
    await logInOnPage(page, base, boss, '/manager');
    await page.getByTestId('tab-msHouses').click();
    const house = page.getByTestId('house-gh2');
    await house.waitFor();
    // The demo's house holds 600 m² × 6.3 = 3,780 trays; 500 m² makes it 3,150.
    await expect(page.getByTestId('capacity-gh2').textContent()).resolves.toContain('3,780');
    await house.locator('input[name=benchAreaM2]').fill('500');
    await house.locator('[data-testid=capacity-form-gh2] button[type=submit]').click();
    await page.getByTestId('capacity-gh2').filter({ hasText: '3,150' }).waitFor();
    expect((await ok<ZoneResponse>('GET', '/api/zones/gh2')).benchAreaM2).toBe(500);

    for (const [name, area] of [
      ['A1', '24'],
      ['A2', ''],
    ]) {
      await house.getByTestId('bench-add-gh2').click();
      const add = house.getByTestId('bench-new');
      await add.locator('input[name=name]').fill(name);
      if (area) await add.locator('input[name=areaM2]').fill(area);
      await add.locator('input[name=boom]').fill('boom-1');
      await add.getByTestId('bench-new-save').click();
      await house.getByTestId(`bench-${name}`).waitFor();
    }
    // A2 gets its area afterwards, through its own form.
    await house.getByTestId('bench-A2-edit').click();
    await house.locator('[data-testid=bench-form-A2] input[name=areaM2]').fill('18.5');
    await house.getByTestId('bench-form-A2-save').click();
    await house.getByTestId('bench-A2').filter({ hasText: '18.5 m²' }).waitFor();
    const benches = await ok<BenchResponse[]>('GET', '/api/zones/gh2/benches');
    expect(benches.map(({ name, areaM2, boom }) => ({ name, areaM2, boom }))).toEqual([
      { name: 'A1', areaM2: 24, boom: 'boom-1' },
      { name: 'A2', areaM2: 18.5, boom: 'boom-1' },
    ]);
    await fits();
    await shot('manager-houses-360');

    // The capacity calendar: a row per house and the germination room, % per week.
    await page.getByTestId('tab-batches').click();
    const row = page.getByTestId('capacity-row-gh2');
    await row.waitFor();
    expect(await row.locator('td').count()).toBe(12);
    expect(await row.textContent()).toMatch(/\d+%/);
    await page.getByTestId('capacity-row-germination_room').waitFor();
    await shot('manager-capacity-360');

    // The technician moves trays of a demo batch to gh2, onto A2.
    await page.context().clearCookies();
    await page.evaluate('localStorage.clear()');
    await logInOnPage(page, base, technician, '/technician');
    const batch = (await ok<BatchResponse[]>('GET', '/api/batches')).find(
      (b) => b.zone !== 'gh2' && b.stage !== 'planned' && b.trays >= 10,
    )!;
    await page.getByTestId('tab-batches').click();
    await page.getByTestId(`batch-${batch.code}`).click();
    await page.getByTestId('action-move').click();
    await page.fill('[data-testid=form-move] input[name=trays]', '10');
    await page.selectOption('[data-testid=form-move] select[name=to]', 'gh2');
    const choice = page.getByTestId('bench-choice');
    await choice.waitFor();
    expect((await choice.locator('label').allTextContents()).map((text) => text.trim())).toEqual([
      'A1',
      'A2',
    ]);
    await page.getByTestId('move-bench-A2').click();
    await fitsThePhone(page, '.batch-records button, .batch-records select, .causes .cause');
    await shot('technician-move-benches-360');
    await page.getByTestId('entry-submit').click();
    await page.getByTestId('entry-notice').waitFor({ timeout: 15_000 });
    const moved = await ok<BatchDetailResponse>('GET', `/api/batches/${batch.id}`);
    expect(moved.locations).toEqual(expect.arrayContaining([{ zone: 'gh2', benches: 'A2', trays: 10 }]));
    expect(moved.history.at(-1)).toMatchObject({
      kind: 'move',
      to: 'gh2',
      benches: 'A2',
      benchIds: [benches[1]?.id],
    });
  }, 120_000);

  it('shows the houses and the capacity calendar in English without Chinese, and at 1280 px', async () => {
    await page.context().clearCookies();
    await page.evaluate('localStorage.clear()');
    await logInOnPage(page, base, boss, '/manager');
    await page.getByRole('button', { name: 'EN' }).click();
    const uiText = () =>
      page.evaluate<string>(`(() => {
        const main = document.querySelector('main').cloneNode(true);
        for (const data of main.querySelectorAll('.data, input')) data.remove();
        return main.innerText;
      })()`);
    await page.getByTestId('tab-msHouses').click();
    await page.getByTestId('house-gh2').waitFor();
    expect(await uiText()).not.toMatch(CHINESE_UI);
    await fits();
    await shot('manager-houses-360-en');
    await page.getByTestId('tab-batches').click();
    await page.getByTestId('capacity-row-gh2').waitFor();
    const calendar = (await page.getByTestId('capacity-calendar').innerText()) ?? '';
    expect(calendar).not.toMatch(CHINESE_UI);
    expect(calendar).toContain('Germination');
    await shot('manager-capacity-360-en');
    await page.setViewportSize({ width: 1280, height: 800 });
    await shot('manager-capacity-1280-en');
    await page.getByTestId('tab-msHouses').click();
    await page.getByTestId('house-gh2').waitFor();
    await shot('manager-houses-1280-en');
  }, 60_000);
});
