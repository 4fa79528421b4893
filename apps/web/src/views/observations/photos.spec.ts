import { describe, expect, it } from '@jest/globals';
import { fitWithin } from './photos.ts';

describe('fitWithin', () => {
  it.each([
    [4032, 3024, { width: 1280, height: 960 }],
    [3024, 4032, { width: 960, height: 1280 }],
    [1280, 720, { width: 1280, height: 720 }],
    [640, 480, { width: 640, height: 480 }],
    [5000, 10, { width: 1280, height: 3 }],
    [0, 0, { width: 1, height: 1 }],
  ])('%i × %i fits in 1280 as %j', (width, height, expected) => {
    expect(fitWithin(width, height, 1280)).toEqual(expected);
  });
});
