import { describe, expect, it } from '@jest/globals';
import type { AppConfig } from '#config';
import { DomainEvents } from '../common/domain-events.js';
import type { SmsGateway } from '../modem/sms-gateway.service.js';
import { AlarmNotifier, RENOTIFY_MS } from './alarm-notifier.service.js';
import type { AlarmSiren } from './alarm-siren.js';
import type { Alarm } from './alarm.entity.js';
import type { AlarmsRepository } from './alarms.repository.js';
import type { DowntimeReport } from './downtime-report.js';
import type { MorningReport } from './morning-report.js';
import type { NotificationOutbox } from './notification-outbox.service.js';

const NOW = Date.parse('2027-01-15T12:00:00Z');

/**
 * Issue 22's soak killed the embedded PostgreSQL while a critical alarm was re-notified: reading
 * the alarm back for the page's event was a promise nobody awaited, its rejection went unhandled
 * and Node ended the api (which should have waited for the database to come back).
 */
describe('alarm notifier tick while the database goes away', () => {
  it('lets a failed read of the re-notified alarm reach the tick instead of floating', async () => {
    const alarm = {
      id: 'a1',
      rule: 'low-temp',
      zone: 'gh1',
      state: 'active',
      severity: 'critical',
      raisedAt: new Date(NOW - 5 * 60_000),
      escalatedAt: null,
      escalationLevel: 0,
      lastNotifiedAt: new Date(NOW - RENOTIFY_MS),
      notifyCount: 1,
    } as unknown as Alarm;
    const repository = {
      openAlarms: () => Promise.resolve([alarm]),
      update: () => Promise.resolve(),
      rosterEntries: () => Promise.resolve([]),
      findById: () => Promise.reject(new Error('terminating connection due to unexpected postmaster exit')),
    } as unknown as AlarmsRepository;
    const idle = { tick: () => Promise.resolve(), deliverDue: () => Promise.resolve() };
    const notifier = new AlarmNotifier(
      repository,
      new DomainEvents(),
      idle as unknown as NotificationOutbox,
      {} as SmsGateway,
      idle as unknown as MorningReport,
      idle as unknown as DowntimeReport,
      { sound: () => undefined } as unknown as AlarmSiren,
      { nurseryTimeZone: 'Asia/Shanghai' } as AppConfig,
    );
    await expect(notifier.tick(NOW)).rejects.toThrow(/postmaster exit/);
  });
});
