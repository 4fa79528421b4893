import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { ObservationResponse, PhotoResponse } from '#contracts';
import pg from 'pg';
import { startTestApi, TEST_ADMIN, type TestApi } from './support/api-harness.js';

/**
 * Issue 25 item 6: the adviser writes observations and recommendations on a batch or an alarm with
 * photos; technicians see the open ones until one marks them done. Real PostgreSQL, real files.
 */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);
const JPEG_START = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46]);

describe('the adviser observations', () => {
  let api: TestApi;
  let manager: string;
  let adviser: string;
  let technician: string;
  let batchId: string;
  let alarmId: string;

  const upload = (token: string | undefined, body: Buffer | string, contentType: string) =>
    fetch(`${api.url}/api/photos`, {
      method: 'POST',
      headers: { 'content-type': contentType, ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body,
    });

  async function account(phone: string, name: string, role: string): Promise<string> {
    const created = await api.request<{ password: string }>('POST', '/api/users', {
      token: manager,
      body: { phone, name, role },
    });
    expect(created.status).toBe(201);
    return api.login(phone, await api.ownPassword(phone, created.body.password));
  }

  beforeAll(async () => {
    api = await startTestApi();
    manager = await api.login(TEST_ADMIN.phone, TEST_ADMIN.password);
    await api.request('POST', '/api/zones', {
      token: manager,
      body: { code: 'gh1', kind: 'greenhouse', name: '1号棚' },
    });
    adviser = await account('13700000401', '刘专家', 'adviser');
    technician = await account('13700000402', '王技术员', 'technician');
    const batch = await api.request<{ id: string }>('POST', '/api/batches', {
      token: manager,
      body: { crop: 'tomato', zone: 'gh1', trays: 20, sowDate: '2027-03-01' },
    });
    expect(batch.status).toBe(201);
    batchId = batch.body.id;
    const client = new pg.Client(api.database.url);
    await client.connect();
    try {
      const { rows } = await client.query<{ id: string }>(
        `INSERT INTO alarms (rule, site, zone, state, severity, message, since)
         VALUES ('air-temp-low', $1, 'gh1', 'active', 'critical', 'cold night', now()) RETURNING id`,
        [api.config.siteCode],
      );
      alarmId = rows[0].id;
    } finally {
      await client.end();
    }
  }, 60_000);

  afterAll(async () => {
    await api?.close();
  });

  it('stores a photo under a random name in DATA_DIR/photos and serves it to staff only', async () => {
    const answer = await upload(adviser, PNG, 'image/png');
    expect(answer.status).toBe(201);
    const photo = (await answer.json()) as PhotoResponse;
    expect(photo).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      contentType: 'image/png',
      bytes: PNG.length,
    });
    const files = await readdir(path.join(api.config.dataDir, 'photos'));
    expect(files).toEqual([`${photo.id}.png`]);
    expect(await readFile(path.join(api.config.dataDir, 'photos', `${photo.id}.png`))).toEqual(PNG);

    for (const token of [manager, technician, adviser]) {
      const served = await fetch(`${api.url}/api/photos/${photo.id}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(served.status).toBe(200);
      expect(served.headers.get('content-type')).toBe('image/png');
      expect(Buffer.from(await served.arrayBuffer())).toEqual(PNG);
    }
    expect((await fetch(`${api.url}/api/photos/${photo.id}`)).status).toBe(401);
    const missing = await fetch(`${api.url}/api/photos/00000000-0000-4000-8000-000000000000`, {
      headers: { authorization: `Bearer ${adviser}` },
    });
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { code: string }).code).toBe('PHOTO_NOT_FOUND');
  });

  it('refuses a bad photo with 400 naming the field and the reason, or 413 above the limit', async () => {
    const cases: [Buffer | string, string, number, string, string | undefined][] = [
      [PNG, 'image/gif', 400, 'PHOTO_INVALID', 'type-not-allowed'],
      [PNG, 'image/svg+xml', 400, 'PHOTO_INVALID', 'type-not-allowed'],
      ['{"a":1}', 'application/json', 400, 'PHOTO_INVALID', 'type-not-allowed'],
      [Buffer.alloc(0), 'image/jpeg', 400, 'PHOTO_INVALID', 'empty'],
      ['<html><script>alert(1)</script>', 'image/jpeg', 400, 'PHOTO_INVALID', 'not-that-type'],
      [PNG, 'image/jpeg', 400, 'PHOTO_INVALID', 'not-that-type'],
      [
        Buffer.concat([JPEG_START, Buffer.alloc(4 * 1024 * 1024)]),
        'image/jpeg',
        413,
        'PAYLOAD_TOO_LARGE',
        undefined,
      ],
    ];
    for (const [body, type, status, code, reason] of cases) {
      const answer = await upload(adviser, body, type);
      const error = (await answer.json()) as { code: string; params?: { field?: string; reason?: string } };
      expect({ type, status: answer.status, code: error.code }).toEqual({ type, status, code });
      if (reason) expect(error.params).toEqual({ field: 'photo', reason });
    }
    // Only the first, good photo of the test above is on disk.
    expect(await readdir(path.join(api.config.dataDir, 'photos'))).toHaveLength(1);
    expect((await upload(technician, PNG, 'image/png')).status).toBe(403);
    expect((await upload(undefined, PNG, 'image/png')).status).toBe(401);
  });

  it('writes a recommendation with photos on a batch; a technician sees it open, marks it done, and it leaves the open list', async () => {
    const photos = await Promise.all(
      [1, 2].map(async () => ((await (await upload(adviser, PNG, 'image/png')).json()) as PhotoResponse).id),
    );
    const created = await api.request<ObservationResponse>('POST', '/api/observations', {
      token: adviser,
      body: { kind: 'recommendation', batchId, text: '  叶片发黄，建议减少浇水  ', photoIds: photos },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      kind: 'recommendation',
      text: '叶片发黄，建议减少浇水',
      batch: { id: batchId, crop: 'tomato', zone: 'gh1' },
      alarm: null,
      author: { name: '刘专家' },
      photoIds: photos,
      done: null,
    });

    const onAlarm = await api.request<ObservationResponse>('POST', '/api/observations', {
      token: adviser,
      body: { kind: 'observation', alarmId, text: '夜温过低，幼苗受冻' },
    });
    expect(onAlarm.status).toBe(201);
    expect(onAlarm.body.alarm).toMatchObject({ id: alarmId, rule: 'air-temp-low', zone: 'gh1' });

    const open = await api.request<ObservationResponse[]>('GET', '/api/observations?state=open', {
      token: technician,
    });
    expect(open.status).toBe(200);
    expect(open.body.map((o) => o.id)).toEqual([onAlarm.body.id, created.body.id]);

    const done = await api.request<ObservationResponse>('POST', `/api/observations/${created.body.id}/done`, {
      token: technician,
    });
    expect(done.status).toBe(201);
    expect(done.body.done).toEqual({
      by: { id: expect.any(String), name: '王技术员' },
      at: expect.any(String),
    });
    const again = await api.request<{ code: string }>('POST', `/api/observations/${created.body.id}/done`, {
      token: manager,
    });
    expect([again.status, again.body.code]).toEqual([409, 'OBSERVATION_DONE']);

    const stillOpen = await api.request<ObservationResponse[]>('GET', '/api/observations?state=open', {
      token: manager,
    });
    expect(stillOpen.body.map((o) => o.id)).toEqual([onAlarm.body.id]);
    const ofBatch = await api.request<ObservationResponse[]>('GET', `/api/observations?batchId=${batchId}`, {
      token: adviser,
    });
    expect(ofBatch.body.map((o) => [o.id, o.done?.by.name])).toEqual([[created.body.id, '王技术员']]);

    // The photos are the observation's now: naming them again is refused, and nothing is stored.
    const reused = await api.request<{ code: string }>('POST', '/api/observations', {
      token: adviser,
      body: { kind: 'observation', batchId, text: '再看一次', photoIds: [photos[0]] },
    });
    expect([reused.status, reused.body.code]).toEqual([400, 'PHOTO_NOT_YOURS']);
    const after = await api.request<ObservationResponse[]>('GET', `/api/observations?batchId=${batchId}`, {
      token: adviser,
    });
    expect(after.body).toHaveLength(1);
  });

  it('deletes photos no observation took within a day, at the next upload', async () => {
    const left = (await (await upload(adviser, PNG, 'image/png')).json()) as PhotoResponse;
    const kept = (await (await upload(adviser, PNG, 'image/png')).json()) as PhotoResponse;
    const client = new pg.Client(api.database.url);
    await client.connect();
    try {
      await client.query("UPDATE photos SET created_at = now() - interval '25 hours' WHERE id = $1", [
        left.id,
      ]);
      await client.query("UPDATE photos SET created_at = now() - interval '23 hours' WHERE id = $1", [
        kept.id,
      ]);
    } finally {
      await client.end();
    }
    const files = async () => readdir(path.join(api.config.dataDir, 'photos'));
    expect(await files()).toContain(`${left.id}.png`);
    const next = (await (await upload(adviser, PNG, 'image/png')).json()) as PhotoResponse;
    expect(await files()).not.toContain(`${left.id}.png`);
    expect(await files()).toEqual(expect.arrayContaining([`${kept.id}.png`, `${next.id}.png`]));
    const gone = await fetch(`${api.url}/api/photos/${left.id}`, {
      headers: { authorization: `Bearer ${adviser}` },
    });
    expect(gone.status).toBe(404);
    // The photos of observations stay, however old.
    const attached = await api.request<ObservationResponse[]>('GET', `/api/observations?batchId=${batchId}`, {
      token: adviser,
    });
    const attachedIds = attached.body.flatMap((o) => o.photoIds);
    expect(attachedIds).toHaveLength(2);
    for (const id of attachedIds) expect(await files()).toContain(`${id}.png`);
  });

  it('refuses bad observations with 400 and the field, and writes only for the adviser', async () => {
    const bad: [Record<string, unknown>, string, string][] = [
      [{ kind: 'observation', text: '无对象' }, 'OBSERVATION_TARGET_REQUIRED', 'batchId'],
      [{ kind: 'observation', batchId, alarmId, text: '两个都有' }, 'OBSERVATION_TARGET_REQUIRED', 'alarmId'],
      [{ kind: 'gossip', batchId, text: '类型不对' }, 'VALIDATION_FAILED', 'kind'],
      [{ kind: 'observation', batchId, text: '   ' }, 'VALIDATION_FAILED', 'text'],
      [{ kind: 'observation', batchId, text: 'x'.repeat(2001) }, 'VALIDATION_FAILED', 'text'],
      [{ kind: 'observation', batchId: 'not-a-uuid', text: '编号不对' }, 'VALIDATION_FAILED', 'batchId'],
      [
        { kind: 'observation', batchId, text: '照片太多', photoIds: Array(4).fill(batchId) },
        'VALIDATION_FAILED',
        'photoIds',
      ],
      [
        { kind: 'observation', batchId: '00000000-0000-4000-8000-000000000000', text: '没有这批' },
        'BATCH_NOT_FOUND',
        '',
      ],
      [
        { kind: 'observation', alarmId: '00000000-0000-4000-8000-000000000000', text: '没有这条' },
        'ALARM_NOT_FOUND',
        '',
      ],
      [
        {
          kind: 'observation',
          batchId,
          text: '别人的照片',
          photoIds: ['00000000-0000-4000-8000-000000000000'],
        },
        'PHOTO_NOT_YOURS',
        '',
      ],
    ];
    for (const [body, code, field] of bad) {
      const answer = await api.request<{
        code: string;
        details?: { field: string }[];
        params?: { field?: string };
      }>('POST', '/api/observations', { token: adviser, body });
      expect({ body, status: answer.status, code: answer.body.code }).toEqual({ body, status: 400, code });
      if (code === 'VALIDATION_FAILED') expect(answer.body.details?.map((d) => d.field)).toContain(field);
      if (code === 'OBSERVATION_TARGET_REQUIRED') expect(answer.body.params).toEqual({ field });
    }
    const body = { kind: 'observation', batchId, text: '技术员不能写' };
    expect((await api.request('POST', '/api/observations', { token: technician, body })).status).toBe(403);
    expect((await api.request('POST', '/api/observations', { token: manager, body })).status).toBe(403);
    const markByAdviser = await api.request(
      'POST',
      '/api/observations/00000000-0000-4000-8000-000000000000/done',
      {
        token: adviser,
      },
    );
    expect(markByAdviser.status).toBe(403);
    const missing = await api.request<{ code: string }>(
      'POST',
      '/api/observations/00000000-0000-4000-8000-000000000000/done',
      { token: technician },
    );
    expect([missing.status, missing.body.code]).toEqual([404, 'OBSERVATION_NOT_FOUND']);
    const badQuery = await api.request('GET', '/api/observations?state=maybe', { token: technician });
    expect(badQuery.status).toBe(400);
  });
});
