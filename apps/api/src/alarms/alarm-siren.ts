import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { AppConfig } from '#config';
import { DomainEvents } from '../common/domain-events.js';
import { APP_CONFIG } from '../common/tokens.js';
import { isNight } from '../scheduling/nursery-time.js';
import type { Alarm } from './alarm.entity.js';
import { AlarmsRepository } from './alarms.repository.js';

/** A sounding lasts at most 3 minutes (neighbours, and a horn left on teaches people to ignore it). */
export const SIREN_SECONDS = 180;

/** What the control module hears and turns into `siren` commands to every siren of the site. */
export interface SirenRequested {
  readonly on: boolean;
  readonly seconds: number;
  /** Why, for the command's audit trail. */
  readonly reason: string;
  readonly ts: number;
}

declare module '../common/domain-events.js' {
  interface DomainEventMap {
    'alarm.siren': SirenRequested;
  }
}

/**
 * The local siren for critical alarms at night: it sounds when one is raised and again with each
 * re-notification (every 10 minutes) until someone acknowledges, and falls silent once no
 * critical alarm is left unacknowledged. Alarms never command devices themselves (control
 * depends on alarms, not the other way round): they ask, by event, and control sounds the sirens.
 */
@Injectable()
export class AlarmSiren implements OnModuleInit {
  constructor(
    private readonly repository: AlarmsRepository,
    private readonly events: DomainEvents,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.events.on('alarm.changed', async (event) => {
      if (event.change !== 'acknowledged' && event.change !== 'cleared') return;
      if (event.alarm.severity !== 'critical') return;
      if ((await this.repository.openAlarms()).some((alarm) => wakes(alarm))) return;
      this.silence(`${event.alarm.rule} ${event.change}`, event.ts);
    });
  }

  /** Called when a critical alarm is raised or re-notified. */
  sound(alarm: Alarm, now: number): void {
    if (!wakes(alarm) || !isNight(now, this.config.nurseryTimeZone)) return;
    this.events.emit('alarm.siren', {
      on: true,
      seconds: SIREN_SECONDS,
      reason: `${alarm.rule} @ ${alarm.zone}`,
      ts: now,
    });
  }

  silence(reason: string, now: number): void {
    this.events.emit('alarm.siren', { on: false, seconds: 0, reason, ts: now });
  }
}

function wakes(alarm: Pick<Alarm, 'severity' | 'state'>): boolean {
  return alarm.severity === 'critical' && alarm.state === 'active';
}
