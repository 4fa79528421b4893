import { describe, expect, it } from '@jest/globals';
import { CROPS, SEED_PROFILES, type StageKey } from '#agronomy';
import { deriveThresholds } from '../thresholds/thresholds.js';
import { heatingSetpoints, heatingSlots, IRRIGATION_SLOTS } from './house-programme.js';
import { checkInterlocks, DEFAULT_LIMITS, type InterlockContext } from './interlocks.js';

/** The built-in catalogue, as the thresholds service's default provider answers. */
const BUILT_IN = SEED_PROFILES;

const STAGES: readonly StageKey[] = ['germination', 'cotyledon', 'trueLeaf', 'hardening'];
const cases = Object.keys(CROPS).flatMap((crop) => STAGES.map((stage) => [crop, stage] as const));

function contextFor(thresholds: ReturnType<typeof deriveThresholds>): InterlockContext {
  return {
    limits: {
      ...DEFAULT_LIMITS,
      setpointMinC: thresholds.coldCritC + 2,
      setpointMaxC: thresholds.hotWarnC - 2,
    },
    lastIrrigationAt: undefined,
    now: Date.UTC(2026, 10, 29, 0, 30),
    winterNight: false,
    forceReason: undefined,
  };
}

describe('house programme', () => {
  it.each(cases)('%s at %s: setpoints clear of the alarms and inside the interlocks', (crop, stage) => {
    const thresholds = deriveThresholds('greenhouse', [{ crop, stage }], BUILT_IN);
    const context = contextFor(thresholds);
    const sp = heatingSetpoints(thresholds, context.limits);
    expect(sp.preDawnC).toBeLessThanOrEqual(sp.nightC);
    expect(sp.nightC).toBeLessThanOrEqual(sp.dayC);
    expect(sp.afternoonC).toBeGreaterThanOrEqual(sp.nightC);
    expect(sp.afternoonC).toBeLessThanOrEqual(sp.dayC);
    expect(sp.nightC).toBeGreaterThanOrEqual(thresholds.nightSetpointC);
    expect(sp.nightC).toBeGreaterThanOrEqual(
      Math.max(thresholds.nightSetpointC - 3, thresholds.coldWarnC) + 1,
    );
    expect(sp.preDawnC).toBeGreaterThanOrEqual(thresholds.coldWarnC + 1);
    expect(sp.dayC).toBeGreaterThanOrEqual(thresholds.daySetpointC);
    for (const slot of heatingSlots(sp)) {
      expect(checkInterlocks('setpoint', slot.params, context)).toEqual({ ok: true, overridden: [] });
    }
  });

  it('heats a mixed house for its most demanding crop, with a pre-dawn drop (tomato + cabbage sown)', () => {
    const thresholds = deriveThresholds(
      'greenhouse',
      [
        { crop: 'tomato', stage: 'trueLeaf' },
        { crop: 'cabbage', stage: 'germination' },
      ],
      BUILT_IN,
    );
    const sp = heatingSetpoints(thresholds, contextFor(thresholds).limits);
    expect(sp).toEqual({ dayC: 22, afternoonC: 18.5, nightC: 15, preDawnC: 12 });
  });

  it('morning irrigation passes the interlocks on a winter day', () => {
    const context = contextFor(deriveThresholds('greenhouse', [], BUILT_IN));
    for (const slot of IRRIGATION_SLOTS) {
      expect(checkInterlocks('irrigate', slot.params, context)).toEqual({ ok: true, overridden: [] });
    }
  });
});
