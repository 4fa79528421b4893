import { Injectable, Logger } from '@nestjs/common';
import { SmsGateway } from '../modem/sms-gateway.service.js';
import type { Alarm } from './alarm.entity.js';
import { AlarmsRepository } from './alarms.repository.js';
import type { AlarmNotification } from './notification.entity.js';
import { postToRobot } from './robot-post.js';
import { robotBody } from './webhook-format.js';

const MINUTE = 60_000;
/** Robot retries start at 30 s and double up to 5 min; they go on while the alarm is open. */
const RETRY_BASE_MS = 30_000;
const RETRY_CAP_MS = 5 * MINUTE;
/** Once an alarm is closed, a delivery that still fails gives up after this many attempts. */
const MAX_ATTEMPTS_WHEN_CLOSED = 5;
/** Deliveries older than this when the link comes back go as one digest, not one by one. */
export const DIGEST_AFTER_MS = 10 * MINUTE;
/** WeCom and DingTalk group robots accept 20 messages a minute; past that they refuse. */
export const ROBOT_MESSAGES_PER_MINUTE = 20;
/** A call that could not be placed is tried once more, then left to the SMS and the siren. */
const MAX_CALL_ATTEMPTS = 2;

/** The words a person reads in a delivery, whatever its channel and format. */
export function deliveryText(delivery: Pick<AlarmNotification, 'body'>): string {
  const body = delivery.body as { text?: unknown };
  if (typeof body.text === 'string') return body.text;
  if (body.text && typeof body.text === 'object' && 'content' in body.text) {
    const content = (body.text as { content?: unknown }).content;
    if (typeof content === 'string') return content;
  }
  return '';
}

/**
 * The outbox: every notice is a row, and this sends the rows that are due on their channel — a
 * group robot over HTTP, or the modem's SMS and calls, which need no internet. A 4G link can be
 * down for hours in a storm, so robot deliveries are retried for as long as their alarm is open
 * (not five times), and when the link returns, whatever waited more than ten minutes goes as one
 * digest per robot ("链路中断期间：…") instead of a flood the robot would refuse past its limit.
 */
@Injectable()
export class NotificationOutbox {
  private readonly logger = new Logger('alarm-notify');
  private readonly robotSends = new Map<string, number[]>();

  constructor(
    private readonly repository: AlarmsRepository,
    private readonly modem: SmsGateway,
  ) {}

  async deliverDue(now: number): Promise<void> {
    const due = await this.repository.dueNotifications(new Date(now));
    const robots = new Map<string, AlarmNotification[]>();
    for (const delivery of due) {
      if (delivery.channel === 'robot') {
        robots.set(delivery.url, [...(robots.get(delivery.url) ?? []), delivery]);
      } else {
        await this.deliverByModem(delivery, now);
      }
    }
    // One due row opens the robot's whole queue: what is waiting behind a longer backoff goes in
    // the same digest rather than trickling out after it.
    for (const url of robots.keys())
      await this.deliverToRobot(await this.repository.pendingRobotDeliveries(url), now);
  }

  private async deliverToRobot(group: AlarmNotification[], now: number): Promise<void> {
    const [first] = group;
    if (!first) return;
    const budget = this.robotBudget(first.url, now);
    if (budget <= 0) {
      await this.postpone(group, now + MINUTE);
      return;
    }
    const stale = group.some((delivery) => now - delivery.createdAt.getTime() >= DIGEST_AFTER_MS);
    if (stale || group.length > budget) {
      await this.sendRobot(group, await this.digestBody(first, group), now);
      return;
    }
    for (const delivery of group) await this.sendRobot([delivery], delivery.body, now);
  }

  /** One message for many: what happened while the link was down, cleared alarms only listed. */
  private async digestBody(
    first: AlarmNotification,
    group: AlarmNotification[],
  ): Promise<Record<string, unknown>> {
    const lines: string[] = [];
    for (const delivery of group) {
      const alarm = await this.alarmOf(delivery);
      const closed = alarm?.state === 'cleared';
      lines.push(`${closed ? '（已恢复）' : ''}${deliveryText(delivery)}`);
    }
    const text = `链路中断期间（${group.length} 条）：\n${lines.join('\n')}`;
    const phone = mentionedPhone(first);
    return robotBody(first.format, text, phone, { event: 'alarm.digest', count: group.length });
  }

  private async sendRobot(
    rows: AlarmNotification[],
    body: Record<string, unknown>,
    now: number,
  ): Promise<void> {
    const [first] = rows;
    if (!first) return;
    try {
      const secret = first.format === 'dingtalk' ? await this.repository.robotSecret(first.url) : null;
      const answer = await postToRobot({ url: first.url, format: first.format, secret }, body);
      if (!answer.ok) throw new Error(`HTTP ${answer.status}: ${answer.text.slice(0, 200)}`);
      this.countRobotSend(first.url, now);
      for (const row of rows) {
        await this.markSent(row, now);
        // The robot got through: the SMS held back as its fallback is not needed.
        if (row.alarmId) await this.repository.cancelFallbacks(row.alarmId, row.recipient, row.reason);
      }
    } catch (error) {
      for (const row of rows) await this.markFailedAttempt(row, error, now, await this.alarmOf(row));
    }
  }

  private async deliverByModem(delivery: AlarmNotification, now: number): Promise<void> {
    const alarm = await this.alarmOf(delivery);
    if (delivery.channel === 'call' && alarm && alarm.state !== 'active') {
      // Acknowledged or cleared before the phone rang: nobody needs waking.
      await this.repository.updateNotification(delivery.id, { status: 'cancelled', nextAttemptAt: null });
      return;
    }
    const phone = delivery.url.replace(/^tel:/, '');
    try {
      if (delivery.channel === 'sms') await this.modem.sendSms(phone, deliveryText(delivery));
      else await this.modem.ring(phone);
      await this.markSent(delivery, now);
    } catch (error) {
      await this.markFailedAttempt(delivery, error, now, alarm);
    }
  }

  private async markSent(delivery: AlarmNotification, now: number): Promise<void> {
    await this.repository.updateNotification(delivery.id, {
      status: 'sent',
      attempts: delivery.attempts + 1,
      sentAt: new Date(now),
      lastError: null,
      nextAttemptAt: null,
    });
  }

  /** The alarm a delivery is about; null for the morning message, which belongs to none. */
  private alarmOf(delivery: AlarmNotification): Promise<Alarm | null> {
    return delivery.alarmId ? this.repository.findById(delivery.alarmId) : Promise.resolve(null);
  }

  private async markFailedAttempt(
    delivery: AlarmNotification,
    error: unknown,
    now: number,
    alarm: Alarm | null,
  ): Promise<void> {
    const attempts = delivery.attempts + 1;
    const message = (error instanceof Error ? error.message : String(error)).slice(0, 500);
    const open = alarm !== null && (alarm.state === 'active' || alarm.state === 'acknowledged');
    const giveUp =
      delivery.channel === 'call'
        ? attempts >= MAX_CALL_ATTEMPTS
        : !open && attempts >= MAX_ATTEMPTS_WHEN_CLOSED;
    await this.repository.updateNotification(delivery.id, {
      attempts,
      lastError: message,
      status: giveUp ? 'failed' : 'pending',
      nextAttemptAt: giveUp
        ? null
        : new Date(now + Math.min(RETRY_CAP_MS, RETRY_BASE_MS * 2 ** (attempts - 1))),
    });
    if (attempts === 1 || giveUp) {
      this.logger.warn(
        `${delivery.channel} to ${delivery.recipient} ${giveUp ? `failed after ${attempts} attempts` : 'failed, retrying'}: ${message}`,
      );
    }
  }

  private async postpone(rows: AlarmNotification[], until: number): Promise<void> {
    for (const row of rows)
      await this.repository.updateNotification(row.id, { nextAttemptAt: new Date(until) });
  }

  private robotBudget(url: string, now: number): number {
    const recent = (this.robotSends.get(url) ?? []).filter((at) => now - at < MINUTE);
    this.robotSends.set(url, recent);
    return ROBOT_MESSAGES_PER_MINUTE - recent.length;
  }

  private countRobotSend(url: string, now: number): void {
    this.robotSends.set(url, [...(this.robotSends.get(url) ?? []), now]);
  }
}

function mentionedPhone(delivery: AlarmNotification): string | null {
  const body = delivery.body as { text?: { mentioned_mobile_list?: unknown }; at?: { atMobiles?: unknown } };
  const list = body.text?.mentioned_mobile_list ?? body.at?.atMobiles;
  return Array.isArray(list) && typeof list[0] === 'string' ? list[0] : null;
}
