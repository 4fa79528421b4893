import { chmod, mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { chromium, type Browser, type Page } from 'playwright-core';
import { encode } from 'uqr';
import type { LanAccessResponse } from '#contracts';
import { CHROMIUM_ARGS, requireProgram, waitFor } from '#testing';
import { TEST_ADMIN } from './support/api-harness.js';
import { spawnApi, type ApiProcess } from './support/api-process.js';

/**
 * Issue 15 item 7: what the village setup needs. The product as `npm start` runs it (embedded
 * PostgreSQL and broker, the broker on 127.0.0.1 as by default) prints where phones open the
 * dashboard with a QR code and warns that LAN devices cannot reach the broker; the manager's page
 * shows the same, opened the way a phone opens it (a LAN name, 360 px), in Chinese and English.
 */
const CONFIGURED = 'http://office.lan:3000/';
const ARTIFACTS = path.resolve(import.meta.dirname, '..', 'test-artifacts');

/** The SVG path the page must draw for a URL: one unit square per dark module, border 2. */
function qrPath(text: string): string {
  const qr = encode(text, { border: 2 });
  return qr.data.flatMap((row, y) => row.flatMap((dark, x) => (dark ? [`M${x} ${y}h1v1h-1z`] : []))).join('');
}

describe('village setup: LAN addresses, QR code and the loopback broker warning', () => {
  let dataDir: string;
  let api: ApiProcess;
  let browser: Browser;
  let page: Page;
  let base: string;

  beforeAll(async () => {
    const chromiumProgram = requireProgram('chromium');
    if (!chromiumProgram.available) throw new Error(`chromium is missing: ${chromiumProgram.installCommand}`);
    await mkdir(ARTIFACTS, { recursive: true });
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'yumiao-lan-setup-'));
    // Reachable by the `postgres` user when the tests run as root: the cluster stays in DATA_DIR/pg.
    await chmod(dataDir, 0o755);
    api = await spawnApi({
      DATA_DIR: dataDir,
      ADMIN_PHONE: TEST_ADMIN.phone,
      ADMIN_PASSWORD: TEST_ADMIN.password,
      DASHBOARD_URL: CONFIGURED,
    });
    // Ready (listening) comes before the start banner: wait for its last line.
    await waitFor(async () => api.output().includes('Press Ctrl-C to stop.'), {
      what: 'the start banner',
      timeoutMs: 30_000,
    });
    base = `http://office.lan:${new URL(api.url).port}`;
    browser = await chromium.launch({
      executablePath: chromiumProgram.binary,
      headless: true,
      args: [...CHROMIUM_ARGS, '--host-resolver-rules=MAP office.lan 127.0.0.1'],
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await api?.kill('SIGTERM');
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  }, 60_000);

  it('prints the addresses, a QR code and the broker warning at start', () => {
    const lines = api.output().split('\n');
    expect(lines).toContain('Phones on the office Wi-Fi open the dashboard at:');
    expect(lines).toContain(`  ${CONFIGURED}  (DASHBOARD_URL)`);
    expect(lines).toContain(`Scan to open ${CONFIGURED} on a phone:`);
    const size = encode(CONFIGURED, { border: 1 }).size;
    const start = lines.indexOf(`Scan to open ${CONFIGURED} on a phone:`) + 1;
    const qr = lines.slice(start, start + Math.ceil(size / 2));
    expect(qr.every((line) => line.length === size && /^[ █▀▄]+$/.test(line))).toBe(true);
    expect(api.output()).toMatch(/listens on 127\.0\.0\.1 only: devices on the LAN cannot connect/);
  });

  it('GET /api/system/lan: the manager sees the same; without a session it answers 401', async () => {
    const login = await fetch(`${api.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(TEST_ADMIN),
    });
    const { accessToken } = (await login.json()) as { accessToken: string };
    const response = await fetch(`${api.url}/api/system/lan`, {
      headers: { authorization: `Bearer ${accessToken}` },
    });
    expect(response.status).toBe(200);
    const lan = (await response.json()) as LanAccessResponse;
    expect(lan.dashboardUrls[0]).toEqual({ interface: null, url: CONFIGURED });
    expect(lan.port).toBe(Number(new URL(api.url).port));
    expect(lan.broker).toEqual({
      embedded: true,
      host: '127.0.0.1',
      port: Number(new URL(api.mqttUrl).port),
      loopbackOnly: true,
    });
    expect((await fetch(`${api.url}/api/system/lan`)).status).toBe(401);
  });

  it('the manager page at 360 px on a LAN name: the warning, the QR code and the checklist, in Chinese and English', async () => {
    page = await browser.newPage({ viewport: { width: 360, height: 740 }, locale: 'zh-CN' });
    await page.goto(`${base}/login`);
    await page.fill('input[name=phone]', TEST_ADMIN.phone);
    await page.fill('input[name=password]', TEST_ADMIN.password);
    await page.click('button[type=submit]');
    await page.waitForURL('**/manager');

    const warning = page.getByTestId('broker-loopback-warning');
    await warning.waitFor();
    expect(await warning.textContent()).toBe(
      '内置 MQTT 只监听本机（127.0.0.1）：局域网里的真实设备连不上。请用 MQTT_HOST=0.0.0.0 重新启动。',
    );
    await page.getByTestId('tab-siteSetup').click();
    await page.getByTestId('site-setup').waitFor();
    expect(await page.getByTestId('lan-urls').locator('li').first().textContent()).toBe(CONFIGURED);
    expect(await page.getByTestId('lan-qr').locator('path').getAttribute('d')).toBe(qrPath(CONFIGURED));
    const qrBox = await page.getByTestId('lan-qr').boundingBox();
    expect(qrBox?.width).toBeGreaterThanOrEqual(180);
    const checklist = await page.getByTestId('setup-checklist').locator('li').allTextContents();
    expect(checklist).toHaveLength(5);
    expect(checklist[1]).toContain(`端口 ${new URL(api.url).port}`);
    expect(checklist[3]).toContain(`MQTT 端口 ${new URL(api.mqttUrl).port}`);
    // Issue 23: the BIOS setting and the UPS that bring the nursery back after a power cut.
    expect(checklist[4]).toContain('Restore on AC power loss');
    expect(checklist[4]).toContain('UPS');
    // Issue 23 item 2: where the data lives, as the start printed it.
    const locations = await page.getByTestId('storage-locations').locator('dd').allTextContents();
    expect(locations).toEqual([
      dataDir,
      path.join(dataDir, 'backups'),
      path.join(dataDir, 'pg'),
      expect.stringMatching(/native$/),
    ]);
    expect(api.output()).toContain(`cluster in ${path.join(dataDir, 'pg')}`);
    expect(api.output()).toContain(`  binaries in ${locations[3]}`);
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(360);
    await page.screenshot({ path: path.join(ARTIFACTS, 'manager-site-setup-zh-360.png'), fullPage: true });

    await page.evaluate("localStorage.setItem('yumiao.locale', 'en')");
    await page.reload();
    await page.getByTestId('tab-siteSetup').click();
    await page.getByTestId('site-setup').waitFor();
    expect(await page.getByTestId('broker-loopback-warning').textContent()).toContain(
      'The built-in MQTT broker listens on this PC only (127.0.0.1)',
    );
    expect(await page.getByTestId('site-setup').textContent()).toContain('Reserve this PC');
    await page.screenshot({ path: path.join(ARTIFACTS, 'manager-site-setup-en-360.png'), fullPage: true });
    await page.close();
  }, 60_000);
});
