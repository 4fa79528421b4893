import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { BrowserContext, Page } from 'playwright-core';
import type {
  HouseLimitsResponse,
  AuditEntryResponse,
  BuyerResponse,
  OrderSettingsResponse,
  PublicUser,
  RosterEntryResponse,
} from '#contracts';
import { waitFor } from '#testing';
import { startTestApi, type TestApi, type DemoAccount } from './support/api-harness.js';
import { startWebhookReceiver, type WebhookReceiver } from './support/webhook-receiver.js';
import {
  ARTIFACTS,
  CHINESE_UI,
  PHONE,
  fitsThePhone as fitsPhone,
  lanOrigin,
  openLanBrowser,
  type LanBrowser,
} from './support/lan-browser.js';

/**
 * The manager's set-up screens on a phone (issue 20 items 1, 5 and 6): people, the alarm roster
 * with its robots, and the nursery's settings, walked in real Chromium at 360 px under a LAN name
 * against the api booted in-process with the demo seed; each change is checked through the api.
 */
/** Chinese characters and full-width punctuation: none may show on an English page. */

const NEW_TECHNICIAN = { phone: '13912340001', name: '刘技术员' };

/** A DingTalk robot's signing secret, as its security settings show it (SEC…). */
const DINGTALK_SECRET = 'SEC0f3a9c2e7b1d4e8f6a5c3b2d1e0f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1';

describe('the manager sets up people, the alarm roster and the nursery from a phone', () => {
  let api: TestApi;
  let receiver: WebhookReceiver;
  let lanBrowser: LanBrowser | undefined;
  let context: BrowserContext;
  let page: Page;
  let base: string;
  let boss: DemoAccount;
  let manager: string;

  async function ok<T>(method: string, route: string, body?: unknown): Promise<T> {
    const answer = await api.request<T>(method, route, { token: manager, body });
    if (answer.status >= 300)
      throw new Error(`${method} ${route}: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body;
  }

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    api = await startTestApi({ env: { DEMO_SEED: '1' } });
    base = lanOrigin(api.url);
    const accounts = JSON.parse(
      await readFile(path.join(api.config.dataDir, 'demo-accounts.json'), 'utf8'),
    ) as DemoAccount[];
    boss = accounts.find((a) => a.role === 'manager')!;
    manager = await api.login(boss.phone, boss.password);

    lanBrowser = await openLanBrowser('mgr');
    context = lanBrowser.context;
    page = await context.newPage();
    // 停用 and 重置密码 ask first.
    page.on('dialog', (dialog) => void dialog.accept());
  }, 120_000);

  afterAll(async () => {
    await lanBrowser?.close();
    await api?.close();
    await receiver?.close();
  }, 60_000);

  const shot = async (name: string) => {
    await page.evaluate('window.scrollTo(0, 0)');
    await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
  };
  const login = async (phone: string, password: string, home: string) => {
    await page.evaluate('localStorage.removeItem("yumiao.session")').catch(() => undefined);
    await page.goto(`${base}/login`);
    await page.fill('input[name=phone]', phone);
    await page.fill('input[name=password]', password);
    await page.click('button[type=submit]');
    await page.waitForURL(`**/${home}`);
  };
  /** The first-login form: the one-time password may not stay; then the technician's page opens. */
  const chooseOwnPassword = async (oneTime: string, own: string) => {
    const form = page.getByTestId('change-password');
    await form.waitFor();
    await fitsPhone(page, '.login input, .login button');
    await form.locator('input[name=currentPassword]').fill(oneTime);
    await form.locator('input[name=newPassword]').fill(oneTime);
    await form.locator('input[name=newPasswordAgain]').fill(oneTime);
    await page.getByTestId('change-password-submit').click();
    await expect(form.getByRole('alert').textContent()).resolves.toBe('新密码不能和原来的一样');
    await form.locator('input[name=newPassword]').fill(own);
    await form.locator('input[name=newPasswordAgain]').fill(own);
    await page.getByTestId('change-password-submit').click();
    await page.getByTestId('technician-tabs').waitFor();
    expect(await page.getByTestId('change-password').count()).toBe(0);
  };
  const tab = (name: 'msPeople' | 'msAlarmSetup' | 'msSettings') => page.getByTestId(`tab-${name}`).click();

  const fitsThePhone = () => fitsPhone(page, '.manager .tabs button, .ms button, .ms input, .ms select');
  /** Waits until the text of `read` contains `words` (the page updates by itself). */
  const showsText = (read: () => Promise<string | null>, words: string) =>
    waitFor(async () => ((await read()) ?? '').includes(words), { timeoutMs: 15_000, what: words });

  it('adds a technician who logs in, a phoneless buyer, and resets a password shown once', async () => {
    await login(boss.phone, boss.password, 'manager');
    await tab('msPeople');
    await page.getByTestId('add-user').click();
    const form = page.getByTestId('user-form');
    await form.locator('input[name=phone]').fill(NEW_TECHNICIAN.phone);
    await form.locator('input[name=name]').fill(NEW_TECHNICIAN.name);
    await form.locator('select[name=role]').selectOption('technician');
    await fitsThePhone();
    await shot('manager-people-add-360');
    await page.getByTestId('user-submit').click();
    const first = (await page.getByTestId('one-time-password-value').textContent({ timeout: 10_000 }))!;
    expect(first).toMatch(/^\w{8,}$/);
    await expect(page.getByTestId('one-time-password').textContent()).resolves.toContain(NEW_TECHNICIAN.name);
    await page.getByTestId(`user-${NEW_TECHNICIAN.phone}`).waitFor();
    await fitsThePhone();
    await shot('manager-people-created-360');
    const created = (await ok<PublicUser[]>('GET', '/api/users')).find(
      (u) => u.phone === NEW_TECHNICIAN.phone,
    );
    expect(created).toMatchObject({ name: NEW_TECHNICIAN.name, role: 'technician', disabled: false });

    // A buyer with neither a phone nor an account (their party secretary orders for them).
    await page.getByTestId('add-buyer').click();
    const buyerForm = page.getByTestId('buyer-form');
    await buyerForm.locator('input[name=name]').fill('李大爷');
    await buyerForm.locator('input[name=village]').fill('东沟村');
    await buyerForm.locator('select[name=kind]').selectOption('household');
    await fitsThePhone();
    await page.getByTestId('buyer-submit').click();
    await expect(page.getByTestId('buyer-notice').textContent()).resolves.toContain('李大爷');
    await page.getByTestId('buyer-李大爷').waitFor();
    const buyer = (await ok<BuyerResponse[]>('GET', '/api/buyers')).find((b) => b.name === '李大爷');
    expect(buyer).toMatchObject({ village: '东沟村', kind: 'household', phone: null, userId: null });
    await expect(page.getByTestId('buyer-李大爷').textContent()).resolves.toContain('无电话');

    // The new technician logs in with the password shown once and must choose their own first.
    await login(NEW_TECHNICIAN.phone, first, 'technician');
    await chooseOwnPassword(first, 'zhao-own-2027');
    expect(
      (await ok<PublicUser[]>('GET', '/api/users')).find((u) => u.phone === NEW_TECHNICIAN.phone),
    ).toMatchObject({ mustChangePassword: false });

    // The manager resets it: the new one-time password works, the first no longer does.
    await login(boss.phone, boss.password, 'manager');
    await tab('msPeople');
    const card = page.getByTestId(`user-${NEW_TECHNICIAN.phone}`);
    await card.getByTestId('user-reset').click();
    const second = (await card.getByTestId('one-time-password-value').textContent({ timeout: 10_000 }))!;
    expect(second).not.toBe(first);
    await fitsThePhone();
    await shot('manager-people-reset-360');
    expect(
      (
        await api.request('POST', '/api/auth/login', {
          body: { phone: NEW_TECHNICIAN.phone, password: first },
        })
      ).status,
    ).toBe(401);
    await login(NEW_TECHNICIAN.phone, second, 'technician');
    await chooseOwnPassword(second, 'zhao-own-2028');
  }, 90_000);

  it('sets the night roster with a DingTalk robot and sends it a signed test message', async () => {
    // The endpoint acts as a DingTalk robot set up with 加签: it refuses what is not signed.
    receiver.secrets.set('/night', DINGTALK_SECRET);
    await login(boss.phone, boss.password, 'manager');
    await tab('msAlarmSetup');
    await page.getByTestId('roster-add').waitFor();
    const before = await page.locator('article[data-testid^=roster-]').count();
    await page.getByTestId('roster-add').click();
    const entry = page.getByTestId(`roster-${before}`);
    const technician = (await ok<PublicUser[]>('GET', '/api/users')).find(
      (u) => u.phone === NEW_TECHNICIAN.phone,
    )!;
    await entry.locator('select[name=userId]').selectOption(technician.id);
    await entry.locator('select[name=shift]').selectOption('night');
    await entry.locator('select[name=minSeverity]').selectOption('critical');
    await entry.locator('input[name=webhookUrl]').fill(`${receiver.url}/night`);
    await entry.locator('select[name=webhookFormat]').selectOption('dingtalk');
    await entry.locator('input[name=webhookSecret]').fill(DINGTALK_SECRET);
    await fitsThePhone();
    await page.getByTestId('roster-save').click();
    await expect(page.getByTestId('roster-notice').textContent()).resolves.toContain('值班表已保存');
    const roster = await ok<RosterEntryResponse[]>('GET', '/api/alarms/roster');
    expect(roster.at(-1)).toMatchObject({
      name: NEW_TECHNICIAN.name,
      userId: technician.id,
      phone: NEW_TECHNICIAN.phone,
      shift: 'night',
      minSeverity: 'critical',
      webhookUrl: `${receiver.url}/night`,
      webhookFormat: 'dingtalk',
      webhookSecret: DINGTALK_SECRET,
    });

    // Only the test messages: after 07:00 at the nursery the morning report (signed, whatever the
    // form says) reaches the same robot too, on a real clock (ci3, ci5).
    const testMessages = () =>
      receiver.received.filter(
        (r) =>
          r.path === '/night' &&
          ((r.body.text as { content?: string } | undefined)?.content ?? '').includes('【育苗测试】'),
      );
    // 发送测试: the robot's answer on screen, the DingTalk text message at the endpoint.
    const robot = page.getByTestId('robot').filter({ hasText: `${receiver.url}/night` });
    await robot.getByTestId('robot-test').click();
    const answer = (await robot.getByTestId('robot-answer').textContent({ timeout: 10_000 }))!;
    expect(answer).toContain('机器人已收到');
    expect(answer).toContain('HTTP 200');
    expect(answer).toContain('"errcode":0');
    expect(testMessages()).toHaveLength(1);
    const arrived = testMessages();
    expect(arrived[0].signed).toBe(true);
    await expect(robot.getByTestId('robot-signed').textContent()).resolves.toContain('加签');
    expect(arrived[0].body).toMatchObject({
      msgtype: 'text',
      at: { atMobiles: [NEW_TECHNICIAN.phone], isAtAll: false },
    });
    expect((arrived[0].body.text as { content: string }).content).toContain('【育苗测试】');
    await fitsThePhone();
    await shot('manager-alarm-setup-360');

    // A robot that answers 500 is shown as refused, with its answer.
    receiver.failing.add('/night');
    await robot.getByTestId('robot-test').click();
    await robot.locator('[data-testid=robot-answer].bad').waitFor({ timeout: 10_000 });
    await expect(robot.getByTestId('robot-answer').textContent()).resolves.toContain('HTTP 500');
    receiver.failing.delete('/night');

    // Without the secret the robot refuses the message, and the page shows its errcode.
    await entry.locator('input[name=webhookSecret]').fill('');
    await robot.getByTestId('robot-test').click();
    await robot.locator('[data-testid=robot-answer].bad').waitFor({ timeout: 10_000 });
    await expect(robot.getByTestId('robot-answer').textContent()).resolves.toContain('310000');
    expect(testMessages().at(-1)?.signed).toBe(false);
  }, 60_000);

  it("overrides a house's cold warning beside the catalogue's value and the value in force (issue 21)", async () => {
    await login(boss.phone, boss.password, 'manager');
    await tab('msAlarmSetup');
    const setup = page.getByTestId('house-limits-setup');
    await setup.locator('select[name=hlZone]').selectOption('gh1');
    const info = setup.getByTestId('hl-coldWarnC-info');
    const coldIn = async () =>
      (await ok<HouseLimitsResponse>('GET', '/api/zones/gh1/limits')).limits.find(
        (l) => l.key === 'coldWarnC',
      )!;
    const degrees = (value: number) => `${Number(value.toFixed(1))} °C`;
    const before = await coldIn();
    expect(before.source.kind).toBe('crop');
    expect(before.catalogueValue).toBe(before.value);
    await showsText(
      () => info.textContent(),
      `目录 ${degrees(before.value)} · 在用 ${degrees(before.value)}`,
    );

    const wanted = before.catalogueValue + 3;
    await setup.locator('input[name=coldWarnC]').fill(String(wanted));
    await fitsThePhone();
    await page.getByTestId('hl-save').click();
    await showsText(
      () => info.textContent(),
      `目录 ${degrees(before.catalogueValue)} · 在用 ${degrees(wanted)}管理员设定（本棚）`,
    );
    expect(await coldIn()).toMatchObject({
      value: wanted,
      catalogueValue: before.catalogueValue,
      source: { kind: 'override', zone: 'gh1', stage: '' },
    });
    await shot('manager-house-limits-360');

    // Emptied, the field follows the catalogue again.
    await setup.locator('input[name=coldWarnC]').fill('');
    await page.getByTestId('hl-save').click();
    await showsText(() => info.textContent(), `在用 ${degrees(before.value)}`);
    expect((await coldIn()).source.kind).toBe('crop');
  }, 60_000);

  it('changes the pickup place, seen by the api, and finds the change in the audit log', async () => {
    await login(boss.phone, boss.password, 'manager');
    await tab('msSettings');
    const nursery = page.getByTestId('nursery-settings');
    await nursery.locator('input[name=pickupPlace]').fill('村委会西侧 3 号大棚门口');
    await fitsThePhone();
    await page.getByTestId('nursery-save').click();
    await expect(nursery.getByTestId('settings-notice').textContent()).resolves.toContain('已保存');
    const settings = await ok<OrderSettingsResponse>('GET', '/api/order-settings');
    expect(settings.nursery.pickupPlace).toBe('村委会西侧 3 号大棚门口');
    // The rules with their defaults.
    const rules = page.getByTestId('order-rules');
    await expect(rules.locator('input[name=depositPct]').inputValue()).resolves.toBe(
      String(settings.depositShare * 100),
    );
    await expect(rules.textContent()).resolves.toContain('默认 30%');

    await page.getByTestId('audit-log').locator('select[name=area]').selectOption('settings.');
    await page.getByTestId('audit-entry').filter({ hasText: 'settings.updated' }).first().waitFor();
    const audit = await ok<AuditEntryResponse[]>('GET', '/api/audit?action=settings.');
    expect(audit[0]).toMatchObject({ action: 'settings.updated', actorUserId: expect.any(String) });
    // Everything, 30 entries a page: the demo's history pages on by entry id.
    await page.getByTestId('audit-log').locator('select[name=area]').selectOption('');
    await page.getByTestId('audit-more').click();
    await page.getByTestId('audit-entry').nth(30).waitFor({ timeout: 10_000 });
    const ids = await page.getByTestId('audit-entry').evaluateAll((cards) => cards.length);
    expect(ids).toBeGreaterThan(30);
    await fitsThePhone();
    await shot('manager-settings-360');
  }, 60_000);

  it('lays the set-up screens out at 1280 px', async () => {
    await page.setViewportSize({ width: 1280, height: 900 });
    for (const name of ['msPeople', 'msAlarmSetup', 'msSettings'] as const) {
      await tab(name);
      await page.locator('.ms .card').first().waitFor();
      expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(1280);
      await shot(`manager-${name}-1280`);
    }
    await page.setViewportSize(PHONE);
  }, 60_000);

  it('reads in English with no Chinese in its own words', async () => {
    await page.getByRole('button', { name: 'EN' }).click();
    for (const name of ['msPeople', 'msAlarmSetup', 'msSettings'] as const) {
      await tab(name);
      await page.locator('.ms .card').first().waitFor();
      const uiText = await page.evaluate<string>(`(() => {
        const main = document.querySelector('main').cloneNode(true);
        for (const data of main.querySelectorAll('.data')) data.remove();
        return main.innerText;
      })()`);
      expect(uiText.match(new RegExp(`${CHINESE_UI.source}.{0,20}`, 'g'))).toBeNull();
      await fitsThePhone();
      await shot(`manager-${name}-360-en`);
    }
    await page.getByRole('button', { name: '中文' }).click();
  }, 60_000);
});
