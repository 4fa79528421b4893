/**
 * First load of the dashboard on the wire (not a test): `npm run bench:web`.
 *
 * Starts the api as a user would (`node dist/apps/api/src/main.js`: embedded PostgreSQL and broker,
 * demo seed and simulator) in a temporary DATA_DIR and, for each role, opens its page in Debian's
 * chromium under a LAN name (`office.lan`, plain HTTP, as a phone would) at 360 px with a cold
 * cache: the session is made through the login form, then the browser cache is cleared and the
 * page is loaded again. Through the DevTools protocol it counts every byte on the wire from the
 * navigation until the live values show and the network is idle: `Network.loadingFinished`'s
 * encodedDataLength (headers and body as received, so compressed sizes) for the document, assets and
 * API JSON, plus the Socket.IO WebSocket's handshake and frames. Prints each response with its
 * content-encoding and the total per role against the 300 KB budget, and writes the figures to
 * docs/benchmarks.md under "Web first load".
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Page } from 'playwright-core';
import { lanChromiumArgs } from '#testing';
import { startBuiltApi } from './built-api.js';

const BUDGET_BYTES = 300 * 1024;
const LAN_NAME = 'office.lan';
const ROLES = ['technician', 'manager', 'buyer'] as const;
type Role = (typeof ROLES)[number];

/** What each role's page shows once its live data is there. */
const LIVE_VALUES: Record<Role, string> = {
  technician: '[data-testid=value-gh1-air_temp_c]:not(:empty)',
  manager: '[data-testid^=order-]',
  buyer: '[data-testid=order-form] select[name=crop] option',
};

interface Response {
  url: string;
  encoding: string;
  bytes: number;
}

interface RoleLoad {
  role: Role;
  responses: Response[];
  socketBytes: number;
  total: number;
  ms: number;
}

async function measure(page: Page, base: string, role: Role): Promise<RoleLoad> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.clearBrowserCache');
  const seen = new Map<string, { url: string; encoding: string }>();
  const responses: Response[] = [];
  let socketBytes = 0;
  cdp.on('Network.responseReceived', (event) => {
    const headers = Object.fromEntries(
      Object.entries(event.response.headers).map(([k, v]) => [k.toLowerCase(), String(v)]),
    );
    seen.set(event.requestId, { url: event.response.url, encoding: headers['content-encoding'] ?? 'none' });
  });
  cdp.on('Network.loadingFinished', (event) => {
    const response = seen.get(event.requestId);
    if (response === undefined || response.url.startsWith('data:')) return;
    responses.push({ ...response, bytes: event.encodedDataLength });
  });
  cdp.on('Network.webSocketHandshakeResponseReceived', (event) => {
    // Headers only (the frames follow): status line and header lines as sent.
    socketBytes += Object.entries(event.response.headers).reduce(
      (sum, [k, v]) => sum + k.length + String(v).length + 4,
      20,
    );
  });
  cdp.on('Network.webSocketFrameReceived', (event) => {
    socketBytes += Buffer.byteLength(event.response.payloadData) + 2;
  });
  cdp.on('Network.webSocketFrameSent', (event) => {
    socketBytes += Buffer.byteLength(event.response.payloadData) + 6;
  });

  const started = Date.now();
  await page.goto(`${base}/${role}`);
  await page.locator('[data-testid=connection][data-state=live]').waitFor({ timeout: 30_000 });
  await page.locator(LIVE_VALUES[role]).first().waitFor({ state: 'attached', timeout: 30_000 });
  await page.waitForLoadState('networkidle');
  const ms = Date.now() - started;
  await cdp.detach();
  const total = responses.reduce((sum, r) => sum + r.bytes, 0) + socketBytes;
  return { role, responses, socketBytes, total, ms };
}

/** The path and query, less the chart's time window (the same on every run but for the clock). */
function shortUrl(url: string, base: string): string {
  return url.replace(base, '').replace(/&from=[^&]*&to=[^&]*/, '');
}

function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

function report(loads: RoleLoad[], base: string): string {
  const lines: string[] = [];
  for (const load of loads) {
    lines.push(
      `${load.role}: ${kb(load.total)} on the wire (budget ${kb(BUDGET_BYTES)}: ${load.total <= BUDGET_BYTES ? 'within' : 'OVER'}), ${load.responses.length} responses, live in ${load.ms} ms`,
    );
    for (const r of load.responses)
      lines.push(`  ${kb(r.bytes).padStart(9)}  ${r.encoding.padEnd(5)} ${shortUrl(r.url, base)}`);
    lines.push(`  ${kb(load.socketBytes).padStart(9)}  ws    Socket.IO handshake and frames until live`);
  }
  return lines.join('\n');
}

function writeSection(file: string, body: string): void {
  const heading = '\n## Web first load\n';
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
  const start = text.indexOf(heading);
  const next = start < 0 ? -1 : text.indexOf('\n## ', start + 1);
  const before = start < 0 ? `${text.trimEnd()}\n` : text.slice(0, start);
  writeFileSync(file, `${before}${heading}${body}${next < 0 ? '' : text.slice(next)}`);
}

async function main(): Promise<void> {
  let root = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(root, 'apps/web'))) root = path.dirname(root);
  const api = await startBuiltApi(root, { name: 'web', simulator: true, echo: false });
  const base = `http://${LAN_NAME}:${api.port}`;
  const dataDir = api.dataDir;
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_BIN ?? '/usr/bin/chromium',
    headless: true,
    args: lanChromiumArgs(LAN_NAME),
  });
  try {
    const accounts = JSON.parse(readFileSync(path.join(dataDir, 'demo-accounts.json'), 'utf8')) as {
      phone: string;
      password: string;
      role: string;
    }[];
    const loads: RoleLoad[] = [];
    for (const role of ROLES) {
      const context = await browser.newContext({
        viewport: { width: 360, height: 740 },
        locale: 'zh-CN',
        timezoneId: 'Asia/Shanghai',
      });
      const page = await context.newPage();
      const who = accounts.find((a) => a.role === role)!;
      await page.goto(`${base}/login`);
      await page.fill('input[name=phone]', who.phone);
      await page.fill('input[name=password]', who.password);
      await page.click('button[type=submit]');
      await page.waitForURL(`**/${role}`);
      const fresh = await context.newPage();
      await page.close();
      loads.push(await measure(fresh, base, role));
      await context.close();
    }
    const text = report(loads, base);
    process.stdout.write(`${text}\n`);
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      cwd: root,
      encoding: 'utf8',
    }).trim();
    writeSection(
      path.join(root, 'docs/benchmarks.md'),
      [
        '',
        `\`npm run bench:web\` at ${commit} (${new Date().toISOString().slice(0, 10)}, 2-core machine, Chromium`,
        `${browser.version()} under \`${LAN_NAME}\` over plain HTTP, 360 px, cold cache after logging in). Bytes`,
        'are `Network.loadingFinished` encodedDataLength (headers and body as received) from navigation',
        'until the live values show and the network is idle, plus the Socket.IO WebSocket; budget 300 KB.',
        'Chromium offers only `gzip, deflate` over plain HTTP (brotli only to secure origins), so a phone',
        'on the LAN gets the .gz copies; the .br copies serve HTTPS behind a proxy.',
        '',
        '```',
        text,
        '```',
        '',
      ].join('\n'),
    );
    if (loads.some((l) => l.total > BUDGET_BYTES)) process.exitCode = 1;
  } finally {
    await browser.close();
    await api.stop();
  }
}

await main();
