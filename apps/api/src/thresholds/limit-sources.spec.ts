import { describe, expect, it } from '@jest/globals';
import { CROPS, SEED_PROFILES } from '#agronomy';
import { type HouseBatch, type HouseRow, type ThresholdSetting, houseLimits } from './house-limits.js';
import { limitSources } from './limit-sources.js';

const BUILT_IN = SEED_PROFILES;
const GH1: HouseRow = { site: 'xnz', code: 'gh1', kind: 'greenhouse', hasHeating: true };
const batch = (code: string, crop: string, stage: string): HouseBatch => ({
  id: code,
  zone: 'gh1',
  homeZone: 'gh1',
  trays: 100,
  benches: null,
  moistureSensors: [],
  code,
  crop,
  variety: null,
  stage,
  readyFrom: null,
  sowDate: null,
  allocated: false,
});
const sources = (house: HouseRow, batches: HouseBatch[], settings: ThresholdSetting[] = []) => {
  const limits = houseLimits(house, batches, settings, BUILT_IN);
  return { limits, list: limitSources(limits, BUILT_IN) };
};

describe('limitSources: each limit in force beside its source', () => {
  it('names the batch whose crop and stage set each limit, with the values in force', () => {
    const tomato = batch('B1', 'tomato', 'hardening');
    const cabbage = batch('B2', 'cabbage', 'germinating');
    const { limits, list } = sources(GH1, [tomato, cabbage]);
    for (const limit of list.filter((l) => l.source.kind === 'crop'))
      expect(limit.value).toBe(limits.thresholds[limit.key as keyof typeof limits.thresholds]);
    const night = list.find((l) => l.key === 'nightSetpointC')!;
    const expected = Math.max(
      CROPS.tomato.stageTargets.hardening.nightC.lo,
      CROPS.cabbage.stageTargets.germination.nightC.lo,
    );
    expect(night.value).toBe(expected);
    expect(night.source).toEqual({
      kind: 'crop',
      batches: [
        ...(CROPS.tomato.stageTargets.hardening.nightC.lo === expected
          ? [{ code: 'B1', crop: 'tomato', stage: 'hardening' }]
          : []),
        ...(CROPS.cabbage.stageTargets.germination.nightC.lo === expected
          ? [{ code: 'B2', crop: 'cabbage', stage: 'germinating' }]
          : []),
      ],
    });
    expect(list.find((l) => l.key === 'highHumidityRhPct')).toEqual({
      key: 'highHumidityRhPct',
      value: 90,
      unit: '%',
      source: { kind: 'rule' },
      catalogueValue: 90,
    });
  });

  it('says the fallback crop sets them in an empty house', () => {
    const { list } = sources(GH1, []);
    expect(list.find((l) => l.key === 'daySetpointC')?.source).toEqual({
      kind: 'fallback',
      crop: 'tomato',
      stage: 'trueLeaf',
    });
  });

  it('names the override that set a limit last, the house before the site', () => {
    const { list } = sources(
      GH1,
      [batch('B1', 'tomato', 'hardening')],
      [
        { zone: '*', stage: '', thresholds: { coldWarnC: 7, vwcLowerPct: 40 }, rules: {} },
        { zone: 'gh1', stage: '', thresholds: { coldWarnC: 9 }, rules: {} },
      ],
    );
    expect(list.find((l) => l.key === 'coldWarnC')).toMatchObject({
      value: 9,
      source: { kind: 'override', zone: 'gh1', stage: '' },
      // The catalogue's value stays known beside the override that hides it.
      catalogueValue: CROPS.tomato.coldWarnC,
    });
    expect(list.find((l) => l.key === 'vwcLowerPct')).toMatchObject({
      value: 40,
      source: { kind: 'override', zone: '*', stage: '' },
    });
    expect(list.find((l) => l.key === 'hotWarnC')?.source.kind).toBe('crop');
  });

  it('gives a healing room its fixed heat warning and humidity floor', () => {
    const heal: HouseRow = { site: 'xnz', code: 'heal1', kind: 'healing', hasHeating: true };
    const { list } = sources(heal, [{ ...batch('B3', 'tomato', 'healing'), zone: 'heal1' }]);
    expect(list.find((l) => l.key === 'hotWarnC')).toMatchObject({
      value: 30,
      source: { kind: 'zone-kind', zoneKind: 'healing' },
    });
    expect(list.find((l) => l.key === 'healingRhLowPct')).toMatchObject({ value: 85, unit: '%' });
    expect(list.some((l) => l.key === 'highHumidityRhPct')).toBe(false);
  });
});
