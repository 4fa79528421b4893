import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { BatchResponse, OrderResponse } from '#contracts';
import type { Page } from 'playwright-core';
import { startTestApi, TEST_ADMIN, type TestApi } from './support/api-harness.js';
import {
  ARTIFACTS,
  fitsThePhone,
  lanOrigin,
  logInOnPage,
  openLanBrowser,
  PHONE,
  type LanBrowser,
} from './support/lan-browser.js';

/**
 * The climate passport on the demo, from a phone under the office's LAN name: the manager delivers
 * peppers, opens the pepper batch from the batches table and reads its passport (the demo's past
 * days are data), follows the buyer's link as a phone that scanned the slip would, withdraws it,
 * and reads the panel again in English at 1280 px.
 */
describe('the climate passport in the dashboard', () => {
  let api: TestApi;
  let lanBrowser: LanBrowser | undefined;
  let page: Page;
  let pepper: BatchResponse;

  beforeAll(async () => {
    api = await startTestApi({ env: { DEMO_SEED: '1' } });
    const manager = await api.login(TEST_ADMIN.phone, TEST_ADMIN.password);
    const batches = (await api.request<BatchResponse[]>('GET', '/api/batches', { token: manager })).body;
    pepper = batches.find((b) => b.crop === 'pepper')!;
    const orders = (await api.request<OrderResponse[]>('GET', '/api/orders', { token: manager })).body;
    const line = orders
      .flatMap((o) => o.lines.map((l) => ({ order: o.id, line: l })))
      .find((l) => l.line.crop === 'pepper')!;
    const delivered = await api.request('POST', `/api/orders/${line.order}/deliveries`, {
      token: manager,
      body: { items: [{ lineId: line.line.id, quantity: 1000 }] },
    });
    expect(delivered.status).toBe(201);
    lanBrowser = await openLanBrowser('passport');
    page = await lanBrowser.context.newPage();
    await logInOnPage(page, lanOrigin(api.url), TEST_ADMIN, '/manager');
  }, 120_000);

  afterAll(async () => {
    await lanBrowser?.close();
    await api?.close();
  }, 60_000);

  const shot = (target: Page, name: string) =>
    target.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });

  it('opens the batch from the batches table and reads its passport, with the buyer link', async () => {
    await page.getByTestId('tab-batches').click();
    await page.getByRole('link', { name: pepper.code }).click();
    const panel = page.getByTestId('passport');
    await panel.getByTestId('passport-summary').waitFor();
    await expect(panel.textContent()).resolves.toContain('气候档案');
    // The demo's last three days are readings: the air was in range part of the time, not all 无数据.
    const airIn = await panel
      .locator('[data-testid=passport-summary] tr[data-metric=air_temp_c] [data-testid=share-in]')
      .textContent();
    expect(airIn).not.toBe('0%');
    expect(await panel.locator('[data-testid^=passport-piece-]').count()).toBeGreaterThanOrEqual(3);
    await fitsThePhone(page, '[data-testid=passport] button');
    await panel.scrollIntoViewIfNeeded();
    await shot(page, 'passport-manager-360');

    // The link a phone scans from the slip: no account, this batch only, fits the phone.
    const [linkPage] = await Promise.all([
      page.context().waitForEvent('page'),
      panel.getByTestId('passport-link').click(),
    ]);
    await linkPage.waitForLoadState();
    expect(linkPage.url()).toMatch(/^http:\/\/office\.lan:\d+\/api\/passports\/[A-Za-z0-9_-]{22}$/);
    await expect(linkPage.textContent('h1')).resolves.toContain('气候档案');
    await expect(linkPage.textContent('body')).resolves.toContain(pepper.code);
    expect(await linkPage.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(
      PHONE.width,
    );
    await shot(linkPage, 'passport-link-360');

    // Withdrawn: the panel says there is none, and the scanned link no longer opens the record.
    await panel.getByTestId('passport-revoke').click();
    await panel.getByTestId('passport-no-link').waitFor();
    await linkPage.reload();
    await expect(linkPage.textContent('h1')).resolves.toContain('此链接已失效');
    await linkPage.close();
  }, 60_000);

  it('reads in English at 1280 px', async () => {
    await page.evaluate("localStorage.setItem('yumiao.locale', 'en')");
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.reload();
    const panel = page.getByTestId('passport');
    await panel.getByTestId('passport-summary').waitFor();
    await expect(panel.textContent()).resolves.toContain('Climate record');
    await expect(panel.textContent()).resolves.toContain('Whole life');
    await panel.scrollIntoViewIfNeeded();
    await shot(page, 'passport-manager-1280-en');
  }, 60_000);
});
