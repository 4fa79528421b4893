import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import mqtt, { type MqttClient } from 'mqtt';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { deviceTopic, type DeviceCredentials } from '#contracts';
import { CHROMIUM_ARGS, requireProgram, waitFor } from '#testing';
import { startTestApi, type TestApi, type DemoAccount } from './support/api-harness.js';

/**
 * The dashboard as a phone on the office LAN opens it: plain HTTP under a name that is not
 * `localhost` (browsers exempt `localhost` and `127.0.0.1` from upgrade-insecure-requests and treat
 * them as secure contexts, so only such a name shows what a phone sees), at 360 px, for each role.
 */
const LAN_NAME = 'office.lan';
const PHONE = { width: 360, height: 740 };

/** What one page load asked for, and what went wrong on the way. */
interface LoadRecord {
  requests: string[];
  failures: string[];
  errors: string[];
}

/**
 * One resource per line: method and path with the query, less the parameters that only carry the
 * time of the request (a chart's `from=now-24h&to=now`), so two loads of the same thing read the
 * same: a load and then a catch-up of the same chart count as two.
 */
function resourceOf(method: string, url: string): string {
  const parsed = new URL(url);
  for (const volatile of ['from', 'to', 't', 'EIO', 'transport', 'sid']) parsed.searchParams.delete(volatile);
  return `${method} ${parsed.pathname}${parsed.search}`;
}

function record(page: Page): LoadRecord & { stop(): void } {
  const out: LoadRecord = { requests: [], failures: [], errors: [] };
  const onRequest = (request: { method(): string; url(): string }) => {
    if (request.url().startsWith('data:')) return;
    out.requests.push(resourceOf(request.method(), request.url()));
  };
  const onFailed = (request: { url(): string; failure(): { errorText: string } | null }) =>
    out.failures.push(`${request.url()} ${request.failure()?.errorText ?? ''}`);
  const onError = (error: Error) => out.errors.push(error.message);
  const onConsole = (message: { type(): string; text(): string }) => {
    if (message.type() === 'error') out.errors.push(message.text());
  };
  page.on('request', onRequest);
  page.on('requestfailed', onFailed);
  page.on('pageerror', onError);
  page.on('console', onConsole);
  return {
    ...out,
    stop() {
      page.off('request', onRequest);
      page.off('requestfailed', onFailed);
      page.off('pageerror', onError);
      page.off('console', onConsole);
    },
  };
}

/** The API resources asked for more than once. */
function duplicates(requests: readonly string[]): string[] {
  const counts = new Map<string, number>();
  for (const r of requests) if (r.includes(' /api/')) counts.set(r, (counts.get(r) ?? 0) + 1);
  return [...counts].filter(([, n]) => n > 1).map(([r, n]) => `${r} x${n}`);
}

describe('the dashboard on a LAN name over plain HTTP, at 360 px', () => {
  let api: TestApi;
  let profileDir: string;
  let context: BrowserContext;
  let base: string;
  let accounts: DemoAccount[];
  let devices: DeviceCredentials[];
  let device: MqttClient | undefined;

  beforeAll(async () => {
    const browser = requireProgram('chromium');
    if (!browser.available) throw new Error(`chromium is missing: ${browser.installCommand}`);
    api = await startTestApi({ env: { DEMO_SEED: '1' } });
    const port = new URL(api.url).port;
    base = `http://${LAN_NAME}:${port}`;
    accounts = JSON.parse(
      await readFile(path.join(api.config.dataDir, 'demo-accounts.json'), 'utf8'),
    ) as DemoAccount[];
    devices = JSON.parse(
      await readFile(path.join(api.config.dataDir, 'simulator-devices.json'), 'utf8'),
    ) as DeviceCredentials[];
    profileDir = await mkdtemp(path.join(os.tmpdir(), 'yumiao-lan-chromium-'));
    context = await chromium.launchPersistentContext(profileDir, {
      executablePath: browser.binary,
      headless: true,
      // The phone's view: the origin is office.lan, not localhost, so no secure-context exemption.
      args: [...CHROMIUM_ARGS, '--host-resolver-rules=MAP office.lan 127.0.0.1'],
      viewport: PHONE,
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
    });
  }, 120_000);

  afterAll(async () => {
    await device?.endAsync().catch(() => undefined);
    await context?.close();
    await api?.close();
    if (profileDir) await rm(profileDir, { recursive: true, force: true });
  }, 60_000);

  /** Logs in through the form on a fresh page; answers the page on the role's home. */
  async function logIn(role: DemoAccount['role']): Promise<Page> {
    const page = await context.newPage();
    await page.goto(`${base}/login`);
    await page.evaluate('localStorage.clear()');
    await page.goto(`${base}/login`);
    const who = accounts.find((a) => a.role === role)!;
    await page.fill('input[name=phone]', who.phone);
    await page.fill('input[name=password]', who.password);
    await page.click('button[type=submit]');
    await page.waitForURL(`**/${role}`);
    return page;
  }

  async function goesLive(page: Page): Promise<void> {
    await page.locator('[data-testid=connection][data-state=live]').waitFor({ timeout: 15_000 });
  }

  /** What a role's page shows once its data is there. */
  const rendered: Record<DemoAccount['role'], (page: Page) => Promise<void>> = {
    technician: (page) => page.getByRole('heading', { name: '1号育苗棚' }).waitFor(),
    manager: (page) => page.locator('[data-testid^=order-]').first().waitFor(),
    buyer: (page) => page.getByTestId('order-form').waitFor(),
  };

  it.each(['technician', 'manager', 'buyer'] as const)(
    '%s: logs in, renders and goes live, one request per resource, nothing blocked',
    async (role) => {
      const first = await logIn(role);
      await rendered[role](first);
      await goesLive(first);
      await first.close();

      // A full page load of the role's home on a fresh page (the session is in the profile),
      // counted from navigation until it is live and its data has arrived.
      const page = await context.newPage();
      const load = record(page);
      await page.goto(`${base}/${role}`);
      await rendered[role](page);
      await goesLive(page);
      await page.waitForLoadState('networkidle');
      load.stop();

      expect(load.failures).toEqual([]);
      expect(load.errors).toEqual([]);
      expect(duplicates(load.requests)).toEqual([]);
      // Every asset came over plain HTTP from the LAN name: none was sent to https.
      expect(load.requests.filter((r) => r.includes('/assets/')).length).toBeGreaterThan(0);
      // The static "loading" text of index.html gave way to the app.
      expect(await page.locator('#app [data-boot]').count()).toBe(0);
      expect(await page.locator('#app').textContent()).not.toContain('正在加载');
      // It really is a LAN origin: no secure context, so no API that needs one may be relied on.
      expect(await page.evaluate('window.isSecureContext')).toBe(false);
      expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(
        PHONE.width,
      );
      await page.close();
    },
    60_000,
  );

  /** Publishes as the house's environment sensor and waits until the api has committed it. */
  async function publishCommitted(metric: string, value: number, token: string): Promise<void> {
    const env = devices.find((d) => d.zone === 'gh1' && d.kind === 'env')!;
    device ??= await mqtt.connectAsync(api.broker.url, {
      username: env.username,
      password: env.password,
      clientId: env.username,
      protocolVersion: 4,
    });
    await device.publishAsync(
      deviceTopic(env, 'tele'),
      JSON.stringify({ ts: Date.now(), values: { [metric]: value } }),
      { qos: 1 },
    );
    await waitFor(
      async () => {
        const latest = await api.request<{ devices: { values: { metric: string; value: unknown }[] }[] }>(
          'GET',
          '/api/zones/gh1/latest',
          { token },
        );
        return latest.body.devices.some((d) =>
          d.values.some((v) => v.metric === metric && v.value === value),
        );
      },
      { timeoutMs: 10_000, what: `${metric} ${value} committed` },
    );
  }

  it('loses no reading published before the rooms are joined or while the REST answer is on its way', async () => {
    const who = accounts.find((a) => a.role === 'technician')!;
    const token = await api.login(who.phone, who.password);
    const page = await context.newPage();

    // The page's zones.subscribe is held until a reading has been committed behind its back.
    let subscribeHeld!: () => void;
    const held = new Promise<void>((resolve) => (subscribeHeld = resolve));
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    await page.routeWebSocket(/\/socket\.io\//, (ws) => {
      const server = ws.connectToServer();
      ws.onMessage((message) => {
        if (typeof message === 'string' && message.includes('"zones.subscribe"')) {
          subscribeHeld();
          void released.then(() => server.send(message));
        } else server.send(message);
      });
    });
    // The house's latest values are answered as they were before a second reading was committed.
    await page.route('**/api/zones/gh1/latest', async (route) => {
      // Playwright fetches from Node, which does not know the browser's LAN name.
      const answer = await route.fetch({ url: route.request().url().replace(LAN_NAME, '127.0.0.1') });
      await publishCommitted('air_temp_c', 24.6, token);
      await route.fulfill({ response: answer });
    });

    await page.goto(`${base}/login`);
    await page.evaluate('localStorage.clear()');
    await page.goto(`${base}/login`);
    await page.fill('input[name=phone]', who.phone);
    await page.fill('input[name=password]', who.password);
    await page.click('button[type=submit]');
    await held;
    await rendered.technician(page);
    await publishCommitted('air_rh_pct', 63, token);
    release();

    const shows = async (metric: string, text: string) =>
      waitFor(async () => (await page.getByTestId(`value-gh1-${metric}`).textContent()) === text, {
        timeoutMs: 10_000,
        what: `${metric} ${text} on screen`,
      });
    // Committed before the join: in the load that follows it. Committed during the load: pushed.
    await shows('air_rh_pct', '63.0 %');
    await shows('air_temp_c', '24.6 °C');
    await page.close();
  }, 60_000);

  it('keeps Swagger UI working at /api/docs under the same policy', async () => {
    const page = await context.newPage();
    const load = record(page);
    await page.goto(`${base}/api/docs`);
    await page.locator('.swagger-ui .info .title').waitFor({ timeout: 15_000 });
    await page.locator('.opblock').first().waitFor();
    load.stop();
    expect(load.failures).toEqual([]);
    expect(load.errors).toEqual([]);
    await page.close();
  }, 60_000);
});
