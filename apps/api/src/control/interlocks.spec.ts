import { describe, expect, it } from '@jest/globals';
import { checkInterlocks, stateMatches, type InterlockContext } from './interlocks.js';

const NOW = Date.UTC(2026, 0, 15, 2, 0);
const context: InterlockContext = {
  limits: {
    maxIrrigationSeconds: 900,
    maxIrrigationPasses: 6,
    minIrrigationIntervalMs: 30 * 60_000,
    setpointMinC: 7,
    setpointMaxC: 30,
    benchHeatMaxC: 30,
  },
  lastIrrigationAt: undefined,
  now: NOW,
  winterNight: false,
  forceReason: undefined,
};

describe('interlocks', () => {
  it.each([
    ['a 120 s irrigation', 'irrigate', { seconds: 120 }, {}, true],
    ['an irrigation over the maximum', 'irrigate', { seconds: 1200 }, {}, 'IRRIGATION_TOO_LONG'],
    ['too many passes', 'irrigate', { passes: 9 }, {}, 'IRRIGATION_TOO_LONG'],
    [
      'too soon after the last',
      'irrigate',
      { seconds: 60 },
      { lastIrrigationAt: NOW - 10 * 60_000 },
      'IRRIGATION_TOO_SOON',
    ],
    [
      'too soon but forced',
      'irrigate',
      { seconds: 60 },
      { lastIrrigationAt: NOW - 10 * 60_000, forceReason: 'edge trays dry' },
      true,
    ],
    ['a winter night', 'irrigate', { seconds: 60 }, { winterNight: true }, 'IRRIGATION_WINTER_NIGHT'],
    [
      'a winter night, forced',
      'irrigate',
      { seconds: 60 },
      { winterNight: true, forceReason: 'fertigation' },
      true,
    ],
    [
      'forcing does not lift the maximum',
      'irrigate',
      { seconds: 1200 },
      { forceReason: 'x' },
      'IRRIGATION_TOO_LONG',
    ],
    ['a setpoint in band', 'setpoint', { sp_c: 15 }, {}, true],
    ['a setpoint below band', 'setpoint', { sp_c: 4 }, {}, 'SETPOINT_OUT_OF_BAND'],
    ['a setpoint above band', 'setpoint', { sp_c: 34 }, {}, 'SETPOINT_OUT_OF_BAND'],
    ['bench heat too hot', 'bench-heat', { on: true, sp_c: 33 }, {}, 'BENCH_HEAT_TOO_HOT'],
    ['bench heat on', 'bench-heat', { on: true, sp_c: 24 }, {}, true],
  ] as const)('%s', (_name, command, params, patch, expected) => {
    const result = checkInterlocks(command, params, { ...context, ...patch });
    if (expected === true) expect(result.ok).toBe(true);
    else expect(result).toMatchObject({ ok: false, code: expected, reason: expect.any(String) });
  });
});

describe('state matching', () => {
  it.each([
    ['setpoint reached', 'setpoint', { sp_c: 15 }, { sp_c: 15 }, true],
    ['setpoint not yet', 'setpoint', { sp_c: 15 }, { sp_c: 13 }, false],
    ['irrigation running', 'irrigate', { seconds: 60 }, { irrigation_on: true }, true],
    ['irrigation not running', 'irrigate', { seconds: 60 }, { irrigation_on: 0 }, false],
    ['bench heat on at sp', 'bench-heat', { on: true, sp_c: 24 }, { bench_heat_on: 1, sp_c: 24 }, true],
    ['bench heat off requested, still on', 'bench-heat', { on: false }, { bench_heat_on: true }, false],
    ['bench heat off', 'bench-heat', { on: false }, { bench_heat_on: false }, true],
    [
      'bench heat on, thermostat in auto with its relay off (a warm bench)',
      'bench-heat',
      { on: true, sp_c: 24 },
      { bench_heat_on: false, mode: 'auto', sp_c: 24 },
      true,
    ],
    [
      'bench heat on, thermostat still off',
      'bench-heat',
      { on: true },
      { bench_heat_on: false, mode: 'off' },
      false,
    ],
    [
      'bench heat off, thermostat off',
      'bench-heat',
      { on: false },
      { bench_heat_on: false, mode: 'off' },
      true,
    ],
    [
      'bench heat off, thermostat still auto',
      'bench-heat',
      { on: false },
      { bench_heat_on: false, mode: 'auto' },
      false,
    ],
  ] as const)('%s', (_name, command, params, state, expected) => {
    expect(stateMatches(command, params, state)).toBe(expected);
  });
});
