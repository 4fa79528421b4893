import { describe, expect, it } from '@jest/globals';
import { beijingTime, readingsCsv } from './readings-csv.js';

describe('history CSV', () => {
  it('writes nursery time with its offset, across midnight and the year', () => {
    expect(beijingTime('2026-12-31T16:30:00.000Z')).toBe('2027-01-01T00:30:00+08:00');
  });

  it('names the columns and metrics in the chosen language, one row per point', () => {
    const series = [
      {
        device: 'env-1',
        metric: 'air_temp_c',
        step: '1h',
        points: [{ ts: '2026-12-05T23:00:00.000Z', value: 12.5, min: 11.9, max: 13.1, count: 60 }],
      },
      {
        device: 'env-1',
        metric: 'dew_point_c',
        step: '1h',
        points: [{ ts: '2026-12-05T23:00:00.000Z', value: null }],
      },
    ];
    const zh = readingsCsv(series, 'zh');
    expect(zh.startsWith('\uFEFF时间（北京时间）,设备,指标,单位,数值,最小值,最大值,样本数\r\n')).toBe(true);
    expect(zh.split('\r\n').slice(1, 3)).toEqual([
      '2026-12-06T07:00:00+08:00,env-1,气温,°C,12.5,11.9,13.1,60',
      '2026-12-06T07:00:00+08:00,env-1,露点,°C,,,,',
    ]);
    const en = readingsCsv(series, 'en');
    expect(en.split('\r\n')[0]).toBe('\uFEFFTime (Beijing),Device,Metric,Unit,Value,Min,Max,Samples');
    expect(en).toContain(',env-1,Air temperature,°C,12.5,');
  });
});
