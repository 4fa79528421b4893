import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import mqtt, { type MqttClient } from 'mqtt';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { deviceTopic, type DeviceCredentials } from '#contracts';
import { CHROMIUM_ARGS, onServer, requireProgram, waitFor } from '#testing';
import { startTestApi, type TestApi, type DemoAccount } from './support/api-harness.js';

/**
 * The technician's alarms in a real browser on a LAN name over plain HTTP (no secure context): the
 * alarm sound after one tap (Web Audio; notifications are refused on such an origin), the
 * acknowledgement written in the page and shown with its author, time and note, and the alarm
 * history with its episodes, on the technician's page and the manager's 报警记录 tab.
 */
const LAN_NAME = 'office.lan';
const ROOT = path.resolve(import.meta.dirname, '..');
const ARTIFACTS = path.join(ROOT, 'test-artifacts');
const PHONE = { width: 360, height: 740 };
const DESK = { width: 1280, height: 900 };
const HAN = /\p{Script=Han}/u;

/**
 * Counts the oscillators the page starts while its audio context is running: a tone the browser
 * actually plays. Installed before the app's scripts, so the app cannot go around it.
 */
const COUNT_TONES = `
  window.__tonesPlayed = 0;
  const start = OscillatorNode.prototype.start;
  OscillatorNode.prototype.start = function (...args) {
    if (this.context.state === 'running') window.__tonesPlayed += 1;
    return start.apply(this, args);
  };
`;

describe('alarms in the browser: sound, acknowledgement with a note, history', () => {
  let api: TestApi;
  let profileDir: string;
  let context: BrowserContext;
  let base: string;
  let accounts: DemoAccount[];
  let devices: DeviceCredentials[];
  let sensor: MqttClient | undefined;
  const note = '已关风口，开加温';

  const account = (role: DemoAccount['role']) => accounts.find((a) => a.role === role)!;

  beforeAll(async () => {
    const browser = requireProgram('chromium');
    if (!browser.available) throw new Error(`chromium is missing: ${browser.installCommand}`);
    await mkdir(ARTIFACTS, { recursive: true });
    // A broker of its own: on the second pass's shared Mosquitto, other test files' gh1 sensors
    // publish ordinary temperatures between this test's frost readings (CI missed the frost once).
    api = await startTestApi({ env: { DEMO_SEED: '1' }, privateBroker: true });
    base = `http://${LAN_NAME}:${new URL(api.url).port}`;
    accounts = JSON.parse(
      await readFile(path.join(api.config.dataDir, 'demo-accounts.json'), 'utf8'),
    ) as DemoAccount[];
    devices = JSON.parse(
      await readFile(path.join(api.config.dataDir, 'simulator-devices.json'), 'utf8'),
    ) as DeviceCredentials[];
    // Frost in gh1 raises and clears at once (the defaults wait 1 and 10 minutes).
    const manager = await api.login(account('manager').phone, account('manager').password);
    const setting = await api.request('PUT', '/api/alarms/settings/gh1', {
      token: manager,
      body: { rules: { frost: { onDelayMs: 0, offDelayMs: 0 } } },
    });
    expect(setting.status).toBeLessThan(300);
    profileDir = await mkdtemp(path.join(os.tmpdir(), 'yumiao-alarms-chromium-'));
    context = await chromium.launchPersistentContext(profileDir, {
      executablePath: browser.binary,
      headless: true,
      args: [...CHROMIUM_ARGS, `--host-resolver-rules=MAP ${LAN_NAME} 127.0.0.1`],
      viewport: PHONE,
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
    });
    await context.addInitScript(COUNT_TONES);
  }, 120_000);

  afterAll(async () => {
    await sensor?.endAsync().catch(() => undefined);
    await context?.close();
    await api?.close();
    if (profileDir) await rm(profileDir, { recursive: true, force: true });
  }, 60_000);

  async function logIn(page: Page, role: DemoAccount['role']): Promise<void> {
    await page.goto(`${base}/login`);
    await page.evaluate('localStorage.clear()');
    await page.goto(`${base}/login`);
    await page.fill('input[name=phone]', account(role).phone);
    await page.fill('input[name=password]', account(role).password);
    await page.click('button[type=submit]');
    await page.waitForURL(`**/${role}`);
  }

  /** Two readings of gh1's air a few seconds apart, as its sensor sends them (frost needs two). */
  async function airInGh1(celsius: number): Promise<void> {
    const env = devices.find((d) => d.zone === 'gh1' && d.kind === 'env')!;
    sensor ??= await mqtt.connectAsync(api.broker.url, {
      username: env.username,
      password: env.password,
      clientId: env.username,
      protocolVersion: 4,
    });
    for (const pause of [0, 1_000]) {
      // After every reading before: the rules compare a reading with the one before it.
      await new Promise((resolve) => setTimeout(resolve, pause));
      await sensor.publishAsync(
        deviceTopic(env, 'tele'),
        JSON.stringify({ ts: Date.now(), values: { air_temp_c: celsius } }),
        { qos: 1 },
      );
    }
  }

  const frostAlarm = (page: Page, state = 'active') =>
    page.locator(`[data-testid=alarms] li[data-rule=frost][data-state=${state}]`).first();
  const tones = (page: Page) => page.evaluate<number>('window.__tonesPlayed');

  /** The alarm panel (or the manager's page) alone, as it is to be looked at. */
  async function shot(page: Page, name: string): Promise<void> {
    const panel = page.getByTestId('alarms');
    if ((await panel.count()) > 0) await panel.screenshot({ path: path.join(ARTIFACTS, `${name}.png`) });
    else await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
  }

  it('beeps for a new critical alarm only once the sound is on; the acknowledgement and the history show who, when and the note', async () => {
    const page = await context.newPage();
    await logIn(page, 'technician');
    const button = page.getByTestId('alarm-sound');
    await button.waitFor();
    expect(await button.getAttribute('data-state')).toBe('off');
    expect(await button.textContent()).toContain('开启报警声音');
    expect(await page.evaluate('window.isSecureContext')).toBe(false);

    // Sound off: a frost alarm shows but makes no sound.
    await airInGh1(1);
    const first = frostAlarm(page);
    await first.waitFor({ timeout: 30_000 });
    const firstId = (await first.getAttribute('data-testid'))!.replace('alarm-', '');
    expect(await tones(page)).toBe(0);

    // Acknowledged with a note written in the page.
    await page.getByTestId(`ack-${firstId}`).click();
    const form = page.getByTestId(`ack-form-${firstId}`);
    await form.getByTestId(`ack-submit-${firstId}`).click();
    expect(await form.locator('.error').textContent()).toBe('请填写处理情况');
    await form.locator('input[name=comment]').fill(note);
    await shot(page, 'alarm-ack-form-360-zh');
    await form.getByTestId(`ack-submit-${firstId}`).click();
    const acknowledged = page.locator(`[data-testid=alarm-${firstId}][data-state=acknowledged]`);
    await acknowledged.waitFor({ timeout: 30_000 });
    const info = acknowledged.getByTestId('ack-info');
    expect(await info.getByTestId('ack-by').textContent()).toBe(account('technician').name);
    expect(await info.getByTestId('ack-note').textContent()).toBe(note);
    expect(await info.getByTestId('ack-at').textContent()).toMatch(/^20\d\d-\d\d-\d\d \d\d:\d\d$/);

    // Warm again (by less than 10 °C a minute, which the sensor check would call implausible):
    // the alarm clears and leaves the list.
    await airInGh1(8);
    await page.locator(`[data-testid=alarm-${firstId}]`).waitFor({ state: 'detached', timeout: 30_000 });

    // One tap turns the sound on (with a short confirmation tone); the next frost beeps.
    await button.click();
    await page.locator('[data-testid=alarm-sound][data-state=on]').waitFor({ timeout: 5_000 });
    expect(await button.getAttribute('aria-pressed')).toBe('true');
    expect(await page.evaluate('localStorage.getItem("yumiao.alarmSound")')).toBe('1');
    const before = await tones(page);
    expect(await button.getAttribute('data-plays')).toBe('0');
    await airInGh1(1);
    const second = frostAlarm(page);
    await second.waitFor({ timeout: 30_000 });
    expect((await second.getAttribute('data-testid'))!.replace('alarm-', '')).not.toBe(firstId);
    await page.locator('[data-testid=alarm-sound][data-plays="1"]').waitFor({ timeout: 5_000 });
    // Six beeps, each an oscillator started on a running audio context: sound the speaker plays.
    expect((await tones(page)) - before).toBe(6);
    expect(await page.evaluate('document.hidden')).toBe(false);

    // While a critical alarm is active the yard siren may be sounding: it can be stopped from here.
    await page.getByTestId('silence-siren').click();
    await page.getByTestId('siren-silenced').waitFor({ timeout: 10_000 });
    const silenced = await onServer(api.database.url, (client) =>
      client.query<{ n: string }>(
        `SELECT count(*) AS n FROM audit_log WHERE action = 'alarm.siren-silenced'`,
      ),
    );
    expect(Number(silenced.rows[0]?.n)).toBe(1);

    // The history: this frost in gh1 with both episodes, the first acknowledged and cleared.
    await page.getByTestId('toggle-alarm-history').click();
    const history = page.getByTestId('alarm-history');
    const frost = history.locator('[data-testid=history-alarm][data-rule=frost][data-zone=gh1]');
    await frost.waitFor({ timeout: 10_000 });
    expect(await frost.getAttribute('data-open')).toBe('true');
    const episode = frost.getByTestId(`episode-${firstId}`);
    await waitFor(async () => (await frost.locator('ol.episodes > li').count()) === 2, {
      timeoutMs: 10_000,
      what: 'two frost episodes in the history',
    });
    const ackLine = await episode.getByTestId('episode-ack').textContent();
    expect(ackLine).toContain(account('technician').name);
    expect(ackLine).toContain(note);
    expect(ackLine).toMatch(/^确认人 .+ · 20\d\d-\d\d-\d\d \d\d:\d\d · /);
    expect(await episode.getByTestId('episode-cleared').textContent()).toMatch(
      /^恢复 20\d\d-\d\d-\d\d \d\d:\d\d$/,
    );
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(
      PHONE.width,
    );
    await shot(page, 'alarms-360-zh');

    // English: the same page without Chinese words of its own (names and notes are people's).
    await page.getByRole('button', { name: 'EN' }).click();
    await page.getByText('Active alarms').waitFor();
    expect(await button.textContent()).toContain('Alarm sound: on');
    const english = (await page.getByTestId('alarms').innerText())
      .replaceAll(account('technician').name, '')
      .replaceAll(note, '');
    const villages = await page.getByTestId('impact').allInnerTexts();
    const han = english
      .split('\n')
      .filter((line) => HAN.test(line) && !villages.some((v) => v.includes(line.trim())));
    expect(han).toEqual([]);
    expect(english).not.toMatch(/[（）：，]/);
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(
      PHONE.width,
    );
    await shot(page, 'alarms-360-en');
    await page.setViewportSize(DESK);
    await shot(page, 'alarms-1280-en');
    await page.getByRole('button', { name: '中文' }).click();
    await page.getByText('当前报警').waitFor();
    await shot(page, 'alarms-1280-zh');
    await page.setViewportSize(PHONE);

    // The choice is kept: after a reload the sound waits for one touch of the page.
    await page.reload();
    await button.waitFor();
    expect(await button.getAttribute('data-state')).toBe('blocked');
    await button.click();
    await page.locator('[data-testid=alarm-sound][data-state=on]').waitFor({ timeout: 5_000 });
    await page.close();
  }, 180_000);

  it('shows each device with when it last reported and its rejected messages in plain words', async () => {
    // gh1's sensor sends a value no air sensor can measure: set aside as a dead letter.
    const env = devices.find((d) => d.zone === 'gh1' && d.kind === 'env')!;
    await sensor!.publishAsync(
      deviceTopic(env, 'tele'),
      JSON.stringify({ ts: Date.now(), values: { air_temp_c: 999 } }),
      { qos: 1 },
    );
    const page = await context.newPage();
    await logIn(page, 'technician');
    await page.getByTestId('toggle-devices').click();
    const item = page.getByTestId(`device-gh1-${env.device}`);
    await item.locator('summary').click();
    expect(await item.locator('summary').textContent()).toMatch(/最后上报 20\d\d-\d\d-\d\d \d\d:\d\d/);
    expect(await item.locator('summary').textContent()).toContain('环境传感器');
    const letter = item.locator('[data-testid=dead-letters] li[data-reason=out_of_range]').first();
    await letter.waitFor({ timeout: 10_000 });
    expect(await letter.textContent()).toMatch(/^20\d\d-\d\d-\d\d \d\d:\d\d 数值超出传感器量程$/);
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(
      PHONE.width,
    );
    await shot(page, 'devices-360-zh');
    await page.getByRole('button', { name: 'EN' }).click();
    await page.getByRole('heading', { name: 'Device status' }).waitFor();
    expect(await letter.textContent()).toContain("A value outside the sensor's range");
    expect(HAN.test(await page.getByTestId('device-panel').innerText())).toBe(false);
    await shot(page, 'devices-360-en');
    await page.close();
  }, 60_000);

  it("shows the manager's 报警记录 tab the same history, not empty while an alarm is active", async () => {
    const page = await context.newPage();
    await page.setViewportSize(DESK);
    await logIn(page, 'manager');
    await page.getByTestId('tab-alarmHistory').click();
    const history = page.getByTestId('alarm-history');
    const frost = history.locator('[data-testid=history-alarm][data-rule=frost][data-zone=gh1]');
    await frost.waitFor({ timeout: 10_000 });
    expect(Number(await history.getAttribute('data-count'))).toBeGreaterThan(0);
    expect(await frost.getAttribute('data-open')).toBe('true');
    expect(await frost.getByTestId('episode-ack').first().textContent()).toContain(note);
    await shot(page, 'manager-alarm-history-1280-zh');
    await page.getByRole('button', { name: 'EN' }).click();
    await page.getByText('Alarm history').first().waitFor();
    await shot(page, 'manager-alarm-history-1280-en');
    await page.setViewportSize(PHONE);
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(
      PHONE.width,
    );
    await shot(page, 'manager-alarm-history-360-en');
    await page.close();
  }, 60_000);
});
