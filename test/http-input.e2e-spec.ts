import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { TEST_ADMIN, startTestApi, type TestApi } from './support/api-harness.js';

interface ErrorBody {
  statusCode: number;
  code: string;
  details?: { field: string; constraint?: string }[];
}

/** Issue #22 item 5: bad HTTP input is a 4xx naming the problem, never a 500. */
describe('HTTP input limits', () => {
  let api: TestApi;
  let manager: string;

  beforeAll(async () => {
    api = await startTestApi();
    manager = await api.login(TEST_ADMIN.phone, TEST_ADMIN.password);
  });

  afterAll(async () => {
    await api.close();
  });

  /** Each [method, route, body, field] is refused 400 with one problem: that field and constraint. */
  async function expectOneProblem(
    cases: [string, string, unknown, string][],
    constraint: string,
    params: Record<string, unknown> = {},
  ) {
    for (const [method, route, body, field] of cases) {
      const response = await api.request<ErrorBody>(method, route, { token: manager, body });
      expect([route, response.status, response.body.details]).toEqual([
        route,
        400,
        [{ field, constraint, params }],
      ]);
    }
  }

  const line = { crop: 'pepper', quantity: 1000, wantedDate: '2027-04-25' };

  it.each(['2027-02-31', '2027-13-01', '9999-01-01', '2027-4-1'])(
    'refuses the order date %s with 400 naming the field',
    async (wantedDate) => {
      const response = await api.request<ErrorBody>('POST', '/api/orders', {
        token: manager,
        body: { lines: [{ ...line, wantedDate }] },
      });
      expect([response.status, response.body.code]).toEqual([400, 'VALIDATION_FAILED']);
      expect(response.body.details?.map((detail) => detail.field)).toContain('lines.0.wantedDate');
    },
  );

  it('refuses a reading range whose instants are not in the calendar', async () => {
    for (const from of ['2027-02-31T00:00:00Z', '2027-01-01T25:00:00Z', '+275760-09-13T00:00:00Z']) {
      const query = new URLSearchParams({
        zone: 'gh1',
        metric: 'air_temp_c',
        from,
        to: '2027-03-05T00:00:00Z',
      });
      const response = await api.request<ErrorBody>('GET', `/api/readings?${query.toString()}`, {
        token: manager,
      });
      expect([from, response.status, response.body.details?.map((detail) => detail.field)]).toEqual([
        from,
        400,
        ['from'],
      ]);
    }
  });

  it('refuses trays, cells, quantities and prices no nursery meets', async () => {
    const cases: [string, string, unknown, string][] = [
      ['POST', '/api/batches', { crop: 'pepper', zone: 'gh1', trays: 100_000 }, 'trays'],
      ['POST', '/api/batches', { crop: 'pepper', zone: 'gh1', trays: 10, cells: 100_000 }, 'cells'],
      ['POST', '/api/orders', { lines: [{ ...line, quantity: 5_000_001 }] }, 'lines.0.quantity'],
      ['POST', '/api/orders', { lines: [{ ...line, priceFen: 3_000_000_000 }] }, 'lines.0.priceFen'],
      ['POST', '/api/costs', { date: '2027-01-01', category: 'seed', amountFen: 2 ** 31 }, 'amountFen'],
      ['PATCH', '/api/zones/gh1', { trayCapacity: 2 ** 40 }, 'trayCapacity'],
      ['PATCH', '/api/crops/pepper', { traysAlt: [72, 100_000] }, 'traysAlt'],
      ['PATCH', '/api/crops/pepper', { coldCritC: -300 }, 'coldCritC'],
    ];
    for (const [method, route, body, field] of cases) {
      const response = await api.request<ErrorBody>(method, route, { token: manager, body });
      expect([route, field, response.status, response.body.details?.some((d) => d.field === field)]).toEqual([
        route,
        field,
        400,
        true,
      ]);
    }
  });

  it('names the field, the constraint and its parameters, and an unknown field', async () => {
    const response = await api.request<ErrorBody>('POST', '/api/orders', {
      token: manager,
      body: { lines: [{ ...line, quantity: 5_000_001, colour: 'red' }] },
    });
    expect(response.status).toBe(400);
    expect(response.body.details).toEqual(
      expect.arrayContaining([
        { field: 'lines.0.quantity', constraint: 'max', params: { max: 5_000_000 } },
        { field: 'lines.0.colour', constraint: 'UNKNOWN_FIELD', params: {} },
      ]),
    );
    const date = await api.request<ErrorBody>('POST', '/api/orders', {
      token: manager,
      body: { lines: [{ ...line, wantedDate: '2027-02-31' }] },
    });
    expect(date.body.details).toEqual([
      {
        field: 'lines.0.wantedDate',
        constraint: 'isCalendarDate',
        params: { min: '2000-01-01', max: '2100-12-31' },
      },
    ]);
  });

  it('answers 413 in the api error shape for a body over the limit', async () => {
    const response = await fetch(`${api.url}/api/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${manager}` },
      body: JSON.stringify({ note: 'x'.repeat(2 * 1024 * 1024) }),
    });
    expect(response.status).toBe(413);
    expect(((await response.json()) as ErrorBody).code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('answers 400 for a deeply nested body and for malformed JSON', async () => {
    for (const depth of [20, 100_000]) {
      const response = await fetch(`${api.url}/api/orders`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${manager}` },
        body: `{"lines":${'['.repeat(depth)}${']'.repeat(depth)}}`,
      });
      const body = (await response.json()) as ErrorBody;
      expect([depth, response.status, body.details?.[0]?.constraint]).toEqual([depth, 400, 'maxDepth']);
    }
    const malformed = await fetch(`${api.url}/api/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${manager}` },
      body: '{"lines": [',
    });
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as ErrorBody).code).toBe('INVALID_JSON');
  });

  it('refuses a repeated query parameter', async () => {
    const response = await api.request<ErrorBody>('GET', '/api/orders?limit=1&limit=2', { token: manager });
    expect([response.status, response.body.code, response.body.details?.[0]]).toEqual([
      400,
      'VALIDATION_FAILED',
      { field: 'limit', constraint: 'singleValue', params: {} },
    ]);
    const zones = await api.request<ErrorBody>('GET', '/api/zones?site=a&site=b', { token: manager });
    expect(zones.status).toBe(400);
  });

  it('refuses text no column can store, in a query, a path, a body value or key, naming the field', async () => {
    // A NUL byte is SQLSTATE 22021 in PostgreSQL and a lone surrogate's escape 22P05 in jsonb; both
    // reached it (a 400 INVALID_VALUE naming nothing), some after the service had written.
    const cases: [string, string, unknown, string][] = [
      ['GET', '/api/orders?village=%00', undefined, 'village'],
      ['GET', '/api/zones?site=a%00b', undefined, 'site'],
      ['GET', '/api/batches/%00', undefined, 'id'],
      ['PATCH', '/api/users/me', { name: 'a\u0000b' }, 'name'],
      ['PUT', '/api/alarms/settings/gh1', { thresholds: { 'cold\u0000': 1 } }, 'thresholds.cold\u0000'],
    ];
    await expectOneProblem(cases, 'storableText');
  });

  it('refuses a buyer whose village is half a surrogate pair, and writes no buyer', async () => {
    // The buyer row was inserted before its audit entry's jsonb refused the escape: 400, yet written.
    const before = await api.request<unknown[]>('GET', '/api/buyers', { token: manager });
    const response = await fetch(`${api.url}/api/buyers`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${manager}` },
      body: '{"name":"fuzz","village":"\\ud800x","kind":"household"}',
    });
    const body = (await response.json()) as ErrorBody;
    expect([response.status, body.details?.[0]?.field]).toEqual([400, 'village']);
    const after = await api.request<unknown[]>('GET', '/api/buyers', { token: manager });
    expect(after.body.length).toBe(before.body.length);
  });

  it('refuses null for a field that may be left out, naming it', async () => {
    // IsOptional let null through to NOT NULL columns and TypeORM's where conditions (500).
    const absent = '00000000-0000-4000-8000-000000000000';
    const cases: [string, string, unknown, string][] = [
      ['PATCH', '/api/users/me', { name: null }, 'name'],
      ['POST', '/api/buyers', { name: 'x', village: 'x', kind: 'household', userId: null }, 'userId'],
      ['PATCH', '/api/zones/gh1', { hasHeating: null }, 'hasHeating'],
      ['PATCH', `/api/orders/${absent}/lines/${absent}`, { wantedDate: null }, 'wantedDate'],
    ];
    for (const [method, route, body, field] of cases) {
      const response = await api.request<ErrorBody>(method, route, { token: manager, body });
      const fields = new Set(response.body.details?.map((detail) => detail.field));
      expect([route, response.status, [...fields]]).toEqual([route, 400, [field]]);
    }
  });

  it('refuses a duty roster entry whose user is not an id', async () => {
    // user_id is a uuid column: "not-an-id" reached PostgreSQL (22P02).
    const response = await api.request<ErrorBody>('PUT', '/api/alarms/roster', {
      token: manager,
      body: { entries: [{ name: '值班', shift: 'always', userId: 'not-an-id' }] },
    });
    expect([response.status, response.body.details]).toEqual([
      400,
      [{ field: 'entries.0.userId', constraint: 'isUuid', params: {} }],
    ]);
  });

  it('refuses a share in exponent notation and a zone code no house can have, naming the field', async () => {
    // IsNumber({ maxDecimalPlaces }) threw a TypeError on 1e-9 (500).
    const share = await api.request<ErrorBody>('PATCH', '/api/reports/settings', {
      token: manager,
      body: { collectiveShare: 1e-9 },
    });
    expect([share.status, share.body.details]).toEqual([
      400,
      [{ field: 'collectiveShare', constraint: 'isNumber', params: {} }],
    ]);
    // A 2,000-character zone reached alarm_settings.zone (varchar 64) as a PostgreSQL error.
    const long = await api.request<ErrorBody>('PUT', `/api/alarms/settings/${'x'.repeat(2_000)}`, {
      token: manager,
      body: {},
    });
    expect([long.status, long.body.details]).toEqual([
      400,
      [{ field: 'zone', constraint: 'isCode', params: {} }],
    ]);
    const siteWide = await api.request('PUT', '/api/alarms/settings/*', { token: manager, body: {} });
    expect(siteWide.status).toBe(200);
  });

  it('refuses an array where a nested object belongs, naming the field', async () => {
    // ValidateNested checked the items of such an array instead, and the service got an array (500).
    const cases: [string, string, unknown, string][] = [
      ['PUT', '/api/alarms/roster', { entries: [[{ name: '值班', shift: 'day' }]] }, 'entries'],
      ['PATCH', '/api/order-settings', { nursery: [{ name: '育苗场' }] }, 'nursery'],
    ];
    await expectOneProblem(cases, 'isObject');
  });

  it('takes an empty change to a buyer, and refuses a survival count no batch reaches', async () => {
    // TypeORM refused an UPDATE with no values: PATCH /api/buyers/:id {} answered 500.
    const buyer = await api.request<{ id: string }>('POST', '/api/buyers', {
      token: manager,
      body: { name: '张三', village: '西沟村', kind: 'household' },
    });
    const patched = await api.request<{ name: string }>('PATCH', `/api/buyers/${buyer.body.id}`, {
      token: manager,
      body: {},
    });
    expect([patched.status, patched.body.name]).toEqual([200, '张三']);
    // survived had no upper bound: 1e308 reached an integer column (PostgreSQL 22P02).
    const absent = '00000000-0000-4000-8000-000000000000';
    await expectOneProblem(
      [['POST', `/api/batches/${absent}/counts`, { survived: 1e308 }, 'survived']],
      'max',
      {
        max: 5_000_000,
      },
    );
  });
});
