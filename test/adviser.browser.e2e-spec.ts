import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { BatchResponse } from '#contracts';
import type { Page } from 'playwright-core';
import { startTestApi, TEST_ADMIN, type TestApi } from './support/api-harness.js';
import {
  ARTIFACTS,
  CHINESE_UI,
  fitsThePhone,
  lanOrigin,
  logInOnPage,
  openLanBrowser,
  type LanBrowser,
} from './support/lan-browser.js';

const EXPERT = { phone: '13700000311', name: '刘专家' };

/**
 * The adviser (顾问, issue 20 item 1) on a phone under a LAN name: the manager adds the account,
 * the expert chooses a password and lands on 顾问, reads the growing batches and the alarm history,
 * finds no control that changes them (observations are written on their own tab:
 * observations.browser.e2e-spec.ts), and reads the page in English; the 1280 px layout too.
 */
describe('the visiting expert reads the nursery from a phone', () => {
  let api: TestApi;
  let lanBrowser: LanBrowser | undefined;
  let page: Page;
  let batches: BatchResponse[];

  beforeAll(async () => {
    api = await startTestApi({ env: { DEMO_SEED: '1' } });
    const manager = await api.login(TEST_ADMIN.phone, TEST_ADMIN.password);
    const created = await api.request<{ password: string }>('POST', '/api/users', {
      token: manager,
      body: { ...EXPERT, role: 'adviser' },
    });
    expect(created.status).toBe(201);
    const own = await api.ownPassword(EXPERT.phone, created.body.password);
    batches = (await api.request<BatchResponse[]>('GET', '/api/batches', { token: manager })).body;
    lanBrowser = await openLanBrowser('adviser');
    page = await lanBrowser.context.newPage();
    await logInOnPage(page, lanOrigin(api.url), { phone: EXPERT.phone, password: own }, '/adviser');
  }, 120_000);

  afterAll(async () => {
    await lanBrowser?.close();
    await api?.close();
  }, 60_000);

  const shot = (name: string) =>
    page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });

  it('reads the growing batches, live, with no button that writes', async () => {
    await page.getByTestId('connection').and(page.locator('[data-state=live]')).waitFor();
    await page.getByTestId('tab-batches').click();
    const growing = batches.filter((b) => !['planned', 'sold_out', 'culled', 'over_aged'].includes(b.stage));
    expect(growing.length).toBeGreaterThan(0);
    for (const batch of growing)
      await expect(page.getByTestId(`adviser-batch-${batch.code}`).textContent()).resolves.toContain(
        batch.code,
      );
    expect(await page.getByTestId('adviser-batches').locator('button, form, input').count()).toBe(0);
    await fitsThePhone(page, '[data-testid=adviser-tabs] a');
    await shot('adviser-batches-360');
  }, 60_000);

  it('reads the alarm history and the houses’ curves', async () => {
    await page.getByTestId('tab-alarms').click();
    await page.getByTestId('alarm-history').waitFor();
    await page.getByTestId('tab-history').click();
    await page.getByTestId('history-csv').waitFor();
    await fitsThePhone(page, '[data-testid=adviser-tabs] a');
    await shot('adviser-history-360');
  }, 60_000);

  it('is refused the other pages, as the api refuses their data', async () => {
    await page.goto(`${lanOrigin(api.url)}/manager`);
    await page.getByTestId('forbidden').waitFor();
    await page.goto(`${lanOrigin(api.url)}/adviser/batches`);
    await page.getByTestId('adviser-batches').waitFor();
  }, 60_000);

  it('reads in English with no Chinese in its own words, and lays out at 1280 px', async () => {
    await page.getByRole('button', { name: 'EN' }).click();
    await page.getByTestId('tab-batches').click();
    await page.getByRole('heading', { name: 'Batches growing' }).waitFor();
    // The data (house names, the expert's own name) stays as entered; 中文 switches back.
    const words = await page.evaluate<string>(`(() => {
      const main = document.body.cloneNode(true);
      for (const data of main.querySelectorAll('.data, .who, header button')) data.remove();
      return main.innerText;
    })()`);
    expect(words).not.toMatch(CHINESE_UI);
    await page.setViewportSize({ width: 1280, height: 800 });
    await fitsThePhone(page, '[data-testid=adviser-tabs] a');
    await shot('adviser-batches-1280-en');
  }, 60_000);
});
