import { createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedWebhook {
  /** The path the alarm roster pointed at (`/a`, `/b`, ...), telling recipients apart. */
  path: string;
  body: Record<string, unknown>;
  /** The query string's parameters (a DingTalk robot's `timestamp` and `sign`). */
  query: URLSearchParams;
  /** For a path with a signing secret: whether the post was signed with it (DingTalk 加签). */
  signed?: boolean;
}

export interface WebhookReceiver {
  readonly url: string;
  readonly received: ReceivedWebhook[];
  /** Paths answering 500 for now (a robot behind a dropped 4G link); `/broken` always does. */
  readonly failing: Set<string>;
  /**
   * Paths that act as a DingTalk robot set up with 加签: a post not signed with this secret is
   * refused as DingTalk refuses it (HTTP 200, errcode 310000).
   */
  readonly secrets: Map<string, string>;
  close(): Promise<void>;
}

/** DingTalk's check: HMAC-SHA256 of `timestamp\nsecret`, base64, within an hour of now. */
function signedWith(secret: string, query: URLSearchParams): boolean {
  const timestamp = query.get('timestamp') ?? '';
  const sign = query.get('sign') ?? '';
  if (!/^\d+$/.test(timestamp) || Math.abs(Date.now() - Number(timestamp)) > 3_600_000) return false;
  const expected = createHmac('sha256', secret).update(`${timestamp}\n${secret}`).digest();
  const given = Buffer.from(sign, 'base64');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * A local HTTP endpoint standing in for the WeCom / DingTalk robots and a generic webhook. It
 * answers 200 to every path except `/broken`, which answers 500 so tests can watch retries.
 */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  const failing = new Set<string>();
  const secrets = new Map<string, string>();
  const server = http.createServer((request, response) => {
    let text = '';
    request.on('data', (chunk: Buffer) => (text += chunk.toString()));
    request.on('end', () => {
      const url = new URL(request.url ?? '/', 'http://robot');
      const secret = secrets.get(url.pathname);
      const signed = secret === undefined ? undefined : signedWith(secret, url.searchParams);
      received.push({
        path: url.pathname,
        body: JSON.parse(text) as Record<string, unknown>,
        query: url.searchParams,
        ...(signed === undefined ? {} : { signed }),
      });
      if (url.pathname === '/broken' || failing.has(url.pathname)) {
        response.writeHead(500).end('down');
        return;
      }
      response
        .writeHead(200, { 'content-type': 'application/json' })
        .end(signed === false ? '{"errcode":310000,"errmsg":"sign not match"}' : '{"errcode":0}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    failing,
    secrets,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
