import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { MqttClient } from 'mqtt';
import pg from 'pg';
import {
  connectDevice,
  startTelemetryApi,
  telemetryTopic,
  type IssuedDevice,
  type TelemetryApi,
} from './support/telemetry-harness.js';

type Channel = 'tele' | 'state' | 'status' | 'meta' | 'evt' | 'ack';
interface BadCase {
  readonly name: string;
  readonly channel?: Channel;
  readonly payload: Buffer;
  /** Every reason its dead letters must carry (one dead letter per reason). */
  readonly reasons: readonly string[];
  /** Values of the message that must still be stored (partly valid). */
  readonly keeps?: number;
}

const NOW = Date.now();
let tsCounter = 0;
/** A distinct time a little in the past for every sample of the run. */
const ts = (): number => NOW - 600_000 + tsCounter++;
const json = (value: unknown): Buffer => Buffer.from(JSON.stringify(value));
const text = (value: string): Buffer => Buffer.from(value);

function noise(length: number, seed: number): Buffer {
  const bytes = Buffer.alloc(length);
  let state = seed;
  for (let i = 0; i < length; i++) {
    state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
    bytes[i] = state >>> 24;
  }
  return bytes;
}

function deep(depth: number, inner: string): string {
  return '['.repeat(depth) + inner + ']'.repeat(depth);
}

const utf16 = (value: string, bigEndian: boolean): Buffer => {
  const little = Buffer.from(value, 'utf16le');
  if (!bigEndian) return little;
  const big = Buffer.from(little);
  big.swap16();
  return Buffer.concat([Buffer.from([0xfe, 0xff]), big]);
};

/** The kinds of bad payload a field device or a broken gateway has been seen (or can) send. */
function badCases(): BadCase[] {
  return [
    { name: 'empty', payload: Buffer.alloc(0), reasons: ['invalid_json'] },
    { name: 'whitespace only', payload: text(' \n\t '), reasons: ['invalid_json'] },
    {
      name: 'truncated JSON',
      payload: text(`{"ts":${ts()},"values":{"air_temp_c":`),
      reasons: ['invalid_json'],
    },
    {
      name: '512 bytes of binary noise, NUL first',
      payload: Buffer.concat([Buffer.from([0]), noise(511, 5)]),
      reasons: ['invalid_json'],
    },
    { name: '64 bytes of binary noise', payload: noise(64, 9), reasons: ['invalid_json'] },
    { name: 'a single NUL', payload: Buffer.from([0]), reasons: ['invalid_json'] },
    {
      name: 'a NUL between JSON tokens',
      payload: text(`{"ts":${ts()},\u0000"values":{"air_temp_c":1}}`),
      reasons: ['invalid_json'],
    },
    {
      name: 'an escaped NUL as a value',
      payload: text(`{"ts":${ts()},"values":{"air_temp_c":"\\u0000"}}`),
      reasons: ['wrong_type'],
    },
    {
      name: 'an escaped NUL in a key',
      payload: text(`{"ts":${ts()},"values":{"air\\u0000temp":1}}`),
      reasons: ['unknown_metric'],
    },
    {
      name: 'invalid UTF-8 inside a string',
      payload: Buffer.concat([
        text(`{"ts":${ts()},"values":{"air_temp_c":"`),
        Buffer.from([0xff, 0xfe]),
        text('"}}'),
      ]),
      reasons: ['wrong_type'],
    },
    { name: 'JSON null', payload: text('null'), reasons: ['invalid_payload'] },
    { name: 'JSON true', payload: text('true'), reasons: ['invalid_payload'] },
    { name: 'a bare number', payload: text('42'), reasons: ['invalid_payload'] },
    { name: 'a bare string', payload: text('"air_temp_c=12"'), reasons: ['invalid_payload'] },
    { name: 'an empty array', payload: text('[]'), reasons: ['invalid_payload'] },
    { name: 'an empty object', payload: text('{}'), reasons: ['invalid_payload'] },
    { name: 'values missing', payload: json({ ts: ts() }), reasons: ['invalid_payload'] },
    { name: 'ts missing', payload: json({ values: { air_temp_c: 1 } }), reasons: ['invalid_payload'] },
    { name: 'values an array', payload: json({ ts: ts(), values: [1, 2] }), reasons: ['invalid_payload'] },
    {
      name: 'values a string',
      payload: json({ ts: ts(), values: 'air_temp_c=1' }),
      reasons: ['invalid_payload'],
    },
    {
      name: 'a nested value',
      payload: json({ ts: ts(), values: { air_temp_c: { v: 1 } } }),
      reasons: ['invalid_payload'],
    },
    { name: 'empty values', payload: json({ ts: ts(), values: {} }), reasons: ['no_values'] },
    {
      name: 'a string for a number',
      payload: json({ ts: ts(), values: { air_rh_pct: 'wet' } }),
      reasons: ['wrong_type'],
    },
    {
      name: 'a boolean for a number',
      payload: json({ ts: ts(), values: { co2_ppm: true } }),
      reasons: ['wrong_type'],
    },
    {
      name: 'a 2 for a boolean',
      payload: json({ ts: ts(), values: { heater_on: 2 } }),
      reasons: ['wrong_type'],
    },
    {
      name: 'a non-finite number (1e999)',
      payload: text(`{"ts":${ts()},"values":{"air_temp_c":1e999}}`),
      reasons: ['not_finite'],
    },
    {
      name: 'a negative non-finite number',
      payload: text(`{"ts":${ts()},"values":{"co2_ppm":-1e999}}`),
      reasons: ['not_finite'],
    },
    {
      name: 'NaN, which JSON does not have',
      payload: text(`{"ts":${ts()},"values":{"air_temp_c":NaN}}`),
      reasons: ['invalid_json'],
    },
    {
      name: 'Infinity, which JSON does not have',
      payload: text(`{"ts":${ts()},"values":{"air_temp_c":Infinity}}`),
      reasons: ['invalid_json'],
    },
    {
      name: 'above the physical range',
      payload: json({ ts: ts(), values: { air_temp_c: 500 } }),
      reasons: ['out_of_range'],
    },
    {
      name: 'below the physical range',
      payload: json({ ts: ts(), values: { co2_ppm: -5 } }),
      reasons: ['out_of_range'],
    },
    {
      name: 'an unknown mode',
      payload: json({ ts: ts(), values: { mode: 'turbo' } }),
      reasons: ['out_of_range'],
    },
    {
      name: 'an unknown metric',
      payload: json({ ts: ts(), values: { soil_ph: 6.5 } }),
      reasons: ['unknown_metric'],
    },
    {
      name: 'ts in seconds',
      payload: json({ ts: Math.floor(ts() / 1000), values: { air_temp_c: 12 } }),
      reasons: ['too_old'],
    },
    {
      name: 'ts in microseconds',
      payload: json({ ts: ts() * 1000, values: { air_temp_c: 12 } }),
      reasons: ['too_far_ahead'],
    },
    {
      name: 'ts a day in the future',
      payload: json({ ts: NOW + 86_400_000, values: { air_temp_c: 12 } }),
      reasons: ['too_far_ahead'],
    },
    {
      name: 'ts a date without a time',
      payload: json({ ts: '2026-12-06', values: { air_temp_c: 12 } }),
      reasons: ['invalid_timestamp'],
    },
    {
      name: 'ts a word',
      payload: json({ ts: 'yesterday', values: { air_temp_c: 12 } }),
      reasons: ['invalid_timestamp'],
    },
    {
      name: 'ts negative',
      payload: json({ ts: -1, values: { air_temp_c: 12 } }),
      reasons: ['invalid_timestamp'],
    },
    {
      name: 'over 256 KiB',
      payload: json({ ts: ts(), values: { air_temp_c: 12 }, pad: 'x'.repeat(300_000) }),
      reasons: ['payload_too_large'],
    },
    { name: 'deep nesting (10,000 arrays)', payload: text(deep(10_000, '1')), reasons: ['invalid_payload'] },
    {
      name: 'deep nesting inside values',
      payload: text(`{"ts":${ts()},"values":{"air_temp_c":${deep(5_000, '1')}}}`),
      reasons: ['invalid_payload'],
    },
    {
      name: '5,000 unknown keys',
      payload: json({
        ts: ts(),
        values: Object.fromEntries(Array.from({ length: 5_000 }, (_, i) => [`k${i}`, i])),
      }),
      reasons: ['invalid_payload'],
    },
    {
      name: '60 unknown keys beside a valid one',
      payload: json({
        ts: ts(),
        values: { air_temp_c: 12, ...Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`k${i}`, i])) },
      }),
      reasons: ['unknown_metric'],
      keeps: 1,
    },
    {
      name: 'a BOM before invalid JSON',
      payload: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), text('{ts:1}')]),
      reasons: ['invalid_json'],
    },
    {
      name: 'UTF-16LE JSON',
      payload: utf16(JSON.stringify({ ts: ts(), values: { air_temp_c: 12 } }), false),
      reasons: ['invalid_json'],
    },
    {
      name: 'UTF-16BE JSON with its BOM',
      payload: utf16(JSON.stringify({ ts: ts(), values: { air_temp_c: 12 } }), true),
      reasons: ['invalid_json'],
    },
    {
      name: 'duplicate keys, the last out of range',
      payload: text(`{"ts":${ts()},"values":{"air_temp_c":20,"air_temp_c":500}}`),
      reasons: ['out_of_range'],
    },
    {
      name: 'a backlog over 1,000 samples',
      payload: json(Array.from({ length: 1_001 }, () => ({ ts: ts(), values: { air_temp_c: 1 } }))),
      reasons: ['too_many_samples'],
    },
    {
      name: 'a backlog with one bad sample',
      payload: json([
        { ts: ts(), values: { air_temp_c: 11 } },
        { ts: ts(), values: { air_temp_c: 99 } },
      ]),
      reasons: ['out_of_range'],
      keeps: 1,
    },
    {
      name: 'a negative seq',
      payload: json({ ts: ts(), seq: -1, values: { air_temp_c: 12 } }),
      reasons: ['invalid_payload'],
    },
    {
      name: 'a fractional seq',
      payload: json({ ts: ts(), seq: 1.5, values: { air_temp_c: 12 } }),
      reasons: ['invalid_payload'],
    },
    {
      name: 'a seq beyond 64 bits (PostgreSQL refuses it)',
      payload: text(`{"ts":${ts()},"seq":1e300,"values":{"air_temp_c":12}}`),
      reasons: ['unstorable'],
    },
    {
      name: 'a key of 10,000 characters',
      payload: json({ ts: ts(), values: { ['k'.repeat(10_000)]: 1 } }),
      reasons: ['unknown_metric'],
    },
    { name: 'state: binary noise', channel: 'state', payload: noise(128, 77), reasons: ['invalid_json'] },
    {
      name: 'status: online a string',
      channel: 'status',
      payload: json({ online: 'yes' }),
      reasons: ['invalid_payload'],
    },
    {
      name: 'meta: metrics missing',
      channel: 'meta',
      payload: json({ model: 'x' }),
      reasons: ['invalid_payload'],
    },
    { name: 'evt: type missing', channel: 'evt', payload: json({ ts: ts() }), reasons: ['invalid_payload'] },
    {
      name: 'ack: binary noise with NULs',
      channel: 'ack',
      payload: Buffer.alloc(100),
      reasons: ['invalid_json'],
    },
  ];
}

/** Strange but valid: each must be stored, and none may hold ingest (jsonb refuses \u0000). */
function validButOdd(): { name: string; channel: Channel; payload: Buffer }[] {
  return [
    {
      name: 'status with a NUL in fw',
      channel: 'status',
      payload: text('{"online":true,"fw":"1.\\u00002"}'),
    },
    {
      name: 'status with a lone surrogate in reason',
      channel: 'status',
      payload: text('{"online":true,"reason":"\\ud800"}'),
    },
    {
      name: 'meta with a NUL in the model',
      channel: 'meta',
      payload: text('{"model":"a\\u0000b","metrics":{}}'),
    },
    {
      name: 'a BOM before valid JSON',
      channel: 'tele',
      payload: Buffer.concat([
        Buffer.from([0xef, 0xbb, 0xbf]),
        json({ ts: ts(), values: { air_temp_c: 12 } }),
      ]),
    },
  ];
}

/** Rejects after `ms`: a PUBACK that never comes means ingest is wedged. */
function within<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`${what}: no PUBACK in ${ms} ms`)), ms)),
  ]);
}

describe('bad payloads between valid readings: none stops ingest', () => {
  let api: TelemetryApi;
  let device: IssuedDevice;
  let client: MqttClient;
  let sql: pg.Client;

  beforeAll(async () => {
    api = await startTelemetryApi();
    device = await api.register('gh1', 'env-1');
    client = await connectDevice(api.mqttUrl, { username: device.username, password: device.password });
    sql = new pg.Client({ connectionString: api.database.url });
    await sql.connect();
  });

  afterAll(async () => {
    await client?.endAsync(true);
    await sql?.end();
    await api?.close();
  });

  // The payload that wedged ingest for good (its JSON.parse message quoted the NUL into the
  // dead letter's detail, PostgreSQL refused it with 22021 and the batch was retried forever).
  it('dead-letters 512 NUL-leading bytes between valid readings and keeps committing', async () => {
    const topic = telemetryTopic(device);
    const reading = (n: number) => JSON.stringify({ ts: NOW - 10_000 + n, values: { water_temp_c: 10 + n } });
    const garbage = Buffer.concat([Buffer.from([0]), noise(511, 0x2545f491)]);
    await within(10_000, 'reading before', client.publishAsync(topic, reading(1), { qos: 1 }));
    await within(10_000, 'garbage', client.publishAsync(topic, garbage, { qos: 1 }));
    await within(10_000, 'reading after', client.publishAsync(topic, reading(2), { qos: 1 }));

    const readings = await sql.query<{ value: number }>(
      `SELECT value FROM reading_values WHERE metric = 'water_temp_c' ORDER BY ts`,
    );
    expect(readings.rows.map((row) => row.value)).toEqual([11, 12]);
    const dead = await sql.query<{ reason: string; detail: string; payload: string; raw: Buffer }>(
      'SELECT reason, detail, payload, raw FROM dead_letters',
    );
    await sql.query('DELETE FROM dead_letters');
    expect(dead.rows).toHaveLength(1);
    expect(dead.rows[0].reason).toBe('invalid_json');
    expect(dead.rows[0].detail).not.toContain('\u0000');
    expect(dead.rows[0].payload).not.toContain('\u0000');
    expect(Buffer.compare(dead.rows[0].raw, garbage)).toBe(0);
  });

  it('at least 40 kinds in one pass: each dead-lettered with its reason, every valid reading stored once, never a pause', async () => {
    const cases = badCases();
    const odd = validButOdd();
    expect(cases.length).toBeGreaterThanOrEqual(40);
    const valid: number[] = [];
    const publishes: Promise<unknown>[] = [];
    const publish = (channel: Channel, payload: Buffer) =>
      publishes.push(client.publishAsync(telemetryTopic(device, channel), payload, { qos: 1 }));
    const validReading = () => {
      const at = ts();
      valid.push(at);
      publish('tele', json({ ts: at, values: { light_lux: valid.length } }));
    };
    const started = Date.now();
    for (const bad of cases) {
      validReading();
      publish(bad.channel ?? 'tele', bad.payload);
    }
    for (const message of odd) {
      validReading();
      publish(message.channel, message.payload);
    }
    validReading();
    // Every PUBACK (each sent after its commit) within the deadline: nothing held ingest.
    await Promise.race([
      Promise.all(publishes),
      new Promise((_, reject) =>
        setTimeout(() => reject(new Error('ingest stalled: PUBACKs missing')), 30_000),
      ),
    ]);
    const elapsed = Date.now() - started;

    const lux = await sql.query<{ n: string }>(
      `SELECT count(*) AS n FROM reading_values WHERE metric = 'light_lux'`,
    );
    expect(Number(lux.rows[0].n)).toBe(valid.length);
    const dead = (
      await sql.query<{ reason: string; raw: Buffer | null; payload: string }>(
        'SELECT reason, raw, payload FROM dead_letters',
      )
    ).rows;
    const missing: string[] = [];
    for (const bad of cases) {
      const raw = bad.payload.subarray(0, 4096);
      const mine = dead.filter((row) => row.raw !== null && row.raw.equals(raw)).map((row) => row.reason);
      if (JSON.stringify([...mine].sort()) !== JSON.stringify([...bad.reasons].sort()))
        missing.push(`${bad.name}: expected ${bad.reasons.join(',')}, got ${mine.join(',') || 'none'}`);
    }
    expect(missing).toEqual([]);
    // The partly valid ones kept their good values; the strange valid ones were stored.
    const temps = await sql.query<{ n: string }>(
      `SELECT count(*) AS n FROM reading_values WHERE metric = 'air_temp_c'`,
    );
    expect(Number(temps.rows[0].n)).toBe(
      cases.reduce((sum, bad) => sum + (bad.keeps ?? 0), 0) + 1 /* the BOM reading */,
    );
    const devices = await sql.query<{
      last_status: { fw?: string; reason?: string };
      meta: { model: string };
    }>('SELECT last_status, meta FROM devices');
    expect(devices.rows[0].meta.model).toBe('ab');
    expect(dead.filter((row) => row.reason === 'unstorable')).toHaveLength(1);
    const stats = await api.get<{ queued: number; dropped: number }>('/api/telemetry/stats');
    expect(stats.body).toEqual(expect.objectContaining({ queued: 0, dropped: 0 }));
    process.stdout.write(
      `${cases.length} bad kinds + ${odd.length} odd valid + ${valid.length} valid in ${elapsed} ms\n`,
    );
  });
});
