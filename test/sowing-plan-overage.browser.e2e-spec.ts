import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import type { BatchResponse, CropSeasonOverage, SowingPlanOverageResponse } from '#contracts';
import { startTestApi, type DemoAccount, type TestApi } from './support/api-harness.js';
import {
  ARTIFACTS,
  CHINESE_UI,
  fitsThePhone,
  lanOrigin,
  logInOnPage,
  openLanBrowser,
  type LanBrowser,
} from './support/lan-browser.js';

const nurseryToday = () =>
  new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(Date.now());

const pct = (share: number | null) => (share === null ? '—' : `${Math.round(share * 1000) / 10}%`);

/**
 * The technician's sowing plan shows, beside a planned tomato sowing, the catalogue's loss and the
 * loss of three tomato batches closed this season, and says the history is used: in Chinese and in
 * English, at 360 px.
 */
describe('the sowing plan shows the overage it sizes with', () => {
  let api: TestApi;
  let lanBrowser: LanBrowser | undefined;
  let page: Page;
  let manager: string;
  let technician: DemoAccount;
  let row: CropSeasonOverage;

  async function ok<T>(method: string, route: string, body?: unknown): Promise<T> {
    const answer = await api.request<T>(method, route, { token: manager, body });
    if (answer.status >= 300)
      throw new Error(`${method} ${route}: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body;
  }

  beforeAll(async () => {
    api = await startTestApi({ env: { DEMO_SEED: '1' } });
    const accounts = JSON.parse(
      await readFile(path.join(api.config.dataDir, 'demo-accounts.json'), 'utf8'),
    ) as DemoAccount[];
    technician = accounts.find((a) => a.role === 'technician')!;
    const boss = accounts.find((a) => a.role === 'manager')!;
    manager = await api.login(boss.phone, boss.password);

    // Three tomato batches of this season, each 600 of 720 cells up and 50 culled, closed.
    for (let n = 0; n < 3; n += 1) {
      const batch = await ok<BatchResponse>('POST', '/api/batches', {
        crop: 'tomato',
        zone: 'gh2',
        trays: 10,
        sowDate: nurseryToday(),
      });
      await ok('POST', `/api/batches/${batch.id}/counts`, { emerged: 600 });
      await ok('POST', `/api/batches/${batch.id}/counts`, { culled: 50, cullReason: 'damping-off' });
      await ok('POST', `/api/batches/${batch.id}/stages`, { stage: 'sold_out' });
    }
    await ok('POST', '/api/batches', {
      crop: 'tomato',
      zone: 'gh2',
      trays: 100,
      stage: 'planned',
      sowDate: nurseryToday(),
    });
    const answer = await ok<SowingPlanOverageResponse>('GET', '/api/sowing-plan/overage');
    row = answer.crops.find((c) => c.crop === 'tomato' && c.plannedSowings > 0)!;
    expect(row).toMatchObject({ basis: 'season', reason: 'history' });

    lanBrowser = await openLanBrowser('overage');
    page = await lanBrowser.context.newPage();
  }, 120_000);

  afterAll(async () => {
    await lanBrowser?.close();
    await api?.close();
  }, 60_000);

  it('shows the catalogue and the history side by side, the history used, in both languages', async () => {
    const base = lanOrigin(api.url);
    await logInOnPage(page, base, technician, '/technician');
    await page.getByTestId('tab-plan').click();
    const card = page.getByTestId(`overage-tomato-${row.season}`);
    await card.waitFor();
    expect(await card.getAttribute('data-basis')).toBe('season');
    const text = (await card.textContent()) ?? '';
    expect(text).toContain('目录默认');
    expect(text).toContain(`损耗 ${pct(row.catalogue.lossShare)}，多播 ${pct(row.catalogue.overage)}`);
    expect(text).toContain(`（${row.seasonHistory?.batches} 批）`);
    expect(text).toContain(
      `猝倒病 ${pct(row.seasonHistory?.causes.find((c) => c.cause === 'damping-off')?.share ?? null)}`,
    );
    expect(text).toContain('未出苗或不达标');
    expect(await page.getByTestId(`overage-used-tomato-${row.season}`).textContent()).toBe(
      `采用本季历史：损耗 ${pct(row.used.lossShare)}，多播 ${pct(row.used.overage)}`,
    );
    await fitsThePhone(page, '.sub-tabs a, .work-item');
    await page.screenshot({ path: path.join(ARTIFACTS, 'sowing-plan-overage-360.png'), fullPage: true });

    await page.getByRole('button', { name: 'EN' }).click();
    await page.getByText('Catalogue default').first().waitFor();
    const english = (await page.getByTestId('plan-overage').innerText()) ?? '';
    expect(english).not.toMatch(CHINESE_UI);
    expect(english).toContain(`This season's history used: ${pct(row.used.lossShare)} lost`);
    expect(english).toContain('Damping-off');
    await page.screenshot({ path: path.join(ARTIFACTS, 'sowing-plan-overage-360-en.png'), fullPage: true });
    await page.getByRole('button', { name: '中文' }).click();
  }, 60_000);
});
