import { METRIC_BY_KEY, SEVERITY_MESSAGES, alarmMessage, alarmParams, type MessageContext } from '#contracts';
import type { Alarm } from './alarm.entity.js';
import type { WebhookFormat } from './duty-roster.entity.js';
import type { NotificationReason } from './notification.entity.js';

const REASON_ZH: Readonly<Record<NotificationReason, string>> = {
  raised: '报警',
  renotify: '再次提醒（未确认）',
  escalated: '升级（30 分钟未确认）',
  cleared: '已恢复',
  morning: '早报',
  downtime: '服务器停止',
  'downtime-gaps': '设备数据缺口',
};

/**
 * The robots' language: Chinese, metric names from the contract. A crop's name comes with the alarm
 * (its parameters carry `cropName` from the catalogue when it was raised): the robot has no catalogue.
 */
function robotContext(params: Readonly<Record<string, unknown>>): MessageContext {
  return {
    locale: 'zh-CN',
    metricName: (key) => METRIC_BY_KEY.get(key)?.nameZh ?? key,
    cropName: (key) => (params.crop === key && typeof params.cropName === 'string' ? params.cropName : key),
  };
}

/**
 * One line of text for the group robots and SMS, in Chinese from the message catalogue (the rule's
 * title and text from the alarm's parameters): what, where, how bad, who is affected. Never the
 * rule code or the English `message`, which stay for logs.
 */
export function alarmText(alarm: Alarm, reason: NotificationReason): string {
  const villages = alarm.impact?.villages.length ? `；影响村：${alarm.impact.villages.join('、')}` : '';
  const batches = alarm.impact?.batches.length
    ? `；批次：${alarm.impact.batches.map((b) => b.code).join('、')}`
    : '';
  return `【育苗${REASON_ZH[reason]}】${alarmSummary(alarm)}${batches}${villages}`;
}

/** "严重 冻害危险 @ gh1：气温 1.2 °C…": severity, title, place and text, for any list of alarms. */
export function alarmSummary(alarm: Alarm): string {
  const params = alarmParams(alarm);
  const text = alarmMessage(alarm.rule, params, robotContext(params)) ?? {
    title: '报警',
    text: '请查看系统',
  };
  const where = alarm.zone === '*' ? '全场' : alarm.zone;
  return `${SEVERITY_MESSAGES[alarm.severity].zh} ${text.title} @ ${where}：${text.text}`;
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
  return robotBody(format, alarmText(alarm, reason), phone, { event: `alarm.${reason}`, alarm });
}

/** A robot message of any text; `json` carries `extra` beside the text (the alarm, a digest count). */
export function robotBody(
  format: WebhookFormat,
  content: string,
  phone: string | null,
  extra: Record<string, unknown>,
): Record<string, unknown> {
  switch (format) {
    case 'json':
      return { ...extra, text: content };
    case 'wecom':
      return { msgtype: 'text', text: { content, mentioned_mobile_list: phone ? [phone] : [] } };
    case 'dingtalk':
      return { msgtype: 'text', text: { content }, at: { atMobiles: phone ? [phone] : [], isAtAll: false } };
  }
}

/** The SMS of an alarm: the robot's line, and how to acknowledge it by reply while it is open. */
export function smsText(alarm: Alarm, reason: NotificationReason): string {
  const text = alarmText(alarm, reason);
  return reason !== 'cleared' && alarm.ackCode ? `${text}。回复“${alarm.ackCode} 确认”表示已收到` : text;
}
