import type { Alarm } from './alarm.entity.js';

/**
 * `alarm.changed`: an alarm was raised (or is pending), acknowledged, re-notified, escalated, had
 * its severity raised, or cleared. `alarm` is the stored row (dates as Date): id, rule, site, zone,
 * subject, state, severity, message, value, threshold, since, raisedAt, impact {batches, orders,
 * villages}, acknowledgedAt/By, ackComment, clearedAt/By, clearComment, escalationLevel.
 * `recipients` names the roster people notified by this change (re-notify, escalation).
 */
export type AlarmChange =
  'pending' | 'raised' | 'severity' | 'acknowledged' | 'renotified' | 'escalated' | 'cleared';

export interface AlarmChangedEvent {
  readonly change: AlarmChange;
  readonly alarm: Alarm;
  readonly recipients: readonly string[];
  readonly ts: number;
}

declare module '../common/domain-events.js' {
  interface DomainEventMap {
    'alarm.changed': AlarmChangedEvent;
  }
}
