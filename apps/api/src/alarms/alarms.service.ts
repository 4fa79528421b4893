import { Inject, Injectable } from '@nestjs/common';
import type { Clock } from '#contracts';
import { AuditRepository, userActor } from '../audit/audit.repository.js';
import type { AuthUser } from '../auth/auth-user.js';
import { DomainError } from '../common/domain-error.js';
import { DomainEvents } from '../common/domain-events.js';
import { CLOCK } from '../common/tokens.js';
import type { AlarmState } from './alarm-lifecycle.js';
import { RULE_CODES, type RuleCode, type ZoneThresholds } from './alarm-rules.js';
import type { AlarmSetting, RuleOverride } from './alarm-setting.entity.js';
import type { Alarm } from './alarm.entity.js';
import type { AlarmQueryDto, AlarmSettingDto, RosterDto } from './alarms.dto.js';
import { AlarmsRepository } from './alarms.repository.js';
import type { DutyRosterEntry } from './duty-roster.entity.js';
import type { AlarmNotification } from './notification.entity.js';

const THRESHOLD_KEYS: readonly (keyof ZoneThresholds)[] = [
  'coldCritC',
  'coldWarnC',
  'hotWarnC',
  'hotCritC',
  'daySetpointC',
  'nightSetpointC',
  'vwcLowerPct',
  'vwcUpperPct',
  'highHumidityApplies',
  'healingActive',
  'healingRhLowPct',
  'healingRhClearPct',
  'chillingHoursMax',
];

/** Alarm queries, acknowledgements, settings and the duty roster (the REST side of the alarms). */
@Injectable()
export class AlarmsService {
  constructor(
    private readonly repository: AlarmsRepository,
    private readonly audit: AuditRepository,
    private readonly events: DomainEvents,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  list(
    query: AlarmQueryDto,
    defaultStates: AlarmState[] = ['pending', 'active', 'acknowledged'],
  ): Promise<Alarm[]> {
    return this.repository.find({
      state: query.state ? (query.state.split(',') as AlarmState[]) : defaultStates,
      zone: query.zone,
      rule: query.rule,
      limit: query.limit ?? 100,
      before: query.before ? new Date(query.before) : undefined,
    });
  }

  history(query: AlarmQueryDto): Promise<Alarm[]> {
    return this.list({ ...query, state: query.state ?? 'cleared' });
  }

  async get(id: string): Promise<Alarm & { notifications: AlarmNotification[] }> {
    const alarm = await this.repository.findById(id);
    if (!alarm) throw new DomainError('ALARM_NOT_FOUND', `Alarm ${id} not found`, 404);
    return { ...alarm, notifications: await this.repository.notificationsOf(id) };
  }

  async acknowledge(id: string, comment: string, by: AuthUser): Promise<Alarm> {
    const existing = await this.get(id);
    const at = new Date(this.clock.now());
    const alarm = await this.repository.acknowledge(id, {
      acknowledgedAt: at,
      acknowledgedBy: by.name,
      acknowledgedByUserId: by.id,
      ackComment: comment,
    });
    if (!alarm) {
      throw DomainError.conflict(
        'ALARM_NOT_OPEN',
        `Alarm ${id} is ${existing.state}: nothing to acknowledge`,
        { state: existing.state },
      );
    }
    await this.audit.append({
      at,
      actor: userActor(by),
      action: 'alarm.acknowledged',
      entityType: 'alarm',
      entityId: id,
      details: { rule: alarm.rule, zone: alarm.zone, severity: alarm.severity, comment },
    });
    this.events.emit('alarm.changed', { change: 'acknowledged', alarm, recipients: [], ts: at.getTime() });
    return alarm;
  }

  /** Clearing by hand (e.g. an over-age batch dealt with); the rule raises it again if it still holds. */
  async clear(id: string, comment: string, by: AuthUser): Promise<Alarm> {
    const existing = await this.get(id);
    const at = new Date(this.clock.now());
    const alarm = await this.repository.clearByHand(id, {
      clearedAt: at,
      clearedBy: by.name,
      clearComment: comment,
    });
    if (!alarm)
      throw DomainError.conflict('ALARM_NOT_OPEN', `Alarm ${id} is already cleared`, {
        state: existing.state,
      });
    await this.audit.append({
      at,
      actor: userActor(by),
      action: 'alarm.cleared',
      entityType: 'alarm',
      entityId: id,
      details: { rule: alarm.rule, zone: alarm.zone, comment },
    });
    this.events.emit('alarm.changed', { change: 'cleared', alarm, recipients: [], ts: at.getTime() });
    return alarm;
  }

  settings(): Promise<AlarmSetting[]> {
    return this.repository.allSettings();
  }

  async saveSetting(zone: string, input: AlarmSettingDto, by: AuthUser): Promise<AlarmSetting> {
    const thresholds: Partial<Record<keyof ZoneThresholds, number | boolean>> = {};
    for (const [key, value] of Object.entries(input.thresholds ?? {})) {
      if (!THRESHOLD_KEYS.includes(key as keyof ZoneThresholds)) {
        throw DomainError.invalid(`Unknown threshold ${key}`, {
          field: `thresholds.${key}`,
          allowed: THRESHOLD_KEYS,
        });
      }
      if (typeof value !== 'number' && typeof value !== 'boolean')
        throw DomainError.invalid(`thresholds.${key} must be a number`);
      thresholds[key as keyof ZoneThresholds] = value;
    }
    const rules: Partial<Record<RuleCode, RuleOverride>> = {};
    for (const [key, value] of Object.entries(input.rules ?? {})) {
      if (!(RULE_CODES as readonly string[]).includes(key)) {
        throw DomainError.invalid(`Unknown rule ${key}`, { field: `rules.${key}`, allowed: RULE_CODES });
      }
      const override: RuleOverride = {};
      if (typeof value.enabled === 'boolean') override.enabled = value.enabled;
      for (const field of ['onDelayMs', 'offDelayMs'] as const) {
        const delay = value[field];
        if (delay === undefined) continue;
        if (typeof delay !== 'number' || delay < 0 || delay > 24 * 3_600_000)
          throw DomainError.invalid(`rules.${key}.${field} must be 0…86400000 ms`);
        override[field] = delay;
      }
      rules[key as RuleCode] = override;
    }
    const at = new Date(this.clock.now());
    const saved = await this.repository.saveSetting({
      zone,
      stage: input.stage ?? '',
      thresholds: thresholds as Partial<ZoneThresholds>,
      rules,
      updatedAt: at,
      updatedBy: by.name,
    });
    await this.audit.append({
      at,
      actor: userActor(by),
      action: 'alarm.settings-changed',
      entityType: 'alarm-setting',
      entityId: saved.id,
      details: { zone, stage: saved.stage, thresholds, rules },
    });
    return saved;
  }

  roster(): Promise<DutyRosterEntry[]> {
    return this.repository.rosterEntries();
  }

  async replaceRoster(input: RosterDto, by: AuthUser): Promise<DutyRosterEntry[]> {
    const entries = await this.repository.replaceRoster(
      input.entries.map((entry, position) => ({
        position,
        name: entry.name,
        userId: entry.userId ?? null,
        phone: entry.phone ?? null,
        shift: entry.shift,
        webhookUrl: entry.webhookUrl ?? null,
        webhookFormat: entry.webhookFormat ?? 'json',
        minSeverity: entry.minSeverity ?? 'warning',
      })),
    );
    await this.audit.append({
      at: new Date(this.clock.now()),
      actor: userActor(by),
      action: 'alarm.roster-changed',
      entityType: 'duty-roster',
      details: { entries: entries.map((e) => ({ position: e.position, name: e.name, shift: e.shift })) },
    });
    return entries;
  }

  notifications(status: string | undefined): Promise<AlarmNotification[]> {
    return this.repository
      .failedNotifications(100)
      .then((rows) => (status && status !== 'failed' ? [] : rows));
  }
}
