import { describe, expect, it } from '@jest/globals';
import { climateStageOf, isGrowing, targetStageOf, type BatchStage } from './batches.js';

// The one mapping from a batch's stage to the crop stage whose climate applies: the api's alarms,
// interlocks and limits panel and the web's house targets all read it (issue 17, "written once").
describe('batch stage → climate stage', () => {
  const table: [BatchStage, ReturnType<typeof climateStageOf>, ReturnType<typeof targetStageOf>, boolean][] =
    [
      ['planned', 'trueLeaf', 'trueLeaf', false],
      ['sown', 'germination', 'germination', true],
      ['germinating', 'germination', 'germination', true],
      ['emerged', 'cotyledon', 'cotyledon', true],
      ['true_leaf', 'trueLeaf', 'trueLeaf', true],
      ['grafted', 'healing', 'trueLeaf', true],
      ['healing', 'healing', 'trueLeaf', true],
      ['hardening', 'hardening', 'hardening', true],
      ['ready', 'hardening', 'hardening', true],
      ['sold_out', 'trueLeaf', 'trueLeaf', false],
      ['culled', 'trueLeaf', 'trueLeaf', false],
      ['over_aged', 'trueLeaf', 'trueLeaf', false],
    ];
  it.each(table)('%s → %s (targets of %s), growing %s', (stage, climate, target, growing) => {
    expect(climateStageOf(stage)).toBe(climate);
    expect(targetStageOf(climateStageOf(stage))).toBe(target);
    expect(isGrowing(stage)).toBe(growing);
  });
});
