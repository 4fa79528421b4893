import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { BenchResponse } from '#contracts';
import { startTestApi, TEST_ADMIN, type TestApi } from './support/api-harness.js';

interface ErrorBody {
  code: string;
  params?: Record<string, unknown>;
  details?: { field: string; constraint?: string }[];
}

/**
 * Issue 21 item 4: benches are records of their house. The manager adds, renames and removes them,
 * each change audited; the technician and the adviser read them; bad input answers 400 naming the
 * field, a second bench of the same name in a house 409.
 */
describe('the benches of a house', () => {
  let api: TestApi;
  let manager: string;
  let technician: string;
  /** A request as the manager unless another token is given. */
  const call = <T = ErrorBody>(method: string, route: string, body?: unknown, token = manager) =>
    api.request<T>(method, route, { token, body });

  beforeAll(async () => {
    api = await startTestApi();
    manager = await api.login(TEST_ADMIN.phone, TEST_ADMIN.password);
    for (const [code, name] of [
      ['gh1', '1号棚'],
      ['gh2', '2号棚'],
    ])
      await api.request('POST', '/api/zones', { token: manager, body: { code, kind: 'greenhouse', name } });
    const created = await api.request<{ password: string }>('POST', '/api/users', {
      token: manager,
      body: { phone: '13700000401', name: '王技术员', role: 'technician' },
    });
    technician = await api.login('13700000401', await api.ownPassword('13700000401', created.body.password));
  });

  afterAll(async () => {
    await api?.close();
  });

  it('adds, lists in position order, edits and removes benches, with an audit entry for each', async () => {
    const add = (body: unknown) => call<BenchResponse>('POST', '/api/zones/gh1/benches', body);
    const first = await add({ name: 'A1', areaM2: 24.5, boom: 'boom-1' });
    const second = await add({ name: '2号床' });
    const front = await add({ name: 'A0', position: 0 });
    expect([first.status, second.status, front.status]).toEqual([201, 201, 201]);
    expect(first.body).toMatchObject({ zone: 'gh1', name: 'A1', areaM2: 24.5, boom: 'boom-1', position: 1 });
    expect(second.body).toMatchObject({ name: '2号床', areaM2: null, boom: null, position: 2 });

    const listed = await api.request<BenchResponse[]>('GET', '/api/zones/gh1/benches', { token: technician });
    expect(listed.status).toBe(200);
    expect(listed.body.map((bench) => bench.name)).toEqual(['A0', 'A1', '2号床']);
    const other = await call<BenchResponse[]>('GET', '/api/zones/gh2/benches');
    expect(other.body).toEqual([]);

    const edited = await call<BenchResponse>('PATCH', `/api/zones/gh1/benches/${first.body.id}`, {
      name: 'A1-east',
      boom: null,
      areaM2: 30,
    });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ name: 'A1-east', boom: null, areaM2: 30, position: 1 });

    const removed = await call('DELETE', `/api/zones/gh1/benches/${front.body.id}`);
    expect(removed.status).toBe(204);
    const again = await call('DELETE', `/api/zones/gh1/benches/${front.body.id}`);
    expect([again.status, again.body.code]).toEqual([404, 'BENCH_NOT_FOUND']);
    // A bench is reached through its own house only.
    const elsewhere = await call<ErrorBody>('PATCH', `/api/zones/gh2/benches/${second.body.id}`, {
      name: 'X',
    });
    expect([elsewhere.status, elsewhere.body.code]).toEqual([404, 'BENCH_NOT_FOUND']);

    const audit = await call<{ action: string; entityId: string }[]>('GET', '/api/audit?entityType=bench');
    const actions = audit.body
      .filter((entry) => entry.entityId === first.body.id)
      .map((entry) => entry.action);
    expect(actions.sort()).toEqual(['bench.created', 'bench.updated']);
    expect(
      audit.body.some((entry) => entry.action === 'bench.deleted' && entry.entityId === front.body.id),
    ).toBe(true);
  });

  it('refuses a second bench of the same name in a house, by adding or renaming', async () => {
    const taken = await call<ErrorBody>('POST', '/api/zones/gh1/benches', { name: '2号床' });
    expect([taken.status, taken.body.code, taken.body.params]).toEqual([
      409,
      'BENCH_EXISTS',
      { name: '2号床' },
    ]);
    const made = await call<BenchResponse>('POST', '/api/zones/gh2/benches', { name: '2号床' });
    expect(made.status).toBe(201);
    const other = await call<BenchResponse>('POST', '/api/zones/gh2/benches', { name: 'B' });
    const renamed = await call<ErrorBody>('PATCH', `/api/zones/gh2/benches/${other.body.id}`, {
      name: '2号床',
    });
    expect([renamed.status, renamed.body.code]).toEqual([409, 'BENCH_EXISTS']);
  });

  it('answers bad input with 400 naming the field, never 500', async () => {
    const cases: [string, string, unknown, string][] = [
      ['POST', '/api/zones/gh1/benches', {}, 'name'],
      ['POST', '/api/zones/gh1/benches', { name: '' }, 'name'],
      ['POST', '/api/zones/gh1/benches', { name: 'x'.repeat(33) }, 'name'],
      ['POST', '/api/zones/gh1/benches', { name: '<b>' }, 'name'],
      ['POST', '/api/zones/gh1/benches', { name: 'C1', areaM2: -1 }, 'areaM2'],
      ['POST', '/api/zones/gh1/benches', { name: 'C1', areaM2: '12' }, 'areaM2'],
      ['POST', '/api/zones/gh1/benches', { name: 'C1', boom: 'Boom 1' }, 'boom'],
      ['POST', '/api/zones/gh1/benches', { name: 'C1', moistureSensor: 'Probe 1' }, 'moistureSensor'],
      ['POST', '/api/zones/gh1/benches', { name: 'C1', moistureSensor: 7 }, 'moistureSensor'],
      ['POST', '/api/zones/gh1/benches', { name: 'C1', position: 1.5 }, 'position'],
      ['POST', '/api/zones/gh1/benches', { name: 'C1', colour: 'red' }, 'colour'],
      ['PATCH', '/api/zones/gh1/benches/00000000-0000-4000-8000-000000000000', { name: null }, 'name'],
      ['PATCH', '/api/zones/gh1/benches/00000000-0000-4000-8000-000000000000', { position: -1 }, 'position'],
    ];
    for (const [method, route, body, field] of cases) {
      const response = await call(method, route, body);
      expect([
        JSON.stringify(body),
        response.status,
        response.body.details?.some((d) => d.field === field),
      ]).toEqual([JSON.stringify(body), 400, true]);
    }
    const badId = await call<ErrorBody>('PATCH', '/api/zones/gh1/benches/not-a-uuid', { name: 'C1' });
    expect(badId.status).toBe(400);
    const noHouse = await call<ErrorBody>('POST', '/api/zones/gh9/benches', { name: 'C1' });
    expect([noHouse.status, noHouse.body.code]).toEqual([404, 'ZONE_NOT_FOUND']);
  });

  it('moves trays onto chosen benches of the house they go to, kept on the move event', async () => {
    const gh2 = (await call<BenchResponse[]>('GET', '/api/zones/gh2/benches')).body;
    const gh1 = (await call<BenchResponse[]>('GET', '/api/zones/gh1/benches')).body;
    const batch = await call<{ id: string }>('POST', '/api/batches', {
      crop: 'tomato',
      zone: 'gh1',
      trays: 30,
      sowDate: '2027-02-20',
    });
    expect(batch.status).toBe(201);
    const move = (body: unknown) =>
      call<{
        batch: {
          locations: { zone: string; benches: string | null; trays: number }[];
          history: Record<string, unknown>[];
        };
      }>('POST', `/api/batches/${batch.body.id}/moves`, body, technician);
    const ids = gh2.map((bench) => bench.id);
    const moved = await move({ zone: 'gh2', trays: 10, benchIds: ids });
    expect(moved.status).toBe(201);
    const label = gh2.map((bench) => bench.name).join(', ');
    expect(moved.body.batch.locations).toEqual(
      expect.arrayContaining([{ zone: 'gh2', benches: label, trays: 10 }]),
    );
    expect(moved.body.batch.history.at(-1)).toMatchObject({ kind: 'move', benches: label, benchIds: ids });

    // A bench of another house, or an id that is no bench, is refused and moves nothing.
    const wrongHouse = await move({ zone: 'gh2', trays: 5, benchIds: [gh1[0]?.id] });
    expect([wrongHouse.status, (wrongHouse.body as unknown as ErrorBody).code]).toEqual([
      400,
      'BENCH_NOT_FOUND',
    ]);
    const notUuid = await move({ zone: 'gh2', trays: 5, benchIds: ['b1'] });
    expect(notUuid.status).toBe(400);
    // Without bench records the move goes on as before.
    const plain = await move({ zone: 'gh2', trays: 5 });
    expect(plain.status).toBe(201);
  });

  it("names a bench's moisture probe; a batch on it is judged on that probe, the limits say so", async () => {
    const add = (name: string) => call<BenchResponse>('POST', '/api/zones/gh2/benches', { name });
    const probed = (await add('P1')).body;
    const plain = (await add('P2')).body;
    const named = await call<BenchResponse>('PATCH', `/api/zones/gh2/benches/${probed.id}`, {
      moistureSensor: 'substrate-1',
    });
    expect([named.status, named.body.moistureSensor]).toEqual([200, 'substrate-1']);
    expect(plain.moistureSensor).toBeNull();
    const batch = await call<{ id: string; code: string }>('POST', '/api/batches', {
      crop: 'pepper',
      zone: 'gh1',
      trays: 20,
      sowDate: '2027-02-21',
    });
    for (const [trays, bench] of [
      [8, probed],
      [5, plain],
    ] as const)
      expect(
        (
          await call('POST', `/api/batches/${batch.body.id}/moves`, {
            zone: 'gh2',
            trays,
            benchIds: [bench.id],
          })
        ).status,
      ).toBe(201);
    const limits = await call<{
      moistureBasis: { code: string; benches: string | null; sensors: string[] }[];
    }>('GET', '/api/zones/gh2/limits', undefined, technician);
    expect(limits.status).toBe(200);
    const mine = limits.body.moistureBasis.filter((b) => b.code === batch.body.code);
    expect(mine).toEqual(
      expect.arrayContaining([
        { code: batch.body.code, benches: 'P1', sensors: ['substrate-1'] },
        { code: batch.body.code, benches: 'P2', sensors: [] },
      ]),
    );
    // Cleared again with null: the house-wide rule.
    const cleared = await call<BenchResponse>('PATCH', `/api/zones/gh2/benches/${probed.id}`, {
      moistureSensor: null,
    });
    expect([cleared.status, cleared.body.moistureSensor]).toEqual([200, null]);
  });

  it('lets only the manager write', async () => {
    const response = await api.request<ErrorBody>('POST', '/api/zones/gh1/benches', {
      token: technician,
      body: { name: 'T1' },
    });
    expect(response.status).toBe(403);
  });
});
