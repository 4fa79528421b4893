import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { HTTP_ROUTES } from '#contracts';
import { TEST_ADMIN, startTestApi, type TestApi } from './support/api-harness.js';

interface CreatedUser {
  user: { id: string; phone: string; role: string };
  password: string;
}

describe('foundation: accounts, roles and HTTP basics', () => {
  let api: TestApi;
  let manager: string;
  const people: Record<'buyerA' | 'buyerB' | 'technician', CreatedUser> = {} as never;

  beforeAll(async () => {
    api = await startTestApi();
    manager = await api.login(TEST_ADMIN.phone, TEST_ADMIN.password);
    const specs = {
      buyerA: { phone: '13700000001', name: '王书记', role: 'buyer', village: '西沟村' },
      buyerB: { phone: '13700000002', name: '陈书记', role: 'buyer', village: '石门村' },
      technician: { phone: '13700000003', name: '赵技术员', role: 'technician' },
    } as const;
    for (const [key, body] of Object.entries(specs)) {
      const response = await api.request<CreatedUser>('POST', '/api/users', { token: manager, body });
      expect(response.status).toBe(201);
      expect(response.body.password).toMatch(/^\w{10}$/);
      // Each sets their own password at first login, as the page makes them.
      const own = await api.ownPassword(body.phone, response.body.password);
      people[key as keyof typeof people] = { ...response.body, password: own };
    }
  });

  afterAll(async () => {
    await api.close();
  });

  it('is ready when the database and broker are reachable', async () => {
    const response = await api.request('GET', '/health/ready');
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ status: 'ok', database: 'ok', broker: 'ok' });
  });

  it('serves OpenAPI and Prometheus metrics', async () => {
    const docs = await api.request<{ openapi: string; paths: Record<string, unknown> }>(
      'GET',
      '/api/docs-json',
    );
    expect(docs.status).toBe(200);
    expect(Object.keys(docs.body.paths)).toContain('/api/auth/login');
    const metrics = await api.request<string>('GET', '/metrics');
    expect(metrics.body).toContain('yumiao_http_requests_total');
  });

  it('registers exactly the routes of the REST contract, with the same parameter names', async () => {
    const docs = await api.request<{ paths: Record<string, Record<string, unknown>> }>(
      'GET',
      '/api/docs-json',
    );
    // Routes people and tools call but the dashboard does not: outside libs/contracts/src/http.
    const outsideTheContract = new Set([
      'GET /api/telemetry/stats',
      'GET /api/telemetry/dead-letters',
      'GET /health',
      'GET /health/ready',
      // The backup list for tools; the 系统状态 card reads GET /api/system/status instead.
      'GET /api/backups',
    ]);
    const served = Object.entries(docs.body.paths).flatMap(([path, operations]) =>
      Object.keys(operations).map((method) => `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`),
    );
    expect([...HTTP_ROUTES].sort()).toEqual(served.filter((route) => !outsideTheContract.has(route)).sort());
  });

  it("keeps a buyer out of another user's account and out of staff routes", async () => {
    const buyer = await api.login(people.buyerA.user.phone, people.buyerA.password);
    const me = await api.request<{ phone: string }>('GET', '/api/users/me', { token: buyer });
    expect(me.body.phone).toBe(people.buyerA.user.phone);

    const other = people.buyerB.user.id;
    for (const [method, route, body] of [
      ['GET', `/api/users/${other}`, undefined],
      ['PATCH', `/api/users/${other}`, { name: 'x' }],
      ['POST', `/api/users/${other}/reset-password`, undefined],
      ['GET', '/api/users', undefined],
      ['GET', '/api/zones', undefined],
      ['PATCH', '/api/zones/gh1', { name: 'x' }],
      ['GET', '/api/audit', undefined],
    ] as const) {
      const response = await api.request<{ code: string }>(method, route, { token: buyer, body });
      expect([route, response.status, response.body.code]).toEqual([route, 403, 'FORBIDDEN']);
    }
  });

  it('lets a technician read zones but not manage users', async () => {
    const technician = await api.login(people.technician.user.phone, people.technician.password);
    expect((await api.request('GET', '/api/zones', { token: technician })).status).toBe(200);
    const create = await api.request<{ code: string }>('POST', '/api/users', {
      token: technician,
      body: { phone: '13700000009', name: 'x', role: 'manager' },
    });
    expect(create.status).toBe(403);
  });

  it('refuses requests without a valid token', async () => {
    expect((await api.request('GET', '/api/users/me')).status).toBe(401);
    const bad = await api.request<{ code: string }>('GET', '/api/users/me', { token: 'not-a-jwt' });
    expect([bad.status, bad.body.code]).toEqual([401, 'TOKEN_INVALID']);
  });

  it('refuses unknown JSON fields with 400 VALIDATION_FAILED naming the field', async () => {
    const response = await api.request<{ code: string; details: { field: string; constraint: string }[] }>(
      'POST',
      '/api/auth/login',
      {
        body: { phone: TEST_ADMIN.phone, password: TEST_ADMIN.password, remember: true },
      },
    );
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('VALIDATION_FAILED');
    expect(response.body.details).toContainEqual({
      field: 'remember',
      constraint: 'UNKNOWN_FIELD',
      params: {},
    });
  });

  it('makes a phone wait after five wrong passwords while another phone still logs in', async () => {
    const phone = people.buyerB.user.phone;
    for (let attempt = 0; attempt < 5; attempt++) {
      const wrong = await api.request<{ code: string }>('POST', '/api/auth/login', {
        body: { phone, password: 'wrong-password' },
      });
      expect([wrong.status, wrong.body.code]).toEqual([401, 'INVALID_CREDENTIALS']);
    }
    const blocked = await api.request<{ code: string }>('POST', '/api/auth/login', {
      body: { phone, password: people.buyerB.password },
    });
    expect([blocked.status, blocked.body.code]).toEqual([429, 'TOO_MANY_ATTEMPTS']);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);

    await expect(api.login(people.buyerA.user.phone, people.buyerA.password)).resolves.toEqual(
      expect.any(String),
    );
  });

  it('refreshes a session once and revokes it at logout', async () => {
    const login = await api.request<{ refreshToken: string }>('POST', '/api/auth/login', {
      body: { phone: people.technician.user.phone, password: people.technician.password },
    });
    const first = await api.request<{ refreshToken: string; accessToken: string }>(
      'POST',
      '/api/auth/refresh',
      {
        body: { refreshToken: login.body.refreshToken },
      },
    );
    expect(first.status).toBe(200);
    const reused = await api.request('POST', '/api/auth/refresh', {
      body: { refreshToken: login.body.refreshToken },
    });
    expect(reused.status).toBe(401);
    expect(
      (await api.request('POST', '/api/auth/logout', { body: { refreshToken: first.body.refreshToken } }))
        .status,
    ).toBe(204);
    expect(
      (await api.request('POST', '/api/auth/refresh', { body: { refreshToken: first.body.refreshToken } }))
        .status,
    ).toBe(401);
  });

  it('asks for an own password after a one-time one, and again after a reset', async () => {
    const created = await api.request<CreatedUser>('POST', '/api/users', {
      token: manager,
      body: { phone: '13700000009', name: '孙技术员', role: 'technician' },
    });
    const { user, password } = created.body;
    expect(user).toMatchObject({ mustChangePassword: true });
    const session = await api.request<{
      accessToken: string;
      refreshToken: string;
      user: { mustChangePassword: boolean };
    }>('POST', '/api/auth/login', { body: { phone: user.phone, password } });
    expect(session.body.user.mustChangePassword).toBe(true);
    const token = session.body.accessToken;
    const change = (newPassword: string) =>
      api.request<{ code?: string; mustChangePassword?: boolean }>('PATCH', '/api/users/me', {
        token,
        body: { currentPassword: password, newPassword },
      });
    // Until then the one-time password opens nothing else, on HTTP or the live socket.
    const refused = await api.request<{ code: string }>('GET', '/api/zones', { token });
    expect([refused.status, refused.body.code]).toEqual([403, 'PASSWORD_CHANGE_REQUIRED']);
    expect((await api.request('GET', '/api/users/me', { token })).status).toBe(200);
    const socket = io(api.url, {
      path: '/socket.io',
      transports: ['websocket'],
      auth: { token },
      reconnection: false,
    });
    const socketRefusal = await new Promise<string>((resolve) =>
      socket.on('connect_error', (e) => resolve(e.message)),
    );
    socket.close();
    expect(socketRefusal).toBe('PASSWORD_CHANGE_REQUIRED');

    const same = await change(password);
    expect([same.status, same.body.code]).toEqual([400, 'PASSWORD_UNCHANGED']);
    const changed = await change('chen-own-password');
    expect([changed.status, changed.body.mustChangePassword]).toEqual([200, false]);
    // The old access token keeps saying "one-time"; a refreshed session opens the rest.
    const refreshed = await api.request<{ accessToken: string }>('POST', '/api/auth/refresh', {
      body: { refreshToken: session.body.refreshToken },
    });
    expect((await api.request('GET', '/api/zones', { token: refreshed.body.accessToken })).status).toBe(200);
    await api.request('POST', `/api/users/${user.id}/reset-password`, { token: manager });
    const after = await api.request<{ mustChangePassword: boolean }>('GET', `/api/users/${user.id}`, {
      token: manager,
    });
    expect(after.body.mustChangePassword).toBe(true);
  });

  it('lets managers disable an account, which then cannot log in', async () => {
    const response = await api.request('POST', `/api/users/${people.technician.user.id}/disable`, {
      token: manager,
    });
    expect(response.status).toBe(200);
    const login = await api.request<{ code: string }>('POST', '/api/auth/login', {
      body: { phone: people.technician.user.phone, password: people.technician.password },
    });
    expect([login.status, login.body.code]).toEqual([403, 'ACCOUNT_DISABLED']);
  });

  it('lets managers list and edit zones', async () => {
    const created = await api.request<{ code: string }>('POST', '/api/zones', {
      token: manager,
      body: { code: 'gh9', kind: 'greenhouse', name: '9号棚' },
    });
    expect(created.status).toBe(201);
    const updated = await api.request<{ name: string }>('PATCH', '/api/zones/gh9', {
      token: manager,
      body: { name: '九号棚' },
    });
    expect(updated.body.name).toBe('九号棚');
    const list = await api.request<{ code: string }[]>('GET', '/api/zones', { token: manager });
    expect(list.body.map((zone) => zone.code)).toContain('gh9');
    const audit = await api.request<{ action: string; entityType: string; actorName: string }[]>(
      'GET',
      '/api/audit',
      {
        token: manager,
      },
    );
    expect(audit.body).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ action: 'zone.updated', entityType: 'zone', actorName: '管理员' }),
        expect.objectContaining({ action: 'user.created', entityType: 'user', actorName: '管理员' }),
      ]),
    );
  });
});
