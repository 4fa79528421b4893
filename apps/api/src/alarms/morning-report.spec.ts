import { describe, expect, it } from '@jest/globals';
import type { Alarm } from './alarm.entity.js';
import { morningText } from './morning-report.js';

const SHANGHAI = 'Asia/Shanghai';
/** 07:00 on 15 January 2026 in Shanxi. */
const MORNING = Date.UTC(2026, 0, 14, 23, 0);

function frostAt(raisedAt: number, acknowledgedBy: string | null): Alarm {
  return {
    rule: 'frost',
    zone: 'gh1',
    subject: '',
    severity: 'critical',
    state: acknowledgedBy ? 'acknowledged' : 'active',
    // The English log message, which must not reach the manager's phone.
    message: 'Air 1.2 °C at or below the frost limit 2 °C',
    value: 1.2,
    threshold: 2,
    since: new Date(raisedAt),
    raisedAt: new Date(raisedAt),
    acknowledgedBy,
  } as unknown as Alarm;
}

describe('the 07:00 message', () => {
  it('says all is normal after a quiet night', () => {
    expect(morningText([], MORNING, SHANGHAI)).toBe(
      '【育苗早报】1月15日 一切正常：昨晚 18:00 至今晨 07:00 没有报警。',
    );
  });

  it("lists the night's alarms in Chinese from the catalogue, with their time and who acknowledged", () => {
    const text = morningText([frostAt(MORNING - 4 * 3_600_000 - 47 * 60_000, '赵技术员')], MORNING, SHANGHAI);
    expect(text).toBe(
      '【育苗早报】1月15日 夜间报警 1 条：\n02:13 严重 冻害危险 @ gh1：气温 1.2 °C，已到冻害临界 2 °C（已确认 赵技术员）',
    );
    expect(text).not.toContain('frost');
  });
});
