import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import mqtt from 'mqtt';
import type { Page } from 'playwright-core';
import {
  createClock,
  deviceTopic,
  type AlarmResponse,
  type CropResponse,
  type HouseLimitsResponse,
  type IssuedDeviceResponse,
} from '#contracts';
import { waitFor } from '#testing';
import { TEST_ADMIN, demoSeed, startTestApi, type DemoAccount, type TestApi } from './support/api-harness.js';
import {
  ARTIFACTS,
  fitsThePhone,
  lanOrigin,
  logInOnPage,
  openLanBrowser,
  type LanBrowser,
} from './support/lan-browser.js';

/**
 * Issue 21, done when: the manager edits the catalogue from a phone and every rule follows. A
 * variety added with its own prices is orderable at its price; a crop's cold limit edited on the
 * page moves the house's limit in force, its frost alarm and the setpoint interlock; its lower
 * moisture limit moves the dry-substrate alarm. Real Chromium at 360 px under a LAN name, the api
 * in-process with the demo seed, readings over MQTT. A June morning, so no night rule interferes.
 */
const JUNE_MORNING = '2027-06-15T02:00:00.000Z';
const HOUSE = 'gh9';

describe('the manager edits the crop catalogue and the rules follow', () => {
  let api: TestApi;
  let lanBrowser: LanBrowser | undefined;
  let techBrowser: LanBrowser | undefined;
  let buyerBrowser: LanBrowser | undefined;
  let page: Page;
  let housePage: Page;
  let base: string;
  let manager: string;
  let technician: DemoAccount;
  let accounts: DemoAccount[];
  let sensor: mqtt.MqttClient;
  const devices = new Map<string, IssuedDeviceResponse>();
  const clock = createClock({ start: Date.parse(JUNE_MORNING), anchor: Date.now(), speed: 1 });

  const ok = async <T>(method: string, route: string, body?: unknown): Promise<T> => {
    const response = await api.request<T>(method, route, { token: manager, body });
    if (response.status >= 300)
      throw new Error(`${method} ${route}: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  };
  const activeAlarm = async (rule: string) =>
    (await ok<AlarmResponse[]>('GET', `/api/alarms?zone=${HOUSE}&rule=${rule}&state=active`))[0];
  /** Two readings a minute apart, the newest now (the frost rule wants two in a row). */
  const publish = async (device: string, values: Record<string, number>) => {
    const credentials = devices.get(device)!;
    for (const ago of [60_000, 0])
      await sensor.publishAsync(
        deviceTopic({ site: credentials.site, zone: HOUSE, device }, 'tele'),
        JSON.stringify({ ts: clock.now() - ago, values }),
        { qos: 1 },
      );
  };
  const shot = (name: string) =>
    page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: false });

  beforeAll(async () => {
    api = await startTestApi({ env: { DEMO_SEED: '1' }, clock });
    base = lanOrigin(api.url);
    accounts = (await demoSeed(api)).accounts;
    technician = accounts.find((a) => a.role === 'technician')!;
    manager = await api.login(TEST_ADMIN.phone, TEST_ADMIN.password);
    // A house of its own holding one pepper batch at true leaf: its limits are the pepper's.
    await ok('POST', '/api/zones', { code: HOUSE, kind: 'greenhouse', name: '9号棚' });
    const batch = await ok<{ id: string }>('POST', '/api/batches', {
      crop: 'pepper',
      zone: HOUSE,
      trays: 20,
      sowDate: '2027-05-01',
    });
    await ok('POST', `/api/batches/${batch.id}/stages`, { stage: 'true_leaf' });
    // Out of the germination room, where sown trays stand until moved.
    await ok('POST', `/api/batches/${batch.id}/moves`, { zone: HOUSE });
    for (const [device, kind] of [
      ['env-9', 'env'],
      ['sub-9', 'substrate'],
      ['heat-9', 'heater'],
    ] as const)
      devices.set(device, await ok('POST', '/api/devices', { zone: HOUSE, device, kind, intervalS: 60 }));
    // Judged at once: the rules' on-delays are not what this test is about.
    await ok('PUT', `/api/alarms/settings/${HOUSE}`, {
      rules: { frost: { onDelayMs: 0 }, 'dry-substrate': { onDelayMs: 0 } },
    });
    // One connection publishes for both sensors: the env sensor's account may publish its own topics
    // only, so each publish uses its device's own connection.
    sensor = await mqtt.connectAsync(api.broker.url, {
      username: devices.get('env-9')!.username,
      password: devices.get('env-9')!.password!,
      clientId: devices.get('env-9')!.username,
      protocolVersion: 4,
    });

    lanBrowser = await openLanBrowser('catalogue');
    page = await lanBrowser.context.newPage();
    await logInOnPage(page, base, TEST_ADMIN, '/manager');
    await page.getByTestId('tab-msCatalogue').click();
    await page.getByTestId('catalogue').waitFor();
  }, 120_000);

  afterAll(async () => {
    await sensor?.endAsync();
    await lanBrowser?.close();
    await techBrowser?.close();
    await buyerBrowser?.close();
    await api?.close();
  }, 60_000);

  it('adds a variety with its own prices from the phone, and orders price it', async () => {
    await page.getByTestId('edit-crop-tomato').click();
    await page.getByTestId('add-variety-tomato').click();
    const form = page.getByTestId('variety-form');
    await form.locator('input[name=varietyName]').fill('千禧');
    await form.locator('input[name=varietyNameEn]').fill('Qianxi');
    await form.locator('input[name=ownPrices]').check();
    const firstRow = page.getByTestId('variety-prices-row-0');
    await firstRow.locator('input').nth(1).fill('1.50');
    await firstRow.locator('input').nth(3).fill('1.10');
    await fitsThePhone(
      page,
      '.cat-editor input:not([type=checkbox]), .cat-variety-form input:not([type=checkbox]), .cat label.check, .cat button',
    );
    await page.screenshot({ path: path.join(ARTIFACTS, 'catalogue-variety-360.png'), fullPage: true });
    await page.getByTestId('save-variety').click();
    await page.getByTestId('varieties-tomato').locator('li', { hasText: '千禧' }).waitFor();
    await expect(page.getByTestId('varieties-tomato').textContent()).resolves.toMatch(/千禧.*¥1\.50/);
    const tomato = await ok<CropResponse>('GET', '/api/crops/tomato');
    expect(tomato.varieties.map((v) => [v.name, v.nameEn, v.profile.prices[0]])).toEqual([
      ['千禧', 'Qianxi', { cells: 72, priceFen: 150, graftedPriceFen: 160, ownSeedPriceFen: 110 }],
    ]);
    // A buyer orders it at once, at its price.
    const buyer = accounts.find((a) => a.role === 'buyer')!;
    const order = await api.request<{ lines: { priceFen: number }[] }>('POST', '/api/orders', {
      token: await api.login(buyer.phone, buyer.password),
      body: { lines: [{ crop: 'tomato', cultivar: '千禧', quantity: 300, wantedDate: '2027-08-20' }] },
    });
    expect([order.status, order.body.lines[0]?.priceFen]).toEqual([201, 150]);
    await page.getByTestId('edit-crop-tomato').click();
  });

  it("moves the house's frost limit, its alarm and the setpoint interlock with the crop's cold limit", async () => {
    const frostLimit = async () =>
      (await ok<HouseLimitsResponse>('GET', `/api/zones/${HOUSE}/limits`)).limits.find(
        (limit) => limit.key === 'coldCritC',
      )?.value;
    expect(await frostLimit()).toBe(5);
    // 7 °C: above pepper's frost limit of 5 °C, and a setpoint of 9 °C is inside the band (from 7 °C).
    await publish('env-9', { air_temp_c: 7 });
    const allowed = await api.request<{ id: string }>('POST', `/api/zones/${HOUSE}/commands`, {
      token: manager,
      body: { name: 'setpoint', params: { sp_c: 9 } },
    });
    expect(allowed.status).toBe(201);

    await page.getByTestId('edit-crop-pepper').click();
    const editor = page.getByTestId('crop-editor-pepper');
    await editor.locator('input[name=coldCritC]').fill('8');
    await page.getByTestId('save-crop-pepper').click();
    await editor.getByRole('status').waitFor();
    await shot('catalogue-crop-saved-360');
    expect(await frostLimit()).toBe(8);

    // The technician's house page shows the new limit in force and the band it gives.
    // The technician on a phone of their own (a browser profile of its own: the manager's session stays).
    techBrowser = await openLanBrowser('catalogue-technician');
    housePage = await techBrowser.context.newPage();
    await logInOnPage(housePage, base, technician, '/technician');
    await housePage.getByTestId(`limits-open-${HOUSE}`).click();
    const limit = housePage.getByTestId(`limit-${HOUSE}-coldCritC`);
    await expect(limit.textContent()).resolves.toContain('8');
    await expect(housePage.getByTestId(`limits-${HOUSE}`).textContent()).resolves.toMatch(/10\s*–\s*\d+/);
    await housePage.screenshot({ path: path.join(ARTIFACTS, 'catalogue-house-limits-360.png') });

    // The same 7 °C is now frost, and the interlock refuses 9 °C.
    await publish('env-9', { air_temp_c: 7 });
    const frost = await waitFor(() => activeAlarm('frost'), {
      what: 'the frost alarm in gh9',
      timeoutMs: 30_000,
    });
    expect([frost.severity, frost.threshold]).toEqual(['critical', 8]);
    const refused = await api.request<{ code: string; params: { min: number } }>(
      'POST',
      `/api/zones/${HOUSE}/commands`,
      { token: manager, body: { name: 'setpoint', params: { sp_c: 9 } } },
    );
    expect([refused.status, refused.body.code, refused.body.params.min]).toEqual([
      409,
      'SETPOINT_OUT_OF_BAND',
      10,
    ]);
  });

  it("moves the dry-substrate alarm with the crop's lower moisture limit", async () => {
    const substrate = await mqtt.connectAsync(api.broker.url, {
      username: devices.get('sub-9')!.username,
      password: devices.get('sub-9')!.password!,
      clientId: devices.get('sub-9')!.username,
      protocolVersion: 4,
    });
    const publishVwc = async (vwc: number) => {
      for (const ago of [60_000, 0])
        await substrate.publishAsync(
          deviceTopic({ site: devices.get('sub-9')!.site, zone: HOUSE, device: 'sub-9' }, 'tele'),
          JSON.stringify({ ts: clock.now() - ago, values: { substrate_vwc_pct: vwc } }),
          { qos: 1 },
        );
    };
    try {
      // 45 %: above pepper's true-leaf floor (39 %). Let the engine judge it, and nothing is raised.
      await publishVwc(45);
      await waitFor(
        async () =>
          (await ok<HouseLimitsResponse>('GET', `/api/zones/${HOUSE}/limits`)).limits.find(
            (l) => l.key === 'vwcLowerPct',
          )?.value === 39,
        { what: 'the moisture floor of 39 %' },
      );
      await new Promise((resolve) => setTimeout(resolve, 3000));
      expect(await activeAlarm('dry-substrate')).toBeUndefined();

      const editor = page.getByTestId('crop-editor-pepper');
      await editor.locator('input[name="moisture.trueLeaf.vwcLowerPct"]').fill('48');
      await editor.locator('input[name="moisture.trueLeaf.vwcUpperPct"]').fill('55');
      await page.getByTestId('save-crop-pepper').click();
      await waitFor(
        async () => (await ok<CropResponse>('GET', '/api/crops/pepper')).moisture.trueLeaf.vwcLowerPct === 48,
        { what: 'the saved moisture floor' },
      );
      await publishVwc(45);
      const dry = await waitFor(() => activeAlarm('dry-substrate'), {
        what: 'the dry-substrate alarm',
        timeoutMs: 30_000,
      });
      expect(dry.threshold).toBe(48);
    } finally {
      await substrate.endAsync();
    }
  });

  it("offers a buyer's short line another variety that can serve it that day, taken in one tap", async () => {
    const sow = async (cultivar: string) => {
      const batch = await ok<{ id: string; readyFrom: string }>('POST', '/api/batches', {
        crop: 'cucumber',
        cultivar,
        zone: 'gh2',
        trays: 20,
        sowDate: '2027-06-10',
      });
      await ok('POST', `/api/batches/${batch.id}/counts`, { saleable: 1000 });
      return batch;
    };
    const mine = await sow('中农8号');
    await sow('津优35');
    const buyer = accounts.find((a) => a.role === 'buyer')!;
    const buyerToken = await api.login(buyer.phone, buyer.password);
    const placed = await api.request<{ id: string; lines: { id: string; status: string }[] }>(
      'POST',
      '/api/orders',
      {
        token: buyerToken,
        body: {
          lines: [{ crop: 'cucumber', cultivar: '中农8号', quantity: 800, wantedDate: mine.readyFrom }],
        },
      },
    );
    expect(placed.status).toBe(201);
    const lineId = placed.body.lines[0].id;
    await ok('POST', `/api/batches/${mine.id}/counts`, { culled: 600, cullReason: 'damping-off' });

    buyerBrowser = await openLanBrowser('catalogue-buyer');
    const buyerPage = await buyerBrowser.context.newPage();
    await logInOnPage(buyerPage, base, buyer, '/buyer');
    const line = buyerPage.getByTestId(`line-${lineId}`);
    await expect(line.getAttribute('data-status')).resolves.toBe('short');
    const take = buyerPage.getByTestId(`line-${lineId}-variety-津优35`);
    await take.waitFor();
    await buyerPage.screenshot({
      path: path.join(ARTIFACTS, 'catalogue-short-variety-360.png'),
      fullPage: true,
    });
    await take.click();
    await waitFor(async () => (await line.getAttribute('data-status')) !== 'short', {
      what: 'the line to be served by the other variety',
    });
    const order = await api.request<{ lines: { cultivar: string; priceFen: number; status: string }[] }>(
      'GET',
      `/api/orders/${placed.body.id}`,
      { token: buyerToken },
    );
    expect(order.body.lines[0]).toMatchObject({ cultivar: '津优35', priceFen: 80 });
    expect(order.body.lines[0].status).not.toBe('short');
  });

  it('says which field is unsound, in Chinese, and keeps nothing of a refused edit', async () => {
    const editor = page.getByTestId('crop-editor-pepper');
    await editor.locator('input[name="stageTargets.hardening.nightC.lo"]').fill('20');
    await page.getByTestId('save-crop-pepper').click();
    await expect(page.getByTestId('crop-error').textContent()).resolves.toBe(
      '阶段温度 · 炼苗期 · 夜温：下限不能高于上限',
    );
    expect((await ok<CropResponse>('GET', '/api/crops/pepper')).stageTargets.hardening.nightC.lo).toBe(12);
  });
});
