import { describe, expect, it } from '@jest/globals';
import { CROPS, SEED_PROFILES, type CropProfile } from '#agronomy';
import type { CropProfileSet } from './crop-profiles.js';
import { type HouseBatch, type HouseRow, houseLimits } from './house-limits.js';

const BUILT_IN = SEED_PROFILES;
const GH1: HouseRow = { site: 'xnz', code: 'gh1', kind: 'greenhouse', hasHeating: true };
const batch = (crop: string, stage: string, variety: string | null = null): HouseBatch => ({
  id: `${crop}-${stage}`,
  zone: 'gh1',
  homeZone: 'gh1',
  trays: 100,
  benches: null,
  moistureSensors: [],
  code: 'B1',
  crop,
  variety,
  stage,
  readyFrom: null,
  sowDate: null,
  allocated: false,
});

describe('houseLimits: the limits in force in a house', () => {
  it('takes the most sensitive crop and derives the interlocks band from it', () => {
    const limits = houseLimits(GH1, [batch('tomato', 'growing'), batch('pepper', 'growing')], [], BUILT_IN);
    expect(limits.thresholds.coldCritC).toBe(Math.max(CROPS.tomato.coldCritC, CROPS.pepper.coldCritC));
    expect(limits.band).toEqual({
      setpointMinC: limits.thresholds.coldCritC + 2,
      setpointMaxC: limits.thresholds.hotWarnC - 2,
    });
  });

  it('asks the provider for the batch variety, so a variety profile is honoured', () => {
    const asked: (string | null | undefined)[] = [];
    const hardy: CropProfile = { ...CROPS.tomato, coldCritC: -3 };
    const provider: CropProfileSet = {
      ...BUILT_IN,
      profile: (crop, variety) => {
        asked.push(variety);
        return variety === 'hardy' ? hardy : CROPS[crop];
      },
    };
    const limits = houseLimits(GH1, [batch('tomato', 'growing', 'hardy')], [], provider);
    expect(asked).toContain('hardy');
    expect(limits.thresholds.coldCritC).toBe(-3);
  });

  it.each([
    ['a zone setting applies', [{ zone: 'gh1', stage: '', thresholds: { coldCritC: 9 }, rules: {} }], 9],
    [
      'another zone setting does not',
      [{ zone: 'gh2', stage: '', thresholds: { coldCritC: 9 }, rules: {} }],
      undefined,
    ],
    [
      'a stage setting applies only with a batch at that stage',
      [{ zone: 'gh1', stage: 'germination', thresholds: { coldCritC: 9 }, rules: {} }],
      undefined,
    ],
    [
      'the zone wins over the site',
      [
        { zone: 'gh1', stage: '', thresholds: { coldCritC: 8 }, rules: {} },
        { zone: '*', stage: '', thresholds: { coldCritC: 9 }, rules: {} },
      ],
      8,
    ],
  ])('%s', (_name, settings, expected) => {
    const limits = houseLimits(GH1, [batch('tomato', 'growing')], settings, BUILT_IN);
    expect(limits.thresholds.coldCritC).toBe(
      expected ?? houseLimits(GH1, [batch('tomato', 'growing')], [], BUILT_IN).thresholds.coldCritC,
    );
  });

  it('maps batch stages to agronomy stages (a sown batch is germinating)', () => {
    expect(houseLimits(GH1, [batch('tomato', 'sown')], [], BUILT_IN).crops).toEqual([
      { crop: 'tomato', variety: null, stage: 'germination' },
    ]);
  });
});
