import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { BatchResponse, ObservationResponse } from '#contracts';
import type { Page } from 'playwright-core';
import { waitFor } from '#testing';
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

const EXPERT = { phone: '13700000511', name: '刘专家' };
const TECHNICIAN = { phone: '13700000512', name: '王技术员' };

/** A PNG of width × height, green with a stripe, made here (the phone's camera stands in). */
function png(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  const row = Buffer.alloc(1 + width * 3);
  for (let x = 0; x < width; x++) row.set(x % 200 < 100 ? [40, 140, 60] : [200, 180, 40], 1 + x * 3);
  const pixels = Buffer.concat(Array.from({ length: height }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(pixels)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Width and height from a JPEG's start-of-frame segment. */
function jpegSize(bytes: Buffer): { width: number; height: number } {
  let at = 2;
  while (at < bytes.length) {
    const marker = bytes[at + 1];
    const length = bytes.readUInt16BE(at + 2);
    if (marker >= 0xc0 && marker <= 0xc3)
      return { height: bytes.readUInt16BE(at + 5), width: bytes.readUInt16BE(at + 7) };
    at += 2 + length;
  }
  throw new Error('no frame in the JPEG');
}

/**
 * Issue 25 item 6 in the browser: the adviser on a phone writes a recommendation on a batch with a
 * photo the page shrinks before upload; a technician sees it in 今日工作 with the photo and marks it
 * done; then the same in English at 1280 px, the note reaching the open 今日工作 over the socket.
 */
describe('the adviser writes, the technician marks done', () => {
  let api: TestApi;
  let expertBrowser: LanBrowser | undefined;
  let technicianBrowser: LanBrowser | undefined;
  let expert: Page;
  let technician: Page;
  let batch: BatchResponse;
  let manager: string;

  async function account(who: { phone: string; name: string }, role: string): Promise<string> {
    const created = await api.request<{ password: string }>('POST', '/api/users', {
      token: manager,
      body: { ...who, role },
    });
    expect(created.status).toBe(201);
    return api.ownPassword(who.phone, created.body.password);
  }

  beforeAll(async () => {
    api = await startTestApi({ env: { DEMO_SEED: '1' } });
    manager = await api.login(TEST_ADMIN.phone, TEST_ADMIN.password);
    const expertPassword = await account(EXPERT, 'adviser');
    const technicianPassword = await account(TECHNICIAN, 'technician');
    const batches = (await api.request<BatchResponse[]>('GET', '/api/batches', { token: manager })).body;
    batch = batches.find((b) => !['planned', 'sold_out', 'culled', 'over_aged'].includes(b.stage))!;
    expertBrowser = await openLanBrowser('observations-adviser');
    technicianBrowser = await openLanBrowser('observations-technician');
    expert = await expertBrowser.context.newPage();
    technician = await technicianBrowser.context.newPage();
    const base = lanOrigin(api.url);
    await logInOnPage(expert, base, { phone: EXPERT.phone, password: expertPassword }, '/adviser');
    await logInOnPage(
      technician,
      base,
      { phone: TECHNICIAN.phone, password: technicianPassword },
      '/technician',
    );
  }, 120_000);

  afterAll(async () => {
    await expertBrowser?.close();
    await technicianBrowser?.close();
    await api?.close();
  }, 60_000);

  const shot = (page: Page, name: string) =>
    page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });

  async function write(kind: 'observation' | 'recommendation', text: string): Promise<void> {
    await expert.getByTestId('tab-observations').click();
    const form = expert.getByTestId('observation-form');
    await form.getByTestId(`obs-kind-${kind}`).check();
    await form.getByTestId('obs-batch').selectOption(batch.id);
    await form.getByTestId('obs-text').fill(text);
    await form
      .getByTestId('obs-photo-input')
      .setInputFiles({ name: 'IMG_0001.png', mimeType: 'image/png', buffer: png(2400, 1600) });
    await form.getByTestId('obs-previews').locator('img').waitFor();
    await form.getByTestId('obs-submit').click();
    await form.getByTestId('obs-saved').waitFor();
  }

  /**
   * A photo of `scope` shown, fetched with the session's token (an `<img>` that decoded).
   * Polled with `evaluate`, not `waitForFunction`: the page's CSP (script-src 'self') refuses the
   * string predicate when Playwright re-runs it on a later animation frame.
   */
  async function photoLoaded(page: Page, scope: string): Promise<void> {
    const selector = JSON.stringify(`${scope} [data-testid=obs-photo] img`);
    const decoded = `(() => { const image = document.querySelector(${selector}); return image !== null && image.complete && image.naturalWidth > 0; })()`;
    await waitFor(() => page.evaluate<boolean>(decoded), {
      timeoutMs: 10_000,
      intervalMs: 100,
      what: `a decoded photo under ${scope}`,
    });
  }

  it('writes a recommendation with a photo shrunk in the browser (360 px, Chinese)', async () => {
    await write('recommendation', '叶片边缘发黄，建议减少浇水，观察三天');
    const list = expert.getByTestId('adviser-observation-list');
    await expect(list.textContent()).resolves.toContain('叶片边缘发黄');
    await expect(list.textContent()).resolves.toContain('建议');
    await photoLoaded(expert, '[data-testid=adviser-observation-list]');
    // The page sent a 1280 px JPEG, not the 2400 × 1600 PNG the phone chose.
    const stored = await readdir(path.join(api.config.dataDir, 'photos'));
    expect(stored).toEqual([expect.stringMatching(/^[0-9a-f-]{36}\.jpg$/)]);
    const bytes = await readFile(path.join(api.config.dataDir, 'photos', stored[0]));
    expect(jpegSize(bytes)).toEqual({ width: 1280, height: 853 });
    await fitsThePhone(
      expert,
      '[data-testid=observation-form] button, [data-testid=observation-form] select',
    );
    await shot(expert, 'observations-adviser-360');
  }, 90_000);

  it('shows the open recommendation in the technician’s today list until it is marked done', async () => {
    await technician.getByTestId('tab-today').click();
    const open = technician.getByTestId('open-observations');
    await open.waitFor();
    const card = open.locator('li', { hasText: '叶片边缘发黄' });
    await expect(card.textContent()).resolves.toContain(batch.code);
    await expect(card.textContent()).resolves.toContain(EXPERT.name);
    await photoLoaded(technician, '[data-testid=open-observations]');
    await fitsThePhone(technician, '[data-testid=open-observations] button');
    await shot(technician, 'observations-today-360');
    await card.getByTestId('obs-mark-done').click();
    await technician.getByTestId('today-observations').waitFor({ state: 'detached' });
    const [done] = (
      await api.request<ObservationResponse[]>('GET', `/api/observations?batchId=${batch.id}`, {
        token: manager,
      })
    ).body;
    expect(done?.done?.by.name).toBe(TECHNICIAN.name);
    // The batch's page keeps it, with who marked it done.
    await technician.goto(`${lanOrigin(api.url)}/technician/batches/${batch.id}`);
    await expect(technician.getByTestId('batch-observations').textContent()).resolves.toContain(
      TECHNICIAN.name,
    );
  }, 90_000);

  it('does the same in English at 1280 px', async () => {
    for (const page of [expert, technician]) {
      await page.setViewportSize({ width: 1280, height: 800 });
      await page.getByRole('button', { name: 'EN' }).click();
    }
    // The technician has 今日工作 open while the adviser writes: the note arrives over the socket.
    await technician.goto(`${lanOrigin(api.url)}/technician/today`);
    await technician.getByTestId('today-work').waitFor();
    await technician.getByTestId('connection').and(technician.locator('[data-state=live]')).waitFor();
    expect(await technician.getByTestId('today-observations').count()).toBe(0);
    await write('observation', '蚜虫 on the lower leaves');
    await expert.getByRole('heading', { name: 'Write an observation' }).waitFor();
    await shot(expert, 'observations-adviser-1280-en');
    const card = technician
      .getByTestId('open-observations')
      .locator('li', { hasText: 'on the lower leaves' });
    await expect(card.textContent()).resolves.toContain('Observation');
    const words = await technician.evaluate<string>(`(() => {
      const main = document.querySelector('[data-testid=today-observations]').cloneNode(true);
      for (const data of main.querySelectorAll('.data, .obs-text, .muted')) data.remove();
      return main.innerText;
    })()`);
    expect(words).not.toMatch(CHINESE_UI);
    expect(words).toContain('Mark done');
    await fitsThePhone(technician, '[data-testid=open-observations] button');
    await shot(technician, 'observations-today-1280-en');
    await card.getByRole('button', { name: 'Mark done' }).click();
    await technician.getByTestId('today-observations').waitFor({ state: 'detached' });
  }, 90_000);
});
