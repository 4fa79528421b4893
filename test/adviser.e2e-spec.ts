import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { HTTP_ROUTES, type HttpRoute } from '#contracts';
import { startTestApi, TEST_ADMIN, type TestApi } from './support/api-harness.js';

/**
 * Issue 20 item 1: the adviser (顾问, the visiting expert) reads houses, batches, alarms and the
 * annual report, and writes nothing but observations and their photos (issue 25 item 6). This is
 * docs/roles.md's table, route by route over every route of the contract: the reads answer (200,
 * or 404 for an id that does not exist; 400 for the observation writes sent an empty body),
 * everything else answers 403, writes included, whatever the body.
 */
const ADVISER_ROUTES: readonly HttpRoute[] = [
  'GET /api/users/me',
  'PATCH /api/users/me',
  'GET /api/zones',
  'GET /api/zones/:code',
  'GET /api/zones/:zone/latest',
  'GET /api/zones/:zone/limits',
  'GET /api/zones/:zone/benches',
  'GET /api/readings',
  'GET /api/readings/export',
  'GET /api/batches',
  'GET /api/batches/:id',
  'GET /api/batches/:id/passport',
  'GET /api/crops',
  'GET /api/crops/:key',
  'GET /api/crops/empty-house',
  'GET /api/alarms',
  'GET /api/alarms/history',
  'GET /api/alarms/settings',
  'GET /api/alarms/:id',
  'GET /api/reports/annual',
  'GET /api/reports/losses',
  'GET /api/observations',
  'POST /api/observations',
  'POST /api/photos',
  'GET /api/photos/:id',
];
/** Open to anyone: signing in and out. */
const PUBLIC_ROUTES = new Set<string>([
  'POST /api/auth/login',
  'POST /api/auth/refresh',
  'POST /api/auth/logout',
  // The climate passport's link: its token is the secret (404 for any other).
  'GET /api/passports/:token',
]);

/** A concrete URL for a route: ids that exist where the route reads a house or a crop. */
function urlOf(route: HttpRoute): { method: string; url: string } {
  const [method, template] = route.split(' ') as [string, string];
  const url = template
    .replace(':zone', 'gh1')
    .replace(':code', 'gh1')
    .replace(':key', 'tomato')
    .replace(/:[a-zA-Z]+/g, '00000000-0000-4000-8000-000000000000');
  const query = route.startsWith('GET /api/readings') ? '?zone=gh1&metric=air_temp_c' : '';
  return { method, url: `${url}${query}` };
}

describe('the adviser reads and never writes', () => {
  let api: TestApi;
  let adviser: string;

  beforeAll(async () => {
    api = await startTestApi();
    const manager = await api.login(TEST_ADMIN.phone, TEST_ADMIN.password);
    await api.request('POST', '/api/zones', {
      token: manager,
      body: { code: 'gh1', kind: 'greenhouse', name: '1号棚' },
    });
    const created = await api.request<{ password: string }>('POST', '/api/users', {
      token: manager,
      body: { phone: '13700000301', name: '刘专家', role: 'adviser' },
    });
    expect(created.status).toBe(201);
    const own = await api.ownPassword('13700000301', created.body.password);
    adviser = await api.login('13700000301', own);
  });

  afterAll(async () => {
    await api?.close();
  });

  it('has every route of the table in the contract', () => {
    expect(ADVISER_ROUTES.filter((route) => !HTTP_ROUTES.includes(route))).toEqual([]);
  });

  it('answers the reads of the table and refuses every other route with 403', async () => {
    const wrong: string[] = [];
    for (const route of HTTP_ROUTES) {
      if (PUBLIC_ROUTES.has(route)) continue;
      const { method, url } = urlOf(route);
      const answer = await api.request(method, url, {
        token: adviser,
        ...(method === 'GET' || method === 'DELETE' ? {} : { body: {} }),
      });
      const allowed = ADVISER_ROUTES.includes(route);
      if (allowed && (answer.status === 403 || answer.status === 401 || answer.status >= 500))
        wrong.push(`${route}: ${answer.status}, expected an answer`);
      if (!allowed && answer.status !== 403) wrong.push(`${route}: ${answer.status}, expected 403`);
    }
    expect(wrong).toEqual([]);
  });

  it('reads a house, its batches, the alarm history, the annual report and the loss ledger', async () => {
    for (const url of [
      '/api/zones/gh1',
      '/api/batches',
      '/api/alarms/history',
      '/api/reports/annual?year=2027',
      '/api/reports/losses?year=2027',
    ])
      expect((await api.request('GET', url, { token: adviser })).status).toBe(200);
  });
});
