import { describe, expect, it } from '@jest/globals';
import { formatStamp } from './format.js';
import { noticeText } from './notice-messages.js';

const HAN = /\p{Script=Han}/u;

describe('outage notices', () => {
  it('write times in nursery time as 2026-12-06 03:12', () => {
    expect(formatStamp('2026-12-05T19:12:00Z')).toBe('2026-12-06 03:12');
    expect(formatStamp(Date.UTC(2026, 11, 5, 16, 5))).toBe('2026-12-06 00:05');
    expect(formatStamp(undefined)).toBe('—');
  });

  it('say when the server was down, in Chinese for the roster and in English', () => {
    const params = { from: '2026-12-05T19:12:00Z', to: '2026-12-05T23:40:00Z' };
    expect(noticeText('server-down', params, 'zh-CN')).toContain(
      '服务器在 2026-12-06 03:12 至 2026-12-06 07:40 期间停止运行',
    );
    const en = noticeText('server-down', params, 'en');
    expect(en).toContain('down from 2026-12-06 03:12 to 2026-12-06 07:40');
    expect(HAN.test(en)).toBe(false);
    expect(noticeText('server-down', { from: null, to: params.to }, 'zh-CN')).toContain('停止时间不明');
  });

  it('list the devices with gaps', () => {
    const params = {
      from: '2026-12-05T19:12:00Z',
      to: '2026-12-05T23:40:00Z',
      devices: [
        { device: 'gh1/env-2', from: '2026-12-05T19:12:00Z', to: '2026-12-05T23:40:00Z' },
        { device: 'gh2/heater-1', from: '2026-12-05T20:00:00Z', to: '2026-12-05T21:00:00Z' },
      ],
    };
    expect(noticeText('device-gaps', params, 'zh-CN')).toContain(
      'gh1/env-2（2026-12-06 03:12–2026-12-06 07:40）、gh2/heater-1（2026-12-06 04:00–2026-12-06 05:00）',
    );
    expect(HAN.test(noticeText('device-gaps', params, 'en'))).toBe(false);
  });
});
