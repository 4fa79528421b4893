import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedWebhook {
  /** The path the alarm roster pointed at (`/a`, `/b`, ...), telling recipients apart. */
  path: string;
  body: Record<string, unknown>;
}

export interface WebhookReceiver {
  readonly url: string;
  readonly received: ReceivedWebhook[];
  /** Paths answering 500 for now (a robot behind a dropped 4G link); `/broken` always does. */
  readonly failing: Set<string>;
  close(): Promise<void>;
}

/**
 * A local HTTP endpoint standing in for the WeCom / DingTalk robots and a generic webhook. It
 * answers 200 to every path except `/broken`, which answers 500 so tests can watch retries.
 */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  const failing = new Set<string>();
  const server = http.createServer((request, response) => {
    let text = '';
    request.on('data', (chunk: Buffer) => (text += chunk.toString()));
    request.on('end', () => {
      received.push({ path: request.url ?? '', body: JSON.parse(text) as Record<string, unknown> });
      if (request.url === '/broken' || failing.has(request.url ?? '')) {
        response.writeHead(500).end('down');
        return;
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"errcode":0}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    failing,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
