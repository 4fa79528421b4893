import http from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApi, type TestApi } from './support/api-harness.js';

/**
 * What a phone on the office LAN gets over plain HTTP (`http://192.168.x.y:3000`): headers that do
 * not send it to https, and the same strict script policy as over HTTPS.
 */
describe('the dashboard over plain HTTP on a LAN', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi();
  });

  afterAll(async () => {
    await api.close();
  });

  /** The bytes as they crossed the wire (fetch would decompress them) and the headers. */
  const raw = (route: string, acceptEncoding?: string) =>
    new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
      const request = http.get(
        `${api.url}${route}`,
        { headers: acceptEncoding === undefined ? {} : { 'accept-encoding': acceptEncoding } },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () =>
            resolve({
              status: response.statusCode ?? 0,
              headers: response.headers,
              body: Buffer.concat(chunks),
            }),
          );
        },
      );
      request.on('error', reject);
    });

  const get = (route: string, headers: Record<string, string> = {}) =>
    fetch(`${api.url}${route}`, { headers });

  it('sends no upgrade-insecure-requests and no HSTS on plain HTTP, and keeps scripts to self', async () => {
    for (const route of ['/', '/technician', '/api/docs', '/api/zones']) {
      const response = await get(route);
      const policy = response.headers.get('content-security-policy') ?? '';
      expect([route, policy]).toEqual([route, expect.stringContaining("script-src 'self'")]);
      expect([route, policy]).toEqual([route, expect.stringContaining("object-src 'none'")]);
      expect([route, policy]).toEqual([route, expect.stringContaining("frame-ancestors 'self'")]);
      expect([route, policy]).not.toEqual([route, expect.stringContaining('upgrade-insecure-requests')]);
      expect([route, response.headers.get('strict-transport-security')]).toEqual([route, null]);
      expect([route, response.headers.get('x-content-type-options')]).toEqual([route, 'nosniff']);
    }
  });

  it('sends HSTS and upgrade-insecure-requests when a proxy on loopback says the request came over HTTPS', async () => {
    const response = await get('/', { 'x-forwarded-proto': 'https' });
    expect(response.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
    expect(response.headers.get('content-security-policy')).toContain('upgrade-insecure-requests');
  });

  it('serves the dashboard shell and the Swagger UI page', async () => {
    const index = await get('/');
    expect(index.status).toBe(200);
    expect(await index.text()).toContain('<div id="app">');
    const docs = await get('/api/docs');
    expect(docs.status).toBe(200);
    expect(await docs.text()).toContain('swagger-ui');
  });

  it('sends the hashed assets precompressed as the browser asks, cached for a year', async () => {
    const html = (await raw('/')).body.toString('utf8');
    const assets = [...html.matchAll(/\/assets\/[\w.-]+\.(?:js|css)/g)].map((m) => m[0]);
    expect(assets.length).toBeGreaterThanOrEqual(2);
    for (const asset of assets) {
      const plain = await raw(asset);
      expect([asset, plain.headers['content-encoding']]).toEqual([asset, undefined]);
      expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(plain.headers.vary).toContain('Accept-Encoding');

      const brotli = await raw(asset, 'gzip, deflate, br');
      expect([asset, brotli.headers['content-encoding']]).toEqual([asset, 'br']);
      expect(brotli.headers['content-type']).toBe(plain.headers['content-type']);
      expect(brotliDecompressSync(brotli.body).equals(plain.body)).toBe(true);
      expect(brotli.body.length).toBeLessThan(plain.body.length * 0.5);

      const gzip = await raw(asset, 'gzip, deflate');
      expect([asset, gzip.headers['content-encoding']]).toEqual([asset, 'gzip']);
      expect(gunzipSync(gzip.body).equals(plain.body)).toBe(true);

      const refused = await raw(asset, 'br;q=0, gzip');
      expect([asset, refused.headers['content-encoding']]).toEqual([asset, 'gzip']);
    }
  });

  it('has the browser ask for index.html every time, for the root and the client routes', async () => {
    for (const route of ['/', '/technician', '/manager']) {
      const response = await raw(route, 'gzip, deflate, br');
      expect([route, response.headers['cache-control']]).toEqual([route, 'no-cache']);
      expect([route, response.headers['content-encoding']]).toEqual([route, 'br']);
      expect(brotliDecompressSync(response.body).toString('utf8')).toContain('正在加载');
    }
  });

  it('compresses API JSON above a small size, and not below it', async () => {
    const large = await raw('/api/docs-json', 'gzip, deflate, br');
    expect(large.headers['content-type']).toContain('application/json');
    expect(['br', 'gzip']).toContain(large.headers['content-encoding']);
    expect(large.headers.vary).toContain('Accept-Encoding');
    const small = await raw('/health', 'gzip, deflate, br');
    expect(small.body.length).toBeLessThan(1024);
    expect(small.headers['content-encoding']).toBeUndefined();
  });
});
