import { describe, expect, it } from '@jest/globals';
import { chooseStep, dewPointC, vpdKpa } from './readings-math.js';

const DAY = 86_400_000;

describe('chooseStep', () => {
  it.each([
    ['a day of 1-minute values stays raw', DAY, 60, 'raw'],
    ['a day of 10-second values uses the 1-minute rollup', DAY, 10, '1m'],
    ['a week uses the hourly rollup', 7 * DAY, 60, '1h'],
    ['30 days uses the hourly rollup', 30 * DAY, 60, '1h'],
  ] as const)('%s', (_name, span, interval, expected) => {
    expect(chooseStep('auto', span, interval)).toBe(expected);
  });

  it('makes coarser buckets from the hourly rollup for a year, within 1,500 points', () => {
    const step = chooseStep('auto', 365 * DAY, 60);
    expect(step).toEqual({ bucketS: 6 * 3600 });
    expect((365 * DAY) / 1000 / (step as { bucketS: number }).bucketS).toBeLessThanOrEqual(1500);
  });

  it('honours an explicit step', () => {
    expect(chooseStep('raw', 365 * DAY, 60)).toBe('raw');
  });
});

describe('derived air metrics', () => {
  it('dew point and VPD match psychrometric tables', () => {
    expect(dewPointC(20, 50)).toBeCloseTo(9.3, 1);
    expect(vpdKpa(25, 60)).toBeCloseTo(1.27, 2);
    expect(dewPointC(20, 0)).toBeNull();
  });
});
