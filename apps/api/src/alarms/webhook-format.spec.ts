import { describe, expect, it } from '@jest/globals';
import { ALARM_RULE_CODES } from '#contracts';
import type { Alarm } from './alarm.entity.js';
import type { WebhookFormat } from './duty-roster.entity.js';
import { alarmText, smsText, webhookBody } from './webhook-format.js';

// Latin words a Chinese robot message may carry: units.
const ENGLISH_WORD = /\b(?!(?:ppm|MB)\b)[A-Za-z]{3,}\b/;

function alarmOf(rule: string): Alarm {
  return {
    rule,
    zone: 'gh1',
    subject: rule.startsWith('sensor') ? 'd1:air_temp_c' : '',
    severity: 'critical',
    // The English log message of the rule, which must not reach a person.
    message: `Air 1.2 °C at or below the frost limit 2 °C (${rule})`,
    value: 1.2,
    threshold: 2,
    impact: {
      batches: [{ id: 'b', code: 'B-0001', crop: 'pepper', stage: 'sown' }],
      orders: [],
      villages: ['西沟村'],
    },
    ackCode: '1234',
  } as unknown as Alarm;
}

describe('robot and SMS texts', () => {
  it.each(ALARM_RULE_CODES)('%s: Chinese from the catalogue, no rule code or English sentence', (rule) => {
    for (const text of [alarmText(alarmOf(rule), 'raised'), smsText(alarmOf(rule), 'escalated')]) {
      expect(text).not.toContain(rule);
      expect([rule, ENGLISH_WORD.exec(text)?.[0]]).toEqual([rule, undefined]);
      expect(text).toMatch(/^【育苗/);
    }
  });

  it('says what, where and who in Chinese', () => {
    expect(alarmText(alarmOf('frost'), 'raised')).toBe(
      '【育苗报警】严重 冻害危险 @ gh1：气温 1.2 °C，已到冻害临界 2 °C；批次：B-0001；影响村：西沟村',
    );
  });
});

describe('webhook bodies', () => {
  const frost = alarmOf('frost');
  const line =
    '【育苗报警】严重 冻害危险 @ gh1：气温 1.2 °C，已到冻害临界 2 °C；批次：B-0001；影响村：西沟村';

  it.each<{ format: WebhookFormat; phone: string | null; body: Record<string, unknown> }>([
    {
      format: 'wecom',
      phone: '13800000001',
      body: { msgtype: 'text', text: { content: line, mentioned_mobile_list: ['13800000001'] } },
    },
    {
      format: 'wecom',
      phone: null,
      body: { msgtype: 'text', text: { content: line, mentioned_mobile_list: [] } },
    },
    {
      format: 'dingtalk',
      phone: '13800000001',
      body: { msgtype: 'text', text: { content: line }, at: { atMobiles: ['13800000001'], isAtAll: false } },
    },
    {
      format: 'dingtalk',
      phone: null,
      body: { msgtype: 'text', text: { content: line }, at: { atMobiles: [], isAtAll: false } },
    },
    { format: 'json', phone: '13800000001', body: { event: 'alarm.raised', alarm: frost, text: line } },
  ])('$format to $phone', ({ format, phone, body }) => {
    expect(webhookBody(format, frost, 'raised', phone)).toEqual(body);
  });
});
