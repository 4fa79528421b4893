import { describe, expect, it } from '@jest/globals';
import { presenceNotice, telemetryNotice } from './live-events.js';

const AT = Date.UTC(2026, 0, 15, 6, 0);

describe('live notices', () => {
  it('sends numbers only: switch states as 1 and 0, text values left out', () => {
    const notice = telemetryNotice({
      site: 'xnz',
      zone: 'gh1',
      readings: [
        { device: 'boom-1', metric: 'irrigation_on', ts: AT, value: false },
        { device: 'env-1', metric: 'air_temp_c', ts: AT, value: 9.5 },
        { device: 'env-1', metric: 'firmware', ts: AT, value: '2.1.0' },
      ],
    });
    expect(notice).toEqual({
      site: 'xnz',
      zone: 'gh1',
      readings: [
        { device: 'boom-1', metric: 'irrigation_on', ts: AT, value: 0 },
        { device: 'env-1', metric: 'air_temp_c', ts: AT, value: 9.5 },
      ],
    });
    const onlyText = { device: 'env-1', metric: 'firmware', ts: AT, value: 'x' };
    expect(telemetryNotice({ site: 'xnz', zone: 'gh1', readings: [onlyText] })).toBeNull();
  });

  it('shows a stale device as not online, at the time the presence changed', () => {
    const base = { site: 'xnz', zone: 'gh2', device: 'env-3', deviceId: 'd3', at: AT } as const;
    expect(presenceNotice({ ...base, presence: 'stale', reason: 'stale' })).toEqual({
      device: 'env-3',
      zone: 'gh2',
      online: false,
      ts: AT,
    });
    expect(presenceNotice({ ...base, presence: 'online', reason: 'telemetry' }).online).toBe(true);
  });
});
