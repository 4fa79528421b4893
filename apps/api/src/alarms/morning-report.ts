import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '#config';
import { APP_CONFIG } from '../common/tokens.js';
import { SmsGateway } from '../modem/sms-gateway.service.js';
import { localParts, localTimeOn } from '../scheduling/nursery-time.js';
import type { Alarm } from './alarm.entity.js';
import { AlarmsRepository } from './alarms.repository.js';
import { alarmSummary, robotBody } from './webhook-format.js';

const HOUR = 3_600_000;
/** When the morning message goes, nursery time. */
export const MORNING_AT = '07:00';
/** A server that was down at 07:00 still sends it when it starts, until this long after. */
const MORNING_GRACE_MS = 3 * HOUR;
/** The night it reports on: from 18:00 the evening before (the alarms' night starts then). */
const NIGHT_MS = 13 * HOUR;

const STATE_ZH = { pending: '待定', active: '未确认', acknowledged: '已确认', cleared: '已恢复' } as const;

/** The words of the morning message: "all normal", or the night's alarms one per line. */
export function morningText(alarms: readonly Alarm[], now: number, timeZone: string): string {
  const { month, day } = localParts(now, timeZone);
  const date = `${month}月${day}日`;
  if (alarms.length === 0) return `【育苗早报】${date} 一切正常：昨晚 18:00 至今晨 07:00 没有报警。`;
  const lines = alarms.map((alarm) => {
    const at = localParts((alarm.raisedAt ?? alarm.since).getTime(), timeZone);
    const time = `${String(at.hour).padStart(2, '0')}:${String(at.minute).padStart(2, '0')}`;
    const who = alarm.acknowledgedBy ? ` ${alarm.acknowledgedBy}` : '';
    return `${time} ${alarmSummary(alarm)}（${STATE_ZH[alarm.state]}${who}）`;
  });
  return `【育苗早报】${date} 夜间报警 ${alarms.length} 条：\n${lines.join('\n')}`;
}

/**
 * Silence must mean "all is well", not "the server is down": every morning at 07:00 one message
 * goes to the head of the duty roster (the manager) on their robot and by SMS, saying the night
 * was quiet or listing its alarms. A morning with no message is itself the alarm.
 */
@Injectable()
export class MorningReport {
  constructor(
    private readonly repository: AlarmsRepository,
    private readonly modem: SmsGateway,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async tick(now: number): Promise<void> {
    const timeZone = this.config.nurseryTimeZone;
    const at = localTimeOn(now, MORNING_AT, timeZone);
    if (now < at || now - at > MORNING_GRACE_MS) return;
    if (await this.repository.morningReportSince(new Date(at))) return;
    const [manager] = await this.repository.rosterEntries();
    if (!manager) return;
    const alarms = await this.repository.alarmsRaisedBetween(new Date(at - NIGHT_MS), new Date(at));
    const text = morningText(alarms, now, timeZone);
    const base = {
      alarmId: null,
      reason: 'morning' as const,
      recipient: manager.name,
      status: 'pending' as const,
      attempts: 0,
      lastError: null,
      createdAt: new Date(now),
      nextAttemptAt: new Date(now),
      sentAt: null,
    };
    if (manager.webhookUrl) {
      const body = robotBody(manager.webhookFormat, text, manager.phone, { event: 'alarm.morning' });
      await this.repository.addNotification({
        ...base,
        channel: 'robot',
        url: manager.webhookUrl,
        format: manager.webhookFormat,
        body,
      });
    }
    if (manager.phone && this.modem.configured) {
      await this.repository.addNotification({
        ...base,
        channel: 'sms',
        url: `tel:${manager.phone}`,
        format: 'json',
        body: { text },
      });
    }
  }
}
