import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from '@jest/globals';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, requireProgram } from '#testing';

/**
 * The dashboard as a phone on the office LAN opens it, for the browser suites: Debian's Chromium
 * with the origin office.lan (not localhost, which browsers exempt from secure-context rules), at
 * 360 px, in Chinese and the nursery's time zone.
 */
export const LAN_NAME = 'office.lan';
export const PHONE = { width: 360, height: 740 } as const;
/** Screenshots go here (gitignored); a person looks at them. */
export const ARTIFACTS = path.resolve(import.meta.dirname, '..', '..', 'test-artifacts');
/** Chinese characters and full-width punctuation: none may show on an English page. */
export const CHINESE_UI = /[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]/;

export interface LanBrowser {
  readonly context: BrowserContext;
  close(): Promise<void>;
}

/** A fresh Chromium profile that resolves office.lan to this machine. */
export async function openLanBrowser(
  name: string,
  options: { acceptDownloads?: boolean } = {},
): Promise<LanBrowser> {
  const browser = requireProgram('chromium');
  if (!browser.available) throw new Error(`chromium is missing: ${browser.installCommand}`);
  await mkdir(ARTIFACTS, { recursive: true });
  const profileDir = await mkdtemp(path.join(os.tmpdir(), `yumiao-${name}-chromium-`));
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: browser.binary,
    headless: true,
    args: [...CHROMIUM_ARGS, `--host-resolver-rules=MAP ${LAN_NAME} 127.0.0.1`],
    viewport: PHONE,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    ...(options.acceptDownloads ? { acceptDownloads: true } : {}),
  });
  return {
    context,
    async close() {
      await context.close();
      await rm(profileDir, { recursive: true, force: true });
    },
  };
}

/** The api's address as a phone on the LAN would open it. */
export function lanOrigin(apiUrl: string): string {
  return `http://${LAN_NAME}:${new URL(apiUrl).port}`;
}

/**
 * No sideways scrolling at the page's width, and every control matching `controls` at least 44 px
 * tall (gloved or wet hands), and the header on one row.
 */
export async function fitsThePhone(page: Page, controls: string): Promise<void> {
  expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(
    page.viewportSize()!.width,
  );
  const small = await page.evaluate<string[]>(`
    [...document.querySelectorAll(${JSON.stringify(controls)})]
      .filter((e) => e.getBoundingClientRect().height > 0 && e.getBoundingClientRect().height < 43.5)
      .map((e) => e.tagName + ' ' + (e.getAttribute('name') ?? e.textContent))
  `);
  expect(small).toEqual([]);
  // The header stays one row (about 52 px): two rows push the work below the fold on a phone.
  const header = await page.evaluate<number>(
    "document.querySelector('header.top')?.getBoundingClientRect().height ?? 0",
  );
  expect(header).toBeLessThanOrEqual(60);
}

/** Logs `account` in through the page's form and waits for its home page. */
export async function logInOnPage(
  page: Page,
  base: string,
  account: { phone: string; password: string },
  home: string,
): Promise<void> {
  await page.goto(`${base}/login`);
  await page.fill('input[name=phone]', account.phone);
  await page.fill('input[name=password]', account.password);
  await page.click('button[type=submit]');
  await page.waitForURL(`**${home}`);
}
