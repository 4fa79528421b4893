import { Inject, Injectable, Logger } from '@nestjs/common';
import type { AppConfig } from '#config';
import { DomainEvents } from '../common/domain-events.js';
import { APP_CONFIG } from '../common/tokens.js';
import { SmsGateway } from '../modem/sms-gateway.service.js';
import { isNight } from '../scheduling/nursery-time.js';
import type { Severity } from './alarm-lifecycle.js';
import { AlarmSiren } from './alarm-siren.js';
import type { Alarm } from './alarm.entity.js';
import { AlarmsRepository } from './alarms.repository.js';
import type { DutyRosterEntry } from './duty-roster.entity.js';
import type { NotificationReason } from './notification.entity.js';
import { NotificationOutbox } from './notification-outbox.service.js';
import { DowntimeReport } from './downtime-report.js';
import { MorningReport } from './morning-report.js';
import { newAckCode } from './sms-reply.js';
import { smsText, webhookBody } from './webhook-format.js';

const MINUTE = 60_000;
/** §2.5 item 3 (E): critical alarms re-notify every 10 min until acknowledged, escalate after 30. */
export const RENOTIFY_MS = 10 * MINUTE;
export const ESCALATE_MS = 30 * MINUTE;
/**
 * A warning's SMS waits this long behind the person's robot and goes only if the robot has not
 * got through by then: the fallback from a channel that needs the internet to one that does not.
 */
export const SMS_FALLBACK_MS = 10 * MINUTE;
const RANK: Readonly<Record<Severity, number>> = { advisory: 0, warning: 1, critical: 2 };

/**
 * Who hears about an alarm and when: the roster person on call at the alarm's escalation level
 * (by day or by night), on each of their channels. A critical alarm goes at once by SMS (and at
 * night also as a call that rings the phone) whatever the robot answers, since a robot's 200 means
 * a group chat got it, not that anyone is awake; a lesser alarm goes to the robot, with an SMS
 * held back as its fallback. Deliveries are outbox rows (NotificationOutbox sends them). In-app
 * notification is the `alarm.changed` event the live gateway pushes.
 */
@Injectable()
export class AlarmNotifier {
  private readonly logger = new Logger('alarm-notify');

  constructor(
    private readonly repository: AlarmsRepository,
    private readonly events: DomainEvents,
    private readonly outbox: NotificationOutbox,
    private readonly modem: SmsGateway,
    private readonly morning: MorningReport,
    private readonly downtime: DowntimeReport,
    private readonly siren: AlarmSiren,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The people on call now, in escalation order. */
  async onCall(now: number): Promise<DutyRosterEntry[]> {
    const night = isNight(now, this.config.nurseryTimeZone);
    return (await this.repository.rosterEntries()).filter(
      (entry) => entry.shift === 'always' || entry.shift === (night ? 'night' : 'day'),
    );
  }

  async raised(alarm: Alarm, now: number): Promise<string[]> {
    const ackCode = alarm.ackCode ?? newAckCode();
    const recipients = await this.notifyLevel({ ...alarm, ackCode }, alarm.escalationLevel, 'raised', now);
    await this.repository.update(alarm.id, {
      lastNotifiedAt: new Date(now),
      notifyCount: alarm.notifyCount + 1,
      ackCode,
    });
    this.siren.sound(alarm, now);
    return recipients;
  }

  async cleared(alarm: Alarm, now: number): Promise<string[]> {
    // The reply code dies with the alarm: an old SMS cannot acknowledge a later one.
    if (alarm.ackCode !== null) await this.repository.update(alarm.id, { ackCode: null });
    if (alarm.lastNotifiedAt === null) return [];
    return this.notifyLevel(alarm, alarm.escalationLevel, 'cleared', now);
  }

  /** Re-notifications, escalations and due webhook deliveries (called from the alarm tick). */
  async tick(now: number): Promise<void> {
    for (const alarm of await this.repository.openAlarms()) {
      if (alarm.state !== 'active' || alarm.severity !== 'critical' || alarm.raisedAt === null) continue;
      const levelSince = (alarm.escalatedAt ?? alarm.raisedAt).getTime();
      if (now - levelSince >= ESCALATE_MS) {
        const roster = await this.onCall(now);
        const level = alarm.escalationLevel + 1;
        if (level < roster.length) {
          await this.repository.update(alarm.id, {
            escalationLevel: level,
            escalatedAt: new Date(now),
            lastNotifiedAt: new Date(now),
            notifyCount: alarm.notifyCount + 1,
          });
          const recipients = await this.notifyLevel(
            { ...alarm, escalationLevel: level },
            level,
            'escalated',
            now,
          );
          this.logger.warn(`escalated ${alarm.rule} in ${alarm.zone} to ${recipients.join(', ')}`);
          await this.emitChange('escalated', alarm.id, recipients, now);
          continue;
        }
      }
      if (alarm.lastNotifiedAt === null || now - alarm.lastNotifiedAt.getTime() >= RENOTIFY_MS) {
        await this.repository.update(alarm.id, {
          lastNotifiedAt: new Date(now),
          notifyCount: alarm.notifyCount + 1,
        });
        const recipients = await this.notifyLevel(alarm, alarm.escalationLevel, 'renotify', now);
        this.siren.sound(alarm, now);
        await this.emitChange('renotified', alarm.id, recipients, now);
      }
    }
    await this.morning.tick(now);
    await this.downtime.tick(now);
    await this.outbox.deliverDue(now);
  }

  /**
   * Awaited by the tick: a read that fails (the database killed meanwhile) reaches the tick's
   * guard. Left floating it was an unhandled rejection, which ends a Node process.
   */
  private async emitChange(
    change: 'renotified' | 'escalated',
    id: string,
    recipients: string[],
    now: number,
  ): Promise<void> {
    const alarm = await this.repository.findById(id);
    if (alarm) this.events.emit('alarm.changed', { change, alarm, recipients, ts: now });
  }

  private async notifyLevel(
    alarm: Alarm,
    level: number,
    reason: NotificationReason,
    now: number,
  ): Promise<string[]> {
    const roster = await this.onCall(now);
    const person = roster[Math.min(level, roster.length - 1)];
    if (!person) return [];
    if (RANK[alarm.severity] < RANK[person.minSeverity] && reason !== 'escalated') return [];
    const critical = alarm.severity === 'critical' && reason !== 'cleared';
    const base = {
      alarmId: alarm.id,
      reason,
      recipient: person.name,
      status: 'pending' as const,
      attempts: 0,
      lastError: null,
      createdAt: new Date(now),
      sentAt: null,
    };
    if (person.webhookUrl) {
      await this.repository.addNotification({
        ...base,
        channel: 'robot',
        url: person.webhookUrl,
        format: person.webhookFormat,
        body: webhookBody(person.webhookFormat, alarm, reason, person.phone),
        nextAttemptAt: new Date(now),
      });
    }
    if (person.phone && this.modem.configured) {
      const sms = { ...base, url: `tel:${person.phone}`, format: 'json' as const };
      // Critical: at once. Otherwise only as the robot's fallback (or at once with no robot).
      const smsDue = critical || !person.webhookUrl ? now : now + SMS_FALLBACK_MS;
      await this.repository.addNotification({
        ...sms,
        channel: 'sms',
        body: { text: smsText(alarm, reason) },
        nextAttemptAt: new Date(smsDue),
      });
      if (critical && isNight(now, this.config.nurseryTimeZone)) {
        await this.repository.addNotification({
          ...sms,
          channel: 'call',
          body: { text: smsText(alarm, reason) },
          nextAttemptAt: new Date(now),
        });
      }
    }
    return [person.name];
  }
}
