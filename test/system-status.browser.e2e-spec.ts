import path from 'node:path';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { waitFor } from '#testing';
import { SystemEventsService } from '../apps/api/src/system/system-events.service.js';
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
import { readZip } from './support/zip.js';

/**
 * The manager's 系统状态 card (issue 23 item 5) on a phone under a LAN name: the banner on every tab
 * while something needs doing, the advice in plain words, a backup taken from the card, a full disk
 * put first, the diagnostics zip downloaded, the English page, and the 1280 px layout.
 */
describe('the manager reads the system status and sends diagnostics from a phone', () => {
  let api: TestApi;
  let lanBrowser: LanBrowser | undefined;
  let page: Page;

  beforeAll(async () => {
    api = await startTestApi({ env: { ENGINEER_PHONE: '13812345678' } });
    lanBrowser = await openLanBrowser('status', { acceptDownloads: true });
    page = await lanBrowser.context.newPage();
    await logInOnPage(page, lanOrigin(api.url), TEST_ADMIN, '/manager');
  }, 120_000);

  afterAll(async () => {
    await lanBrowser?.close();
    await api?.close();
  }, 60_000);

  const shot = (name: string) =>
    page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
  const card = () => page.getByTestId('system-status');
  const fits = () => fitsThePhone(page, '.system-status button, .status-banner');

  it('points to the card from the order book and says there is no backup yet, with what to do', async () => {
    const banner = page.getByTestId('system-status-banner');
    await expect(banner.textContent({ timeout: 15_000 })).resolves.toBe(
      '系统状态：需要处理。点这里看要做什么。',
    );
    await fits();
    await banner.click();
    await expect(card().getAttribute('data-overall')).resolves.toBe('warning');
    await expect(card().locator('[data-advice=noBackupYet]').textContent()).resolves.toBe(
      '还没有备份。今晚 02:30 会自动备份，也可以现在点“立即备份”。',
    );
    await expect(page.getByTestId('status-engineer').textContent()).resolves.toBe('13812345678');
    await expect(page.getByTestId('status-disk-data').textContent()).resolves.toMatch(
      /^已用 \d+%，剩 [\d.]+ (GB|MB)/,
    );
    await expect(page.getByTestId('status-database').textContent()).resolves.toBe('正常（外部）');
    await fits();
    await shot('system-status-no-backup-360');
  }, 60_000);

  it('takes a backup from the card, after which all is well and the banner is gone', async () => {
    await page.getByTestId('backup-now').click();
    await expect(page.getByTestId('backup-now-result').textContent({ timeout: 30_000 })).resolves.toMatch(
      /^备份完成：\d+ (KB|MB)，用时 \d+ 秒$/,
    );
    await page.getByTestId('status-all-well').waitFor();
    await expect(card().getAttribute('data-overall')).resolves.toBe('ok');
    await expect(page.getByTestId('status-last-backup').textContent()).resolves.toContain('yumiao-');
    await page.getByTestId('tab-orderBook').click();
    expect(await page.getByTestId('system-status-banner').count()).toBe(0);
    await page.getByTestId('tab-systemStatus').click();
    await shot('system-status-ok-360');
  }, 90_000);

  it('puts a nearly full disk first, marked urgent, naming the engineer to call', async () => {
    const events = api.app.get(SystemEventsService);
    const id = await events.open('disk-low', 'dropped 2 raw-reading partitions', { level: 'critical' });
    try {
      await page.getByRole('button', { name: '刷新' }).click();
      await waitFor(async () => (await card().getAttribute('data-overall')) === 'critical', {
        what: 'the card to turn critical',
      });
      await expect(card().locator('.status-advice li').first().textContent()).resolves.toBe(
        '电脑硬盘快满了，系统正在删除最旧的原始读数来腾地方。请马上联系工程师（电话 13812345678）。',
      );
      await fits();
      await shot('system-status-disk-critical-360');
    } finally {
      await events.end(id);
    }
  }, 60_000);

  it('downloads the diagnostics zip for WeChat', async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('download-diagnostics').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^yumiao-diagnostics-\d{8}-\d{4}\.zip$/);
    const entries = await readZip(await readFile(await download.path()));
    expect(entries.has('status.json')).toBe(true);
    expect(entries.has('settings.json')).toBe(true);
  }, 60_000);

  it('reads in careful English, and lays out at 1280 px', async () => {
    await page.getByRole('button', { name: '刷新' }).click();
    await page.getByRole('button', { name: 'EN' }).click();
    await page.getByTestId('status-all-well').waitFor();
    const text = (await card().textContent()) ?? '';
    expect(text).toContain('Everything is working. Nothing to do.');
    expect(text).toContain('Download diagnostics');
    expect(text).not.toMatch(CHINESE_UI);
    await fits();
    await shot('system-status-en-360');
    await page.setViewportSize({ width: 1280, height: 900 });
    await expect(page.evaluate<number>('document.documentElement.scrollWidth')).resolves.toBeLessThanOrEqual(
      1280,
    );
    await shot('system-status-en-1280');
    await page.getByRole('button', { name: '中文' }).click();
    await shot('system-status-1280');
  }, 60_000);
});
