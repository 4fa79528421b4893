import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import type { LossLedgerResponse } from '#contracts';
import { startTestApi, TEST_ADMIN, type TestApi } from './support/api-harness.js';

/**
 * The loss ledger ties a cull to the climate at its batch's places in the week before: a cold
 * night in one house links to a cold cull of the batch standing there, never to a batch elsewhere.
 * The excursions are stored alarm rows (the engine's raising is tested in alarms.e2e); the culls,
 * sowings and moves go through the api.
 */
describe('the loss ledger', () => {
  let api: TestApi;
  let manager: string;
  const call = <T>(method: string, route: string, body?: unknown) =>
    api.request<T>(method, route, { token: manager, body });
  const ok = async <T>(method: string, route: string, body?: unknown): Promise<T> => {
    const response = await call<T>(method, route, body);
    expect([method, route, response.status]).toEqual([method, route, method === 'POST' ? 201 : 200]);
    return response.body;
  };
  const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  beforeAll(async () => {
    api = await startTestApi();
    manager = await api.login(TEST_ADMIN.phone, TEST_ADMIN.password);
    for (const [code, kind, name] of [
      ['germ1', 'germination', '催芽室'],
      ['gh1', 'greenhouse', '1号棚'],
      ['gh2', 'greenhouse', '2号棚'],
    ])
      await ok('POST', '/api/zones', { code, kind, name });
  });

  afterAll(async () => {
    await api?.close();
  });

  it('links a cold night in one house to the cold cull of the batch there, not to a batch elsewhere; the report shows it', async () => {
    const sow = async (crop: string, zone: string) => {
      const batch = await ok<{ id: string; code: string }>('POST', '/api/batches', { crop, zone, trays: 50 });
      await ok('POST', `/api/batches/${batch.id}/moves`, { zone });
      return batch;
    };
    const inGh1 = await sow('tomato', 'gh1');
    const inGh2 = await sow('pepper', 'gh2');
    await pause(50);
    // The cold night in gh1: raised and cleared after both batches reached their houses.
    const sql = new pg.Client(api.database.url);
    await sql.connect();
    let coldNight: string;
    try {
      const raised = new Date();
      const cleared = new Date(raised.getTime() + 20);
      const rows: { id: string }[] = (
        await sql.query(
          `INSERT INTO alarms (rule, site, zone, subject, state, severity, message, since, raised_at, cleared_at)
           VALUES ('low-temperature', 'xnz', 'gh1', '', 'cleared', 'warning', 'Air 4 °C below 8 °C', $1, $1, $2)
           RETURNING id`,
          [raised, cleared],
        )
      ).rows;
      coldNight = rows[0].id;
    } finally {
      await sql.end();
    }
    await pause(50);
    for (const batch of [inGh1, inGh2])
      await ok('POST', `/api/batches/${batch.id}/counts`, { culled: 300, cullReason: 'cold' });
    await ok('POST', `/api/batches/${inGh1.id}/counts`, { culled: 40, cullReason: 'pests' });

    const year = Number(
      new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date()),
    );
    const ledger = await ok<LossLedgerResponse>('GET', `/api/reports/losses?year=${year}`);
    const cullOf = (code: string, cause: string) =>
      ledger.culls.find((c) => c.code === code && c.cause === cause);
    expect(cullOf(inGh1.code, 'cold')?.excursions.map((e) => [e.id, e.rule, e.zone])).toEqual([
      [coldNight, 'low-temperature', 'gh1'],
    ]);
    expect(cullOf(inGh2.code, 'cold')?.excursions).toEqual([]);
    expect(cullOf(inGh1.code, 'pests')?.excursions).toEqual([]);
    expect(cullOf(inGh1.code, 'cold')).toMatchObject({ crop: 'tomato', stage: 'sown', seedlings: 300 });
    expect(ledger.byCause.find((b) => b.cause === 'cold')).toEqual({
      cause: 'cold',
      seedlings: 600,
      linkedSeedlings: 300,
    });
    expect(ledger.byCrop).toEqual(
      expect.arrayContaining([
        { key: 'tomato', seedlings: 340, fen: 0 },
        { key: 'pepper', seedlings: 300, fen: 0 },
      ]),
    );

    const bad = await call<{ details?: { field: string }[] }>('GET', '/api/reports/losses?year=twenty');
    expect([bad.status, bad.body.details?.[0]?.field]).toEqual([400, 'year']);
  });
});
