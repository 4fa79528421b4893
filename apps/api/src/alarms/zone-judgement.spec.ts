import { describe, expect, it } from '@jest/globals';
import { SEED_PROFILES } from '#agronomy';
import { deriveThresholds, type ZoneThresholds } from '../thresholds/thresholds.js';
import { TelemetryWindow } from '../window/telemetry-window.js';
import type { RuleCode, RuleTime } from './alarm-rules.js';
import { type ZoneInput, judgeZone, timingOf } from './zone-judgement.js';

const MIN = 60_000;
const T0 = Date.UTC(2026, 0, 15, 14, 0); // 22:00 at the nursery, a winter night
const night: RuleTime = { now: T0, night: true, heatingCriticalWindow: true };
const BUILT_IN = SEED_PROFILES;
const tomato: ZoneThresholds = deriveThresholds(
  'greenhouse',
  [{ crop: 'tomato', stage: 'trueLeaf' }],
  BUILT_IN,
);

/** A zone with one env sensor reporting air temperature once a minute for the last `minutes`. */
function zoneWithAir(airC: number, options: { kind?: string; minutes?: number; lastAt?: number } = {}) {
  const window = new TelemetryWindow();
  const lastAt = options.lastAt ?? T0;
  const device = window.track({ site: 'xnz', zone: 'gh1', device: 'env-1', kind: 'env', intervalS: 60 });
  for (let m = options.minutes ?? 10; m >= 0; m--)
    window.add('xnz', 'gh1', 'env-1', 'air_temp_c', lastAt - m * MIN, airC, lastAt - m * MIN);
  device.lastSeenAt = lastAt;
  const input: ZoneInput = {
    zone: { code: 'gh1', kind: options.kind ?? 'greenhouse', hasHeating: true },
    devices: window.devicesIn('gh1'),
    thresholds: tomato,
    timing: timingOf([]),
    isOpen: () => false,
    programmedIrrigationMs: undefined,
  };
  return input;
}

const decisionOf = (input: ZoneInput, rule: RuleCode, time = night, subject = '') =>
  judgeZone(input, time).judgements.find((j) => j.rule === rule && j.subject === subject)?.decision;

describe('judgeZone: a zone judged from its window, thresholds, time and timing', () => {
  it.each([
    ['frost at 1 °C in a greenhouse raises', 1, 'greenhouse', 'frost', true],
    ['20 °C raises no frost', 20, 'greenhouse', 'frost', false],
    ['frost at 1 °C at the weather station is weather, not an alarm', 1, 'outdoor', 'frost', false],
    ['overheat-critical at 45 °C raises', 45, 'greenhouse', 'overheat-critical', true],
  ] as const)('%s', (_name, airC, kind, rule, raised) => {
    expect(decisionOf(zoneWithAir(airC, { kind }), rule)?.raise ?? false).toBe(raised);
  });

  it('a rule disabled by a setting is not judged', () => {
    const input = zoneWithAir(1);
    const disabled = {
      ...input,
      timing: timingOf([{ zone: 'gh1', stage: '', thresholds: {}, rules: { frost: { enabled: false } } }]),
    };
    expect(decisionOf(input, 'frost')).toBeDefined();
    expect(decisionOf(disabled, 'frost')).toBeUndefined();
  });

  it('a threshold override moves the limit the zone is judged against', () => {
    const input = { ...zoneWithAir(6), thresholds: { ...tomato, coldCritC: 7 } };
    expect(decisionOf(zoneWithAir(6), 'frost')?.raise).toBe(false);
    expect(decisionOf(input, 'frost')?.raise).toBe(true);
  });

  it('a silent sensor is judged offline and its stale readings no longer speak for the air', () => {
    const input = zoneWithAir(1, { lastAt: T0 - 30 * MIN });
    expect(decisionOf(input, 'sensor-offline', night, 'env-1')?.raise).toBe(true);
    expect(decisionOf(input, 'frost')).toBeUndefined();
  });

  it('names the instant time alone may next change a decision (the sensor going stale)', () => {
    const { dueAt } = judgeZone(zoneWithAir(20), night);
    expect(dueAt).toBeGreaterThan(T0);
    expect(dueAt).toBeLessThanOrEqual(T0 + 5 * MIN + 1);
  });

  it('timings from settings apply least specific first, the last one winning', () => {
    const timing = timingOf([
      { zone: '*', stage: '', thresholds: {}, rules: { frost: { onDelayMs: 1 } } },
      { zone: 'gh1', stage: '', thresholds: {}, rules: { frost: { onDelayMs: 2 } } },
    ]);
    expect(timing('frost')).toMatchObject({ onDelayMs: 2, enabled: true });
  });
});
