import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { REQUEST_ID_HEADER, type RequestCheck } from '#contracts';
import { DataSource } from 'typeorm';
import { type OrdersHarness, createNurseryZones, startOrdersHarness } from './orders.harness.js';

const TODAY = '2027-03-10';
const SOWN = '2027-01-09';
let serial = 0;
/** A fresh id of the browser's shape (24 url-safe characters). */
const newId = () => `test-${Date.now().toString(36)}-${(serial++).toString(36).padStart(8, '0')}`;

describe('request ids on writes (a repeat gets the first answer)', () => {
  let h: OrdersHarness;
  let m: string;

  beforeAll(async () => {
    h = await startOrdersHarness(TODAY);
    m = h.managerToken;
    await createNurseryZones(h);
  }, 60_000);

  afterAll(async () => {
    await h?.close();
  });

  async function send(token: string, method: string, path: string, id: string, body?: unknown) {
    const response = await fetch(`${h.baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        [REQUEST_ID_HEADER]: id,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return {
      status: response.status,
      body: (text ? JSON.parse(text) : null) as Record<string, unknown>,
      replayed: response.headers.get('idempotent-replayed'),
    };
  }

  async function readyBatch(saleable: number): Promise<string> {
    const batch = await h.ok<{ id: string }>(m, 'POST', '/api/batches', {
      crop: 'tomato',
      zone: 'gh1',
      trays: Math.ceil(saleable / 72) + 2,
      sowDate: SOWN,
    });
    await h.ok(m, 'POST', `/api/batches/${batch.id}/counts`, { saleable });
    return batch.id;
  }

  it('counts a replayed cull once and answers the repeat with the first answer', async () => {
    const batchId = await readyBatch(2000);
    const id = newId();
    const cull = { culled: 500, cullReason: 'damping-off' };
    const first = await send(m, 'POST', `/api/batches/${batchId}/counts`, id, cull);
    expect(first.status).toBe(201);
    expect(first.replayed).toBeNull();
    const again = await send(m, 'POST', `/api/batches/${batchId}/counts`, id, cull);
    expect(again.status).toBe(201);
    expect(again.replayed).toBe('true');
    expect(again.body).toEqual(first.body);
    const batch = await h.ok<{ culled: number; saleable: number; history: { kind: string }[] }>(
      m,
      'GET',
      `/api/batches/${batchId}`,
    );
    expect(batch.culled).toBe(500);
    expect(batch.saleable).toBe(1500);
    expect(batch.history.filter((event) => event.kind === 'count')).toHaveLength(2);
  });

  it('counts a cull once when both attempts arrive together', async () => {
    const batchId = await readyBatch(1000);
    const id = newId();
    const cull = { culled: 100, cullReason: 'damping-off' };
    const answers = await Promise.all(
      [0, 1, 2].map(() => send(m, 'POST', `/api/batches/${batchId}/counts`, id, cull)),
    );
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201]);
    expect(answers.filter((a) => a.replayed === 'true')).toHaveLength(2);
    const batch = await h.ok<{ culled: number }>(m, 'GET', `/api/batches/${batchId}`);
    expect(batch.culled).toBe(100);
  });

  it('places one order for a replayed order', async () => {
    const wang = await h.buyer('13800000003', '王书记', '西沟村');
    const id = newId();
    const order = { lines: [{ crop: 'pepper', quantity: 3000, wantedDate: '2027-05-20' }] };
    const first = await send(wang.token, 'POST', '/api/orders', id, order);
    expect(first.status).toBe(201);
    const again = await send(wang.token, 'POST', '/api/orders', id, order);
    expect(again.body.id).toBe(first.body.id);
    const mine = await h.ok<{ id: string }[]>(wang.token, 'GET', '/api/orders');
    expect(mine).toHaveLength(1);

    // The same id from another person is their own request, not a repeat of this one.
    const chen = await h.buyer('13800000004', '陈书记', '石门村');
    const other = await send(chen.token, 'POST', '/api/orders', id, order);
    expect(other.replayed).toBeNull();
    expect(other.body.id).not.toBe(first.body.id);
  });

  it('keeps no password in the stored answer: a replayed reset answers without it', async () => {
    const created = await h.ok<{ user: { id: string } }>(m, 'POST', '/api/users', {
      phone: '13800000016',
      name: '周技术员',
      role: 'technician',
    });
    const reset = `/api/users/${created.user.id}/reset-password`;
    const id = newId();
    const first = await send(m, 'POST', reset, id);
    expect(first.status).toBe(200);
    expect(typeof first.body.password).toBe('string');
    const again = await send(m, 'POST', reset, id);
    expect(again.replayed).toBe('true');
    expect(again.body).toEqual({ password: null });
    const stored = await h.app
      .get(DataSource)
      .query<{ body: string }[]>('SELECT body::text AS body FROM request_records WHERE request_id = $1', [
        id,
      ]);
    expect(stored).toHaveLength(1);
    expect(stored[0]?.body).not.toContain(String(first.body.password));
  });

  it('tells the page whether a write arrived', async () => {
    const batchId = await readyBatch(500);
    const id = newId();
    const unknown = await h.ok<RequestCheck>(m, 'GET', `/api/requests/${id}`);
    expect(unknown).toEqual({ requestId: id, state: 'unknown' });
    const first = await send(m, 'POST', `/api/batches/${batchId}/counts`, id, { emerged: 480 });
    const done = await h.ok<RequestCheck>(m, 'GET', `/api/requests/${id}`);
    expect(done).toEqual({ requestId: id, state: 'done', statusCode: 201, body: first.body });
  });

  it('forgets a failed attempt so a retry runs again, and refuses a reused or malformed id', async () => {
    const batchId = await readyBatch(500);
    const id = newId();
    const missingReason = await send(m, 'POST', `/api/batches/${batchId}/counts`, id, { culled: 10 });
    expect(missingReason.status).toBe(400);
    expect((await h.ok<RequestCheck>(m, 'GET', `/api/requests/${id}`)).state).toBe('unknown');
    const fixed = await send(m, 'POST', `/api/batches/${batchId}/counts`, id, {
      culled: 10,
      cullReason: 'cold',
    });
    expect(fixed.status).toBe(201);
    expect(fixed.replayed).toBeNull();

    const reused = await send(m, 'POST', `/api/batches/${batchId}/stages`, id, { stage: 'ready' });
    expect(reused.status).toBe(409);
    expect(reused.body.code).toBe('REQUEST_ID_REUSED');

    const malformed = await send(m, 'POST', `/api/batches/${batchId}/counts`, 'short', { emerged: 1 });
    expect(malformed.status).toBe(400);
    expect(malformed.body.code).toBe('REQUEST_ID_INVALID');
  });
});
