import { describe, expect, it } from '@jest/globals';
import { SEED_PROFILES } from '#agronomy';
import { deriveThresholds, type ActiveCrop } from '../thresholds/thresholds.js';
import { houseClimate, metricExpression, outdoorClimate } from './demo-history.js';

const BUILT_IN = SEED_PROFILES;

describe('demo history: the climate of the past days', () => {
  const cases: [string, string, ActiveCrop[]][] = [
    [
      'tomato hardening with cabbage germinating (gh1 of the demo)',
      'greenhouse',
      [
        { crop: 'tomato', stage: 'hardening' },
        { crop: 'cabbage', stage: 'germination' },
      ],
    ],
    ['pepper hardening', 'greenhouse', [{ crop: 'pepper', stage: 'hardening' }]],
    ['cucumber at true leaf', 'greenhouse', [{ crop: 'cucumber', stage: 'trueLeaf' }]],
    ['an empty germination room', 'germination', []],
  ];

  it.each(cases)('keeps %s inside the limits in force, with room for the wiggle', (_name, kind, crops) => {
    const thresholds = deriveThresholds(kind as 'greenhouse', crops, BUILT_IN);
    const climate = houseClimate(kind, thresholds);
    for (const air of [climate.nightC, climate.dayC, climate.peakC]) {
      expect(air).toBeGreaterThanOrEqual(thresholds.coldWarnC + 1);
      expect(air).toBeLessThanOrEqual(thresholds.hotWarnC - 1);
    }
    expect(climate.nightC).toBeLessThanOrEqual(climate.dayC);
    expect(climate.dayC).toBeLessThanOrEqual(climate.peakC);
    expect(climate.vwcLowPct - climate.vwcSlackPct).toBeGreaterThanOrEqual(thresholds.vwcLowerPct + 0.5);
    // Where the crops' bands exclude each other (gh1), only the floor can be kept.
    if (thresholds.vwcUpperPct > thresholds.vwcLowerPct)
      expect(climate.vwcHighPct).toBeLessThan(thresholds.vwcUpperPct);
    expect(Math.max(climate.rhNightPct, climate.rhDayPct)).toBeLessThan(kind === 'greenhouse' ? 90 : 100);
  });

  it('keeps a dark room at one temperature, without light', () => {
    const climate = houseClimate('germination', deriveThresholds('germination', [], BUILT_IN));
    expect(climate.nightC).toBe(climate.dayC);
    expect(metricExpression('light_lux', climate, 0)).toBe('0');
  });

  it('puts January below July outside', () => {
    expect(outdoorClimate(Date.UTC(2027, 0, 15)).peakC).toBeLessThan(
      outdoorClimate(Date.UTC(2027, 6, 15)).nightC,
    );
  });

  it('models what sensors measure and nothing that was switched', () => {
    const climate = houseClimate('greenhouse', deriveThresholds('greenhouse', [], BUILT_IN));
    for (const metric of ['air_temp_c', 'air_rh_pct', 'substrate_vwc_pct', 'bench_temp_c'])
      expect(metricExpression(metric, climate, 1)).toMatch(/^round\(/);
    for (const metric of ['heater_on', 'sp_c', 'irrigation_on', 'mode', 'battery_v'])
      expect(metricExpression(metric, climate, 1)).toBeUndefined();
    expect(metricExpression('substrate_vwc_pct', outdoorClimate(0), 1)).toBeUndefined();
  });
});
