import { Inject, Injectable, Logger } from '@nestjs/common';
import type { AppConfig } from '#config';
import { DomainEvents } from '../common/domain-events.js';
import { APP_CONFIG } from '../common/tokens.js';
import { isNight } from '../scheduling/nursery-time.js';
import type { Severity } from './alarm-lifecycle.js';
import type { Alarm } from './alarm.entity.js';
import { AlarmsRepository } from './alarms.repository.js';
import type { DutyRosterEntry } from './duty-roster.entity.js';
import type { NotificationReason } from './notification.entity.js';
import { webhookBody } from './webhook-format.js';

const MINUTE = 60_000;
/** §2.5 item 3 (E): critical alarms re-notify every 10 min until acknowledged, escalate after 30. */
export const RENOTIFY_MS = 10 * MINUTE;
export const ESCALATE_MS = 30 * MINUTE;
const MAX_ATTEMPTS = 5;
const RETRY_BASE_MS = 30_000;
const RANK: Readonly<Record<Severity, number>> = { advisory: 0, warning: 1, critical: 2 };

export interface NotificationFailedEvent {
  readonly alarmId: string;
  readonly recipient: string;
  readonly url: string;
  readonly error: string;
  readonly attempts: number;
  readonly ts: number;
}

declare module '../common/domain-events.js' {
  interface DomainEventMap {
    'alarm.notification-failed': NotificationFailedEvent;
  }
}

/**
 * Who hears about an alarm and when: the roster person on call at the alarm's escalation level
 * (by day or by night), over their webhook (generic JSON, WeCom or DingTalk text). Deliveries are
 * rows with retries, so a failing robot shows up (status `failed`, the error) instead of vanishing.
 * In-app notification is the `alarm.changed` event the live gateway pushes.
 */
@Injectable()
export class AlarmNotifier {
  private readonly logger = new Logger('alarm-notify');

  constructor(
    private readonly repository: AlarmsRepository,
    private readonly events: DomainEvents,
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
    const recipients = await this.notifyLevel(alarm, alarm.escalationLevel, 'raised', now);
    await this.repository.update(alarm.id, {
      lastNotifiedAt: new Date(now),
      notifyCount: alarm.notifyCount + 1,
    });
    return recipients;
  }

  async cleared(alarm: Alarm, now: number): Promise<string[]> {
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
          this.emitChange('escalated', alarm.id, recipients, now);
          continue;
        }
      }
      if (alarm.lastNotifiedAt === null || now - alarm.lastNotifiedAt.getTime() >= RENOTIFY_MS) {
        await this.repository.update(alarm.id, {
          lastNotifiedAt: new Date(now),
          notifyCount: alarm.notifyCount + 1,
        });
        const recipients = await this.notifyLevel(alarm, alarm.escalationLevel, 'renotify', now);
        this.emitChange('renotified', alarm.id, recipients, now);
      }
    }
    await this.deliverDue(now);
  }

  private emitChange(
    change: 'renotified' | 'escalated',
    id: string,
    recipients: string[],
    now: number,
  ): void {
    void this.repository.findById(id).then((alarm) => {
      if (alarm) this.events.emit('alarm.changed', { change, alarm, recipients, ts: now });
    });
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
    if (person.webhookUrl) {
      await this.repository.addNotification({
        alarmId: alarm.id,
        reason,
        recipient: person.name,
        url: person.webhookUrl,
        format: person.webhookFormat,
        body: webhookBody(person.webhookFormat, alarm, reason, person.phone),
        status: 'pending',
        attempts: 0,
        lastError: null,
        createdAt: new Date(now),
        nextAttemptAt: new Date(now),
        sentAt: null,
      });
    }
    return [person.name];
  }

  async deliverDue(now: number): Promise<void> {
    for (const delivery of await this.repository.dueNotifications(new Date(now))) {
      const attempts = delivery.attempts + 1;
      try {
        const response = await fetch(delivery.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(delivery.body),
          signal: AbortSignal.timeout(5000),
        });
        const text = await response.text();
        // WeCom and DingTalk answer 200 with {"errcode": n} on refusal.
        const errcode = /"errcode"\s*:\s*(\d+)/.exec(text)?.[1];
        if (!response.ok || (errcode !== undefined && errcode !== '0')) {
          throw new Error(
            `HTTP ${response.status}${errcode ? ` errcode ${errcode}` : ''}: ${text.slice(0, 200)}`,
          );
        }
        await this.repository.updateNotification(delivery.id, {
          status: 'sent',
          attempts,
          sentAt: new Date(now),
          lastError: null,
          nextAttemptAt: null,
        });
      } catch (error) {
        const message = (error instanceof Error ? error.message : String(error)).slice(0, 500);
        const failed = attempts >= MAX_ATTEMPTS;
        await this.repository.updateNotification(delivery.id, {
          attempts,
          lastError: message,
          status: failed ? 'failed' : 'pending',
          nextAttemptAt: failed ? null : new Date(now + RETRY_BASE_MS * 2 ** (attempts - 1)),
        });
        if (failed) {
          this.logger.error(`webhook to ${delivery.recipient} failed after ${attempts} attempts: ${message}`);
          this.events.emit('alarm.notification-failed', {
            alarmId: delivery.alarmId,
            recipient: delivery.recipient,
            url: delivery.url,
            error: message,
            attempts,
            ts: now,
          });
        }
      }
    }
  }
}
