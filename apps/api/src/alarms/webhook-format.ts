import type { Alarm } from './alarm.entity.js';
import type { WebhookFormat } from './duty-roster.entity.js';
import type { NotificationReason } from './notification.entity.js';

const SEVERITY_ZH = { critical: '严重', warning: '警告', advisory: '提示' } as const;
const REASON_ZH: Readonly<Record<NotificationReason, string>> = {
  raised: '报警',
  renotify: '再次提醒（未确认）',
  escalated: '升级（30 分钟未确认）',
  cleared: '已恢复',
};

/** One line of text for the group robots: what, where, how bad, who is affected. */
export function alarmText(alarm: Alarm, reason: NotificationReason): string {
  const villages = alarm.impact?.villages.length ? `；影响村：${alarm.impact.villages.join('、')}` : '';
  const batches = alarm.impact?.batches.length
    ? `；批次：${alarm.impact.batches.map((b) => b.code).join('、')}`
    : '';
  return `【育苗${REASON_ZH[reason]}】${SEVERITY_ZH[alarm.severity]} ${alarm.rule} @ ${alarm.zone}${alarm.subject ? `/${alarm.subject}` : ''}：${alarm.message}${batches}${villages}`;
}

/**
 * The request body per webhook format: generic JSON (the alarm as stored), or the WeCom and
 * DingTalk group-robot text messages (both `{"msgtype":"text"}`, mentioning the person's phone).
 */
export function webhookBody(
  format: WebhookFormat,
  alarm: Alarm,
  reason: NotificationReason,
  phone: string | null,
): Record<string, unknown> {
  const content = alarmText(alarm, reason);
  switch (format) {
    case 'json':
      return { event: `alarm.${reason}`, alarm, text: content };
    case 'wecom':
      return { msgtype: 'text', text: { content, mentioned_mobile_list: phone ? [phone] : [] } };
    case 'dingtalk':
      return { msgtype: 'text', text: { content }, at: { atMobiles: phone ? [phone] : [], isAtAll: false } };
  }
}
