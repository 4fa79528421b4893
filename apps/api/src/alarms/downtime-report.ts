import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { noticeText } from '#contracts';
import { DomainEvents } from '../common/domain-events.js';
import { SmsGateway } from '../modem/sms-gateway.service.js';
import { SystemEventsService } from '../system/system-events.service.js';
import type { SystemEventRecord } from '../system/system-events.repository.js';
import { AlarmsRepository } from './alarms.repository.js';
import type { AlarmNotification, NotificationReason } from './notification.entity.js';
import { ReadingGapsReadModel, type DeviceGap } from './reading-gaps.read-model.js';
import { robotBody } from './webhook-format.js';

const MINUTE = 60_000;
/** Device backlogs arrive within minutes of the server's return; gaps are judged after this. */
export const GAPS_AFTER_MS = 15 * MINUTE;
/** Outages that ended longer ago than this are history, not news (a first start of this version). */
const NEWS_FOR_MS = 6 * 60 * MINUTE;
/** A stretch without readings shorter than this (or than 3 of the device's intervals) is no gap. */
const GAP_MIN_MS = 10 * MINUTE;

/** The devices whose longest gap inside the outage is a real gap, not the spacing of their readings. */
export function realGaps(gaps: readonly DeviceGap[]): DeviceGap[] {
  return gaps.filter(
    (gap) => gap.to.getTime() - gap.from.getTime() > Math.max(GAP_MIN_MS, 3 * gap.intervalMs),
  );
}

/**
 * Silence must not hide an outage of the server itself. After an unclean stop (the heartbeat found
 * unmarked at start: `unclean-restart` system event), the whole duty roster is told once, on its
 * robots and by SMS, "服务器在 <last heartbeat> 至 <start> 期间停止运行"; 15 minutes later, once the
 * devices had time to send what they kept, a second notice lists the devices whose readings still
 * miss part of the outage (none when every backlog arrived). Both are outbox rows whose alarm is
 * the unclean-restart alarm, and that row is what makes each notice go once, across restarts too.
 */
@Injectable()
export class DowntimeReport implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('alarm-notify');
  private nextScan = 0;
  /** Events whose gap check is done in this process (a check that found no gap leaves no row). */
  private readonly checked = new Set<string>();
  private off: (() => void) | undefined;

  constructor(
    private readonly repository: AlarmsRepository,
    private readonly systemEvents: SystemEventsService,
    private readonly gaps: ReadingGapsReadModel,
    private readonly modem: SmsGateway,
    private readonly events: DomainEvents,
  ) {}

  onApplicationBootstrap(): void {
    this.off = this.events.on('system.unclean-restart', () => {
      this.nextScan = 0;
    });
  }

  onModuleDestroy(): void {
    this.off?.();
  }

  /** On the alarm tick; looks at the system events once a minute (or at once after an unclean start). */
  async tick(now: number): Promise<void> {
    if (now < this.nextScan) return;
    this.nextScan = now + MINUTE;
    const outages = (await this.systemEvents.recent(10, 'unclean-restart')).filter(
      (event) => event.endedAt !== null && now - event.endedAt.getTime() < NEWS_FOR_MS,
    );
    for (const outage of outages) {
      const to = outage.endedAt!;
      const from = lastAlive(outage);
      if (!(await this.repository.hasNotice(outage.id, 'downtime'))) {
        const text = noticeText(
          'server-down',
          { from: from?.toISOString() ?? null, to: to.toISOString() },
          'zh-CN',
        );
        await this.tellRoster(outage.id, 'downtime', text, now);
      }
      if (now - to.getTime() < GAPS_AFTER_MS || from === null || this.checked.has(outage.id)) {
        // Asked again at the next minute (the event also makes the next tick look at once).
        if (now - to.getTime() < GAPS_AFTER_MS)
          this.nextScan = Math.min(this.nextScan, to.getTime() + GAPS_AFTER_MS);
        continue;
      }
      this.checked.add(outage.id);
      if (await this.repository.hasNotice(outage.id, 'downtime-gaps')) continue;
      const missing = realGaps(await this.gaps.longestGaps(from, to));
      if (missing.length === 0) continue;
      const text = noticeText(
        'device-gaps',
        {
          from: from.toISOString(),
          to: to.toISOString(),
          devices: missing.map((gap) => ({
            device: gap.device,
            from: gap.from.toISOString(),
            to: gap.to.toISOString(),
          })),
        },
        'zh-CN',
      );
      await this.tellRoster(outage.id, 'downtime-gaps', text, now);
    }
  }

  /** Everyone on the roster, each robot and each phone once (people often share a group robot). */
  private async tellRoster(
    alarmId: string,
    reason: NotificationReason,
    text: string,
    now: number,
  ): Promise<void> {
    const roster = await this.repository.rosterEntries();
    const robots = new Set<string>();
    const phones = new Set<string>();
    const base: Omit<AlarmNotification, 'id' | 'recipient' | 'channel' | 'url' | 'format' | 'body'> = {
      alarmId,
      reason,
      status: 'pending',
      attempts: 0,
      lastError: null,
      createdAt: new Date(now),
      nextAttemptAt: new Date(now),
      sentAt: null,
    };
    for (const person of roster) {
      if (person.webhookUrl && !robots.has(person.webhookUrl)) {
        robots.add(person.webhookUrl);
        await this.repository.addNotification({
          ...base,
          recipient: person.name,
          channel: 'robot',
          url: person.webhookUrl,
          format: person.webhookFormat,
          body: robotBody(person.webhookFormat, text, person.phone, { event: `alarm.${reason}` }),
        });
      }
      if (person.phone && this.modem.configured && !phones.has(person.phone)) {
        phones.add(person.phone);
        await this.repository.addNotification({
          ...base,
          recipient: person.name,
          channel: 'sms',
          url: `tel:${person.phone}`,
          format: 'json',
          body: { text },
        });
      }
    }
    if (robots.size + phones.size > 0)
      this.logger.warn(`${reason}: ${robots.size} robots and ${phones.size} phones told: ${text}`);
  }
}

/** The last heartbeat before the stop; null when the heartbeat file could not be read. */
function lastAlive(outage: SystemEventRecord): Date | null {
  const at = outage.details?.['lastAliveAt'];
  if (typeof at !== 'string') return null;
  const ms = Date.parse(at);
  return Number.isNaN(ms) ? null : new Date(ms);
}
