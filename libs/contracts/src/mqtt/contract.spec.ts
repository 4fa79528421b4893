import { describe, expect, it } from '@jest/globals';
import { METRIC_BY_KEY, encodeMetricValue } from './metrics.js';
import { parseTopic } from './topics.js';
import { parseDevicePayload, validateCommandParams } from './validators.js';
import { timestampToMs } from './payloads.js';

describe('parseTopic', () => {
  it.each([
    [
      'nursery/v1/xnz/gh1/env-1/tele',
      { site: 'xnz', zone: 'gh1', device: 'env-1', channel: 'tele', name: undefined },
    ],
    [
      'nursery/v1/xnz/gh1/heater-1/cmd/setpoint',
      { site: 'xnz', zone: 'gh1', device: 'heater-1', channel: 'cmd', name: 'setpoint' },
    ],
    [
      'nursery/v1/xnz/gh1/env-1/tele/senml',
      { site: 'xnz', zone: 'gh1', device: 'env-1', channel: 'tele', name: 'senml' },
    ],
  ])('parses %s', (topic, expected) => {
    expect(parseTopic(topic)).toEqual(expected);
  });

  it.each([
    'nursery/v1/xnz/gh1/env-1',
    'nursery/v2/xnz/gh1/env-1/tele',
    'nursery/v1/XNZ/gh1/env-1/tele',
    'nursery/v1/xnz/gh1/env_1/tele',
    'nursery/v1/xnz/gh1/env-1/bogus',
    'nursery/v1/xnz/gh1/env-1/state/extra',
    'nursery/v1/xnz/gh1/env-1/cmd',
  ])('refuses %s', (topic) => {
    expect(parseTopic(topic)).toBeUndefined();
  });
});

describe('parseDevicePayload', () => {
  it('accepts a sample and a backlog', () => {
    expect(parseDevicePayload('tele', '{"ts":1735689600000,"seq":3,"values":{"air_temp_c":18.6}}').ok).toBe(
      true,
    );
    expect(parseDevicePayload('tele', '[{"ts":"2026-01-01T00:00:00Z","values":{"heater_on":true}}]').ok).toBe(
      true,
    );
  });

  it.each([
    ['{"ts":1,"values":{"air_temp_c":NaN}}', 'invalid_json'],
    ['{"ts":1}', 'invalid_payload'],
    ['{"ts":1,"values":{"a":{"b":1}}}', 'invalid_payload'],
    ['[]', 'invalid_payload'],
    [JSON.stringify(Array.from({ length: 1001 }, () => ({ ts: 1, values: {} }))), 'invalid_payload'],
    ['x'.repeat(256 * 1024 + 1), 'payload_too_large'],
  ])('refuses %#', (raw, reason) => {
    const result = parseDevicePayload('tele', raw);
    expect(result.ok ? 'ok' : result.reason).toBe(reason);
  });
});

describe('encodeMetricValue', () => {
  const metric = (key: string) => METRIC_BY_KEY.get(key)!;
  it.each([
    ['air_temp_c', 18.6, { ok: true, value: 18.6 }],
    ['air_temp_c', 99, { ok: false, reason: 'out_of_range' }],
    ['air_temp_c', Infinity, { ok: false, reason: 'not_finite' }],
    ['air_temp_c', '18', { ok: false, reason: 'wrong_type' }],
    ['heater_on', true, { ok: true, value: 1 }],
    ['mode', 'manual', { ok: true, value: 1 }],
    ['mode', 'turbo', { ok: false, reason: 'out_of_range' }],
  ])('%s %p', (key, raw, expected) => {
    expect(encodeMetricValue(metric(key), raw)).toEqual(expected);
  });
});

describe('commands and time', () => {
  it('validates command parameters', () => {
    expect(validateCommandParams('irrigate', { seconds: 120 }).ok).toBe(true);
    expect(validateCommandParams('irrigate', { seconds: 120, passes: 2 }).ok).toBe(false);
    expect(validateCommandParams('setpoint', { sp_c: 99 }).ok).toBe(false);
  });
  it('parses timestamps', () => {
    expect(timestampToMs('2026-01-01T00:00:00Z')).toBe(Date.UTC(2026, 0, 1));
    expect(timestampToMs('yesterday')).toBeUndefined();
  });
});
