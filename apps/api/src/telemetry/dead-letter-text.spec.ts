import { describe, expect, it } from '@jest/globals';
import type { DirectoryEntry } from '../devices/device-directory.js';
import {
  DEAD_LETTER_LIMITS,
  DEAD_LETTER_RAW_BYTES,
  deadLetterText,
  payloadExcerpt,
} from './dead-letter-text.js';
import { planMessage, type DeadLetterRow } from './ingest.js';

const NOW = Date.parse('2026-11-28T12:00:00Z');
const DEVICE: DirectoryEntry = {
  id: '00000000-0000-4000-8000-000000000001',
  site: 'xnz',
  zone: 'gh1',
  device: 'env-1',
  kind: 'env',
  enabled: true,
  username: 'xnz-gh1-env-1',
  passwordHash: '',
  intervalS: 60,
};
const TOPIC = 'nursery/v1/xnz/gh1/env-1/tele';

const plan = (topic: string, payload: Buffer) =>
  planMessage(topic, payload, {
    now: NOW,
    retentionMs: 180 * 86_400_000,
    lookup: (site, zone, device) =>
      site === DEVICE.site && zone === DEVICE.zone && device === DEVICE.device ? DEVICE : undefined,
  });

/** What PostgreSQL's text columns accept: no NUL, UTF-8 that round-trips, at most `max` characters. */
function storable(text: string, max: number): void {
  expect(text).not.toContain('\u0000');
  expect(Buffer.from(text, 'utf8').toString('utf8')).toBe(text);
  expect([...text].length).toBeLessThanOrEqual(max);
}

function expectStorable(row: DeadLetterRow, payload: Buffer): void {
  storable(row.topic, DEAD_LETTER_LIMITS.topic);
  storable(row.reason, DEAD_LETTER_LIMITS.reason);
  storable(row.detail, DEAD_LETTER_LIMITS.detail);
  storable(row.payload, DEAD_LETTER_LIMITS.payload);
  expect(row.raw.equals(payload.subarray(0, DEAD_LETTER_RAW_BYTES))).toBe(true);
}

function noise(length: number, seed: number, first?: number): Buffer {
  const bytes = Buffer.alloc(length);
  let state = seed >>> 0;
  for (let i = 0; i < length; i++) {
    state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
    bytes[i] = state >>> 24;
  }
  if (first !== undefined && length > 0) bytes[0] = first;
  return bytes;
}

describe('deadLetterText', () => {
  it.each([
    ['plain text stays', 'abc', 10, 'abc'],
    ['NUL becomes a visible mark', 'a\u0000b', 10, 'a\u2400b'],
    ['a lone high surrogate becomes U+FFFD', 'a\ud800b', 10, 'a\ufffdb'],
    ['a lone low surrogate becomes U+FFFD', '\udc00', 10, '\ufffd'],
    ['a valid pair stays', '苗😀', 10, '苗😀'],
    ['cut to the limit in code points', 'abcdef', 3, 'abc'],
    ['never cuts a pair in half', '😀😀😀', 2, '😀😀'],
    ['counts a pair as one character', 'a😀b', 3, 'a😀b'],
    ['empty stays empty', '', 5, ''],
  ])('%s', (_name, input, max, expected) => {
    expect(deadLetterText(input, max)).toBe(expected);
    storable(deadLetterText(input, max), max);
  });

  it('decodes invalid UTF-8 to U+FFFD and bounds a 256 KiB payload', () => {
    expect(payloadExcerpt(Buffer.from([0x61, 0xff, 0x00, 0x62]))).toBe('a\ufffd\u2400b');
    const big = Buffer.alloc(256 * 1024, 0x41);
    expect(payloadExcerpt(big)).toHaveLength(DEAD_LETTER_LIMITS.payload);
  });
});

describe('planMessage dead letters are always storable', () => {
  const cases: [string, string, Buffer][] = [
    ['512 NUL-leading bytes (the wedge)', TOPIC, noise(512, 0x2545f491, 0)],
    ['NUL alone', TOPIC, Buffer.from([0])],
    ['NUL inside JSON text', TOPIC, Buffer.from('{"ts":1,\u0000"values":{}}')],
    ['a NUL in a metric key', TOPIC, Buffer.from(`{"ts":${NOW},"values":{"a\\u0000b":1}}`)],
    ['a NUL in a string value', TOPIC, Buffer.from(`{"ts":${NOW},"values":{"air_temp_c":"\\u0000"}}`)],
    ['a lone surrogate in a key', TOPIC, Buffer.from(`{"ts":${NOW},"values":{"\\ud800":1}}`)],
    ['a NUL in the ts string', TOPIC, Buffer.from('{"ts":"2026\\u0000","values":{"air_temp_c":1}}')],
    ['UTF-16 JSON', TOPIC, Buffer.from(`{"ts":${NOW},"values":{"air_temp_c":1}}`, 'utf16le')],
    ['a NUL in the topic', 'nursery/v1/xnz/gh1/env-1/tele\u0000x', Buffer.from('{}')],
    ['an unknown device with noise', 'nursery/v1/xnz/gh1/env-9/tele', noise(300, 7, 0)],
    ['a topic of 1,000 characters', `nursery/${'x'.repeat(1000)}`, Buffer.from('{}')],
    ['a key of 10,000 characters', TOPIC, Buffer.from(`{"ts":${NOW},"values":{"${'k'.repeat(10_000)}":1}}`)],
    [
      'a string value of 100,000 NULs',
      TOPIC,
      Buffer.from(`{"ts":${NOW},"values":{"air_temp_c":"${'\\u0000'.repeat(100_000)}"}}`),
    ],
    ['state channel noise', 'nursery/v1/xnz/gh1/env-1/state', noise(512, 99, 0)],
    ['status channel noise', 'nursery/v1/xnz/gh1/env-1/status', noise(512, 98, 0)],
    ['meta channel noise', 'nursery/v1/xnz/gh1/env-1/meta', noise(512, 97, 0)],
    ['evt channel noise', 'nursery/v1/xnz/gh1/env-1/evt', noise(512, 96, 0)],
    ['ack channel noise', 'nursery/v1/xnz/gh1/env-1/ack', noise(512, 95, 0)],
    ['5 KiB of noise (raw capped at 4 KiB)', TOPIC, noise(5 * 1024, 3)],
  ];

  it.each(cases)('%s', (_name, topic, payload) => {
    const result = plan(topic, payload);
    expect(result.deadLetters.length).toBeGreaterThan(0);
    for (const row of result.deadLetters) expectStorable(row, payload);
  });

  it('holds for 500 random payloads of every length up to 600 bytes', () => {
    for (let seed = 1; seed <= 500; seed++) {
      const payload = noise(seed % 600, seed, seed % 3 === 0 ? 0 : undefined);
      for (const row of plan(TOPIC, payload).deadLetters) expectStorable(row, payload);
    }
  });
});

describe('planMessage decisions on empty values and the byte-order mark', () => {
  it('strips a UTF-8 BOM before valid JSON and stores the reading', () => {
    const payload = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from(JSON.stringify({ ts: NOW - 1000, values: { air_temp_c: 12 } })),
    ]);
    const result = plan(TOPIC, payload);
    expect(result.deadLetters).toEqual([]);
    expect(result.readings.map((r) => r.value)).toEqual([12]);
  });

  it('dead-letters a sample with empty values as no_values, and still marks the device seen', () => {
    const result = plan(TOPIC, Buffer.from(JSON.stringify({ ts: NOW - 1000, values: {} })));
    expect(result.readings).toEqual([]);
    expect(result.deadLetters.map((row) => row.reason)).toEqual(['no_values']);
    expect(result.presence?.seenAt).toBe(NOW);
  });

  it('names the empty samples of a backlog and keeps the others', () => {
    const result = plan(
      TOPIC,
      Buffer.from(
        JSON.stringify([
          { ts: NOW - 2000, values: { air_temp_c: 1 } },
          { ts: NOW - 1000, values: {} },
        ]),
      ),
    );
    expect(result.readings).toHaveLength(1);
    expect(result.deadLetters.map((row) => [row.reason, row.detail])).toEqual([
      ['no_values', `1 value(s): [1]ts=${new Date(NOW - 1000).toISOString()}`],
    ]);
  });
});
