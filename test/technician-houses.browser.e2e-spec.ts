import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import mqtt from 'mqtt';
import type { BrowserContext, Page } from 'playwright-core';
import {
  createClock,
  deviceTopic,
  type AuditEntryResponse,
  type BatchResponse,
  type CommandResponse,
  type DeviceCredentials,
  type HouseLimitsResponse,
  type ScheduleResponse,
} from '#contracts';
import { waitFor } from '#testing';
import { demoSeed, startTestApi, type TestApi, type DemoAccount } from './support/api-harness.js';
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
 * The technician runs a house from a phone (issue 18 item 3): irrigation of chosen benches after a
 * confirmation, an interlock overridden with a reason, the heating setpoint started from the one
 * the heater reports and held for two hours, and the house's schedules kept by the technician.
 * Real Chromium at 360 px under a LAN name; the api in-process with the demo seed. The api's clock
 * stands at 10:00 on a June morning, so no winter-night interlock depends on when the suite runs.
 */
const JUNE_MORNING = '2027-06-15T02:00:00.000Z';

describe('the technician runs a house from a phone', () => {
  let api: TestApi;
  let lanBrowser: LanBrowser | undefined;
  let context: BrowserContext;
  let page: Page;
  let base: string;
  let manager: string;
  let technician: DemoAccount;
  let heater: DeviceCredentials;
  const clock = createClock({ start: Date.parse(JUNE_MORNING), anchor: Date.now(), speed: 1 });

  const commands = async () =>
    (await api.request<CommandResponse[]>('GET', '/api/commands?zone=gh1', { token: manager })).body;
  const shot = async (name: string) => {
    await page.evaluate('window.scrollTo(0, 0)');
    await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
  };
  const phoneCheck = () =>
    fitsThePhone(
      page,
      '.controls button, .controls select, .bench-toggle, .controls label.check, .schedules button, .schedules input, .schedules select',
    );

  beforeAll(async () => {
    api = await startTestApi({ env: { DEMO_SEED: '1' }, clock });
    base = lanOrigin(api.url);
    const { accounts, devices } = await demoSeed(api);
    const boss = accounts.find((a) => a.role === 'manager')!;
    technician = accounts.find((a) => a.role === 'technician')!;
    manager = await api.login(boss.phone, boss.password);
    heater = devices.find((d) => d.zone === 'gh1' && d.kind === 'heater')!;

    // The heater reports the setpoint in force: the page starts its field from it, not from 16.
    const client = await mqtt.connectAsync(api.broker.url, {
      username: heater.username,
      password: heater.password,
      clientId: heater.username,
      protocolVersion: 4,
    });
    await client.publishAsync(
      deviceTopic(heater, 'state'),
      // Device time on the api's clock: a June 2027 reading, not today's wall time.
      JSON.stringify({ ts: clock.now(), values: { heater_on: false, sp_c: 14.5, mode: 'auto' } }),
      { qos: 1 },
    );
    await client.endAsync();

    lanBrowser = await openLanBrowser('houses');
    context = lanBrowser.context;
    page = await context.newPage();
    await logInOnPage(page, base, technician, '/technician');
  }, 120_000);

  afterAll(async () => {
    await lanBrowser?.close();
    await api?.close();
  }, 60_000);

  it('irrigates two benches after confirming, and overrides the too-soon interlock with a reason', async () => {
    const controls = page.getByTestId('controls-gh1');
    await controls.waitFor();
    await page.getByTestId('some-benches-gh1').check();
    await page.getByTestId('bench-gh1-b1').check();
    await page.getByTestId('bench-gh1-b2').check();
    await controls.locator('input[type=number]').first().fill('45');
    await page.getByTestId('irrigate-gh1').click();
    const confirm = page.getByTestId('confirm-command');
    await expect(confirm.textContent()).resolves.toContain('浇水 45 秒：1, 2');
    // Nothing is sent before the confirmation.
    expect((await commands()).filter((c) => c.name === 'irrigate')).toEqual([]);
    await phoneCheck();
    await shot('technician-house-confirm-360');
    await controls.screenshot({ path: path.join(ARTIFACTS, 'technician-house-controls-360.png') });
    await page.getByTestId('confirm-send').click();
    const first = await waitFor(async () => (await commands()).find((c) => c.name === 'irrigate'), {
      what: 'the irrigation command',
    });
    expect(first.params).toEqual({ seconds: 45, benches: ['b1', 'b2'] });
    const row = controls.locator(`[data-testid=command-${first.id}]`);
    await expect(row.textContent()).resolves.toMatch(/45 秒.*1, 2/);
    expect(['queued', 'sent']).toContain(await row.getAttribute('data-status'));

    // Again at once: the minimum interval refuses it, and the page asks why it must run anyway.
    await page.getByTestId('irrigate-gh1').click();
    await page.getByTestId('confirm-send').click();
    const refused = page.getByTestId('command-refused');
    await refused.waitFor();
    expect(await refused.textContent()).toMatch(CHINESE_UI);
    expect(await page.getByTestId('force-send').isDisabled()).toBe(true);
    await page.getByTestId('force-reason').fill('边上两床苗萎蔫');
    await phoneCheck();
    await shot('technician-house-force-360');
    await page.getByTestId('force-send').click();
    const forced = await waitFor(
      async () => (await commands()).find((c) => c.name === 'irrigate' && c.forceReason !== null),
      { what: 'the forced irrigation' },
    );
    expect(forced.forceReason).toBe('边上两床苗萎蔫');
    await expect(controls.locator(`[data-testid=command-${forced.id}]`).textContent()).resolves.toContain(
      '边上两床苗萎蔫',
    );
  }, 60_000);

  it('starts the setpoint from the one the heater reports and holds a new one for 2 hours', async () => {
    const field = page.getByTestId('setpoint-gh1');
    await waitFor(async () => (await field.inputValue()) === '14.5', {
      what: 'the setpoint field at the reported 14.5 °C',
    });
    await field.fill('17');
    await page.getByTestId('hold-gh1').selectOption('120');
    await page.getByTestId('set-setpoint-gh1').click();
    await expect(page.getByTestId('confirm-command').textContent()).resolves.toContain(
      '把加温设定为 17 °C，保持 2 小时',
    );
    await page.getByTestId('confirm-send').click();
    const command = await waitFor(
      async () => (await commands()).find((c) => c.name === 'setpoint' && c.issuedByKind === 'user'),
      {
        what: 'the setpoint command',
      },
    );
    expect(command.params).toEqual({ sp_c: 17 });
    expect(Date.parse(command.holdUntil!) - Date.parse(command.createdAt)).toBe(120 * 60_000);
  }, 60_000);

  it('keeps the house schedules: adds two irrigation times, pauses the schedule, and the audit names the technician', async () => {
    await page.getByTestId('schedules-open-gh1').click();
    await page.getByTestId('schedule-add-gh1').click();
    const form = page.getByTestId('schedule-form');
    await form.locator('input[name=name]').fill('上午补水');
    await form.locator('input[name=at-0]').fill('07:30');
    await form.locator('input[name=amount-0]').fill('120');
    await page.getByTestId('schedule-add-slot').click();
    await form.locator('input[name=at-1]').fill('11:00');
    await form.locator('input[name=amount-1]').fill('60');
    await phoneCheck();
    await shot('technician-house-schedule-360');
    await page
      .getByTestId('schedules-gh1')
      .screenshot({ path: path.join(ARTIFACTS, 'technician-house-schedule-form-360.png') });
    await page.getByTestId('schedule-save').click();
    const item = page.getByTestId('schedule-上午补水');
    await expect(item.textContent()).resolves.toContain('07:30 120 秒; 11:00 60 秒');
    const stored = async () =>
      (
        await api.request<ScheduleResponse[]>('GET', '/api/zones/gh1/schedules', { token: manager })
      ).body.find((s) => s.name === '上午补水');
    expect(await stored()).toMatchObject({
      kind: 'irrigation',
      enabled: true,
      slots: [
        { at: '07:30', params: { seconds: 120 } },
        { at: '11:00', params: { seconds: 60 } },
      ],
    });
    await item.getByRole('button', { name: '暂停' }).click();
    await waitFor(async () => (await stored())?.enabled === false, { what: 'the schedule paused' });
    await item.getByText('已暂停').waitFor();
    await item.getByRole('button', { name: '恢复' }).waitFor();
    const audit = await api.request<AuditEntryResponse[]>('GET', '/api/audit?action=schedule.&limit=20', {
      token: manager,
    });
    const technicianName = (await stored())!.createdBy;
    expect(technicianName).not.toBe('');
    expect(audit.body.map((e) => [e.action, e.actorName])).toEqual(
      expect.arrayContaining([
        ['schedule.created', technicianName],
        ['schedule.updated', technicianName],
      ]),
    );
  }, 60_000);

  it('lists the limits in force in a house beside their sources, in both languages', async () => {
    const limitsOf = async () =>
      (await api.request<HouseLimitsResponse>('GET', '/api/zones/gh1/limits', { token: manager })).body;
    const gh1Batches = (
      await api.request<BatchResponse[]>('GET', '/api/batches', { token: manager })
    ).body.filter((b) => b.zone === 'gh1' && b.stage !== 'planned');
    const open = async () => {
      await page.getByTestId('limits-open-gh1').click();
      await page.getByTestId('limits-gh1').waitFor();
    };
    await open();
    const served = await limitsOf();
    for (const limit of served.limits) {
      const row = page.getByTestId(`limit-gh1-${limit.key}`);
      const text = (await row.textContent()) ?? '';
      expect(text).toContain(`${limit.value}`);
      if (limit.source.kind === 'crop') {
        // The batch that sets it: one of the house's own, by its code.
        expect(limit.source.batches.length).toBeGreaterThan(0);
        for (const b of limit.source.batches) {
          expect(gh1Batches.map((g) => g.code)).toContain(b.code);
          expect(text).toContain(b.code);
        }
      }
    }
    await expect(page.getByTestId('limit-gh1-highHumidityRhPct').textContent()).resolves.toBe(
      '空气湿度上限（高湿）90 %报警规则固定值',
    );
    await fitsThePhone(page, '.limits-panel summary');
    await page
      .getByTestId('limits-gh1')
      .screenshot({ path: path.join(ARTIFACTS, 'technician-limits-360.png') });

    // The manager overrides the cold warning for this house: the page names the override.
    const saved = await api.request('PUT', '/api/alarms/settings/gh1', {
      token: manager,
      body: { thresholds: { coldWarnC: 9 } },
    });
    expect(saved.status).toBe(200);
    await page.getByTestId('limits-open-gh1').click();
    await open();
    const cold = page.getByTestId('limit-gh1-coldWarnC');
    await waitFor(async () => (await cold.getAttribute('data-source')) === 'override', {
      what: 'the override on the page',
    });
    await expect(cold.textContent()).resolves.toBe('低温预警9 °C管理员设定（本棚）');

    await page.getByRole('button', { name: 'EN' }).click();
    await expect(cold.textContent()).resolves.toBe('Cold warning9 °CSet by the manager (this house)');
    expect(await page.getByTestId('limits-gh1').textContent()).not.toMatch(CHINESE_UI);
    await page.getByRole('button', { name: '中文' }).click();
    await page.getByTestId('limits-open-gh1').click();
  }, 60_000);

  it('reads the same in English at 1280 px', async () => {
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.getByRole('button', { name: 'EN' }).click();
    const controls = page.getByTestId('controls-gh1');
    await expect(controls.textContent()).resolves.toContain('Bench heat on');
    // The controls' own words; the forced irrigation's reason is the technician's, in Chinese.
    for (const group of await controls.locator('.control-group').allTextContents())
      expect(group).not.toMatch(CHINESE_UI);
    await expect(controls.locator('.commands li').first().textContent()).resolves.toMatch(
      /2027-06-15 10:\d\d · sent, waiting for the device/,
    );
    await expect(page.getByTestId('schedules-gh1').textContent()).resolves.toContain('Timed irrigation');
    await page.getByTestId('bench-heat-on-gh1').click();
    await expect(page.getByTestId('confirm-command').textContent()).resolves.toBe(
      'Turn bench heat on (thermostat). Send?SendCancel',
    );
    await shot('technician-house-1280-en');
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('button', { name: '中文' }).click();
    await page.setViewportSize({ width: 360, height: 740 });
  }, 60_000);
});
