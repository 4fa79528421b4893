import { describe, expect, it } from '@jest/globals';
import { SEED_PROFILES } from '#agronomy';
import { alarmMessage } from '#contracts';
import { batchLocations } from '../batches/batch-entries.js';
import { type HouseBatch, type HouseRow, houseLimits } from '../thresholds/house-limits.js';
import { TelemetryWindow } from '../window/telemetry-window.js';
import type { RuleCode, RuleTime } from './alarm-rules.js';
import { judgeZone, timingOf } from './zone-judgement.js';

// Mixed houses judged the way the engine does: the houses' batches (where their events put them),
// their limits (houseLimits), then the zone's rules over a sensor window (judgeZone).
const MIN = 60_000;
const T0 = Date.UTC(2026, 11, 1, 14, 0); // 22:00 at the nursery, a December night
const night: RuleTime = { now: T0, night: true, heatingCriticalWindow: true };
const GH1: HouseRow = { site: 'xnz', code: 'gh1', kind: 'greenhouse', hasHeating: true };
const GERM1: HouseRow = { site: 'xnz', code: 'germ1', kind: 'germination', hasHeating: true };

const batch = (code: string, crop: string, stage: string, zone = 'gh1'): HouseBatch => ({
  id: code,
  code,
  crop,
  variety: null,
  stage,
  zone,
  homeZone: 'gh1',
  trays: 100,
  benches: null,
  moistureSensors: [],
  readyFrom: null,
  sowDate: null,
  allocated: false,
});

/**
 * A house whose sensor has read these values once a minute for ten minutes, and whose substrate
 * probes (device id → moisture) read theirs, the last probe freshest.
 */
function judged(
  house: HouseRow,
  batches: HouseBatch[],
  readings: Record<string, number>,
  probes: Record<string, number> = {},
) {
  const window = new TelemetryWindow();
  const device = window.track({ site: 'xnz', zone: house.code, device: 'env-1', kind: 'env', intervalS: 60 });
  for (let m = 10; m >= 0; m--)
    for (const [metric, value] of Object.entries(readings))
      window.add('xnz', house.code, 'env-1', metric, T0 - m * MIN, value, T0 - m * MIN);
  device.lastSeenAt = T0;
  Object.entries(probes).forEach(([probe, vwc], index) => {
    window.track({ site: 'xnz', zone: house.code, device: probe, kind: 'substrate', intervalS: 60 });
    for (let m = 10; m >= 0; m--) {
      const at = T0 - m * MIN - (Object.keys(probes).length - index) * 1000;
      window.add('xnz', house.code, probe, 'substrate_vwc_pct', at, vwc, at);
    }
  });
  const limits = houseLimits(house, batches, [], SEED_PROFILES);
  const { judgements } = judgeZone(
    {
      zone: house,
      devices: window.devicesIn(house.code),
      thresholds: limits.thresholds,
      batchLimits: limits.batchLimits,
      timing: timingOf([]),
      isOpen: () => false,
      programmedIrrigationMs: undefined,
    },
    night,
  );
  const raised = (rule: RuleCode) => judgements.find((j) => j.rule === rule && j.subject === '')?.decision;
  return { limits, raised };
}

const tomato = SEED_PROFILES.profile('tomato');
const cabbage = SEED_PROFILES.profile('cabbage');

describe('the demo 1号棚: tomato hardening, cabbage sown for it', () => {
  // The demo seeds the cabbage germinating with gh1 as its house: its events put it in the
  // germination room, so 1号棚 holds the tomato alone.
  const events = [{ kind: 'created', details: { stage: 'germinating', zone: 'gh1', trays: 200 } }];
  const cabbagePlace = batchLocations({ zone: 'gh1', benches: null, trays: 200 }, events, {
    germinationRoom: 'germ1',
  });
  const tomatoBatch = batch('T1', 'tomato', 'hardening');
  const cabbageBatch = batch('C1', 'cabbage', 'germinating', cabbagePlace[0].zone);
  const inHouse = [tomatoBatch, cabbageBatch].filter((b) => b.zone === 'gh1');

  it('the cabbage stands in the germination room, not in 1号棚', () => {
    expect(cabbagePlace).toEqual([{ zone: 'germ1', benches: null, trays: 200 }]);
    expect(inHouse.map((b) => b.code)).toEqual(['T1']);
  });

  it("1号棚 is held to the tomato's hardening band: no inverted moisture band, nights heated for the tomato", () => {
    const { limits } = judged(GH1, inHouse, { air_temp_c: 12 });
    expect(limits.thresholds.vwcLowerPct).toBe(tomato.moisture.hardening.vwcLowerPct);
    expect(limits.thresholds.vwcUpperPct).toBe(tomato.moisture.hardening.vwcUpperPct);
    expect(limits.thresholds.vwcLowerPct).toBeLessThan(limits.thresholds.vwcUpperPct);
    expect(limits.thresholds.nightSetpointC).toBe(tomato.stageTargets.hardening.nightC.lo);
    expect(limits.conflicts).toEqual([]);
  });

  it("the tomato's normal hardening moisture raises no dry-substrate alarm", () => {
    const normal = (tomato.moisture.hardening.vwcLowerPct + tomato.moisture.hardening.vwcUpperPct) / 2;
    const { raised } = judged(GH1, inHouse, { air_temp_c: 12, substrate_vwc_pct: normal });
    expect(raised('dry-substrate')?.raise).toBe(false);
  });

  it("the germination room's alarms are judged by the cabbage's limits and name it", () => {
    const { raised } = judged(GERM1, [cabbageBatch], { air_temp_c: 1 });
    const frost = raised('frost');
    expect(frost?.raise).toBe(true);
    expect(frost?.params?.batches).toBe(`C1:${Math.max(cabbage.coldCritC, 2)}`);
  });
});

describe('a house really holding batches that share no band', () => {
  // Cabbage germinating moved into 1号棚 beside the hardening tomato: both really stand there.
  const mixed = [batch('T1', 'tomato', 'hardening'), batch('C1', 'cabbage', 'germinating')];
  const tomatoLow = tomato.moisture.hardening.vwcLowerPct;
  const cabbageLow = cabbage.moisture.germination.vwcLowerPct;

  it('has the test premise: the cabbage needs wetter substrate than the tomato may have', () => {
    expect(cabbageLow).toBeGreaterThan(tomato.moisture.hardening.vwcUpperPct);
  });

  it('warns "conflicting crops in one house", naming both batches with their own bands', () => {
    const { limits } = judged(GH1, mixed, { air_temp_c: 12 });
    const moisture = limits.conflicts.find((c) => c.metric === 'vwcPct');
    expect(moisture?.batches.map((b) => [b.code, b.lo])).toEqual([
      ['T1', tomatoLow],
      ['C1', cabbageLow],
    ]);
  });

  it.each([
    [
      'between the two floors: the cabbage alone is hit',
      (tomatoLow + cabbageLow) / 2,
      true,
      `C1:${cabbageLow}`,
    ],
    ['under both floors: both batches are hit', tomatoLow - 2, true, `T1:${tomatoLow};C1:${cabbageLow}`],
    ["above the cabbage's floor: nobody is hit", cabbageLow + 6, false, undefined],
  ])('dry substrate %s', (_name, vwc, raise, batches) => {
    const { raised } = judged(GH1, mixed, { air_temp_c: 12, substrate_vwc_pct: vwc });
    const decision = raised('dry-substrate');
    expect(decision?.raise).toBe(raise);
    expect(decision?.params?.batches).toBe(batches);
  });

  it('one alarm per house and rule, its text naming the batches hit with their limits', () => {
    const { raised } = judged(GH1, mixed, { air_temp_c: 12, substrate_vwc_pct: tomatoLow - 2 });
    const decision = raised('dry-substrate')!;
    const params = { value: decision.value, threshold: decision.threshold, ...decision.params };
    const zh = alarmMessage('dry-substrate', params, { locale: 'zh-CN' })!.text;
    const en = alarmMessage('dry-substrate', params, { locale: 'en' })!.text;
    expect(zh).toContain(`涉及批次：T1 限值 ${tomatoLow}、C1 限值 ${cabbageLow}`);
    expect(en).toContain(`batches hit: T1 limit ${tomatoLow}, C1 limit ${cabbageLow}`);
  });

  it('heating holds the warmest night minimum any of them needs, inside an interlock band that is not inverted', () => {
    const { limits } = judged(GH1, mixed, { air_temp_c: 12 });
    const warmest = Math.max(
      tomato.stageTargets.hardening.nightC.lo,
      cabbage.stageTargets.germination.nightC.lo,
    );
    expect(limits.thresholds.nightSetpointC).toBe(warmest);
    expect(limits.band.setpointMinC).toBeLessThanOrEqual(limits.band.setpointMaxC);
  });

  it('two batches of one crop and stage share one band and are judged once', () => {
    const same = [batch('T1', 'tomato', 'hardening'), batch('T2', 'tomato', 'hardening')];
    const { raised, limits } = judged(GH1, same, { air_temp_c: 12, substrate_vwc_pct: tomatoLow - 2 });
    expect(limits.conflicts).toEqual([]);
    expect(raised('dry-substrate')?.params?.batches).toBe(`T1:${tomatoLow};T2:${tomatoLow}`);
  });
});

describe("moisture where the roots are: a batch judged on its benches' probes", () => {
  const tomatoLow = tomato.moisture.hardening.vwcLowerPct;
  const onBenches = (code: string, benches: string, probes: string[]): HouseBatch => ({
    ...batch(code, 'tomato', 'hardening'),
    benches,
    moistureSensors: probes,
  });

  it('names only the batch whose own probe reads dry, though the freshest probe of the house reads wet', () => {
    const batches = [onBenches('T1', 'A1', ['substrate-1']), onBenches('T2', 'A2', ['substrate-2'])];
    const { raised } = judged(
      GH1,
      batches,
      { air_temp_c: 12 },
      { 'substrate-1': tomatoLow - 3, 'substrate-2': tomatoLow + 8 },
    );
    expect(raised('dry-substrate')?.raise).toBe(true);
    expect(raised('dry-substrate')?.params?.batches).toBe(`T1:${tomatoLow}`);
  });

  it('without a mapping, the house-wide rule: the freshest probe of the house speaks for every batch', () => {
    const batches = [onBenches('T1', 'A1', []), onBenches('T2', 'A2', [])];
    const { raised } = judged(
      GH1,
      batches,
      { air_temp_c: 12 },
      { 'substrate-1': tomatoLow - 3, 'substrate-2': tomatoLow + 8 },
    );
    expect(raised('dry-substrate')?.raise).toBe(false);
  });
});
