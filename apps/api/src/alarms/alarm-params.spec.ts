import { describe, expect, it } from '@jest/globals';
import { alarmMessage } from '#contracts';
import type { RuleDecision } from './alarm-lifecycle.js';
import { storedAlarmParams } from './alarm-params.js';

const decision = (extra: Partial<RuleDecision>): RuleDecision => ({
  raise: true,
  clear: false,
  severity: 'warning',
  onDelayMs: 0,
  offDelayMs: 0,
  message: 'English for the log',
  ...extra,
});

describe('storedAlarmParams', () => {
  it.each<[string, string, Partial<RuleDecision>, Record<string, unknown> | null]>([
    ['dry-substrate', '', { value: 31.24, threshold: 36 }, { value: 31.24, threshold: 36 }],
    [
      'high-humidity',
      '',
      { value: 97.6, threshold: 90, params: { cause: 'condensation', air: 14.2 } },
      { cause: 'condensation', value: 97.6, threshold: 90, air: 14.2 },
    ],
    // The subject names the device and metric; the rule adds the cause.
    [
      'sensor-implausible',
      'env-1:air_temp_c',
      { params: { metric: 'air_temp_c', cause: 'flat' } },
      { device: 'env-1', metric: 'air_temp_c', cause: 'flat' },
    ],
    ['sensor-offline', 'env-2', { params: { device: 'env-2' } }, { device: 'env-2' }],
    // Names the code does not declare are not stored.
    ['frost', '', { value: 1.5, threshold: 2, params: { cause: 'x' } }, { value: 1.5, threshold: 2 }],
    ['not-a-rule', '', { value: 1 }, null],
  ])('%s', (rule, subject, extra, expected) => {
    expect(storedAlarmParams(rule, subject, decision(extra))).toEqual(expected);
  });

  it('gives the catalogue what its text needs, with no English left in the Chinese', () => {
    const params = storedAlarmParams(
      'heater-failure',
      '',
      decision({ value: 9.4, threshold: 12, params: { cause: 'not-rising' } }),
    )!;
    const text = alarmMessage('heater-failure', params, { locale: 'zh-CN' })!;
    expect(text.title).toBe('加温故障');
    expect(text.text).toContain('9.4');
    expect(text.text).not.toMatch(/[A-Za-z]{3,}/);
  });
});
