import { Inject, Injectable } from '@nestjs/common';
import type { Clock, RobotTestResponse } from '#contracts';
import { AuditRepository, userActor } from '../audit/audit.repository.js';
import type { AuthUser } from '../auth/auth-user.js';
import { DomainError } from '../common/domain-error.js';
import { DomainEvents } from '../common/domain-events.js';
import { CLOCK } from '../common/tokens.js';
import type { AlarmState } from './alarm-lifecycle.js';
import type { ZoneThresholds } from '../thresholds/thresholds.js';
import { AlarmSiren } from './alarm-siren.js';
import { RULE_CODES, type RuleCode } from './alarm-rules.js';
import type { AlarmSetting, RuleOverride } from './alarm-setting.entity.js';
import type { Alarm } from './alarm.entity.js';
import type { AlarmQueryDto, AlarmSettingDto, RobotTestDto, RosterDto } from './alarms.dto.js';
import { AlarmsRepository } from './alarms.repository.js';
import type { DutyRosterEntry } from './duty-roster.entity.js';
import { postToRobot } from './robot-post.js';
import { robotBody } from './webhook-format.js';
import type { AlarmNotification, NotificationStatus } from './notification.entity.js';

/** The longest on- or off-delay a rule override may set. */
const DAY_MS = 24 * 3_600_000;

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
    private readonly siren: AlarmSiren,
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

  /**
   * The alarm history: every alarm that was raised, current or past (newest first). Pending rows are
   * conditions still inside their on-delay, not alarms yet.
   */
  history(query: AlarmQueryDto): Promise<Alarm[]> {
    return this.list({ ...query, state: query.state ?? 'active,acknowledged,cleared' });
  }

  async get(id: string): Promise<Alarm & { notifications: AlarmNotification[] }> {
    const alarm = await this.repository.findById(id);
    if (!alarm) throw new DomainError('ALARM_NOT_FOUND', `Alarm ${id} not found`, 404);
    return { ...alarm, notifications: await this.repository.notificationsOf(id) };
  }

  async acknowledge(id: string, comment: string, by: AuthUser): Promise<Alarm> {
    const existing = await this.get(id);
    const alarm = await this.recordAcknowledgement(id, comment, { userId: by.id, name: by.name }, {});
    if (!alarm) {
      throw DomainError.conflict(
        'ALARM_NOT_OPEN',
        `Alarm ${id} is ${existing.state}: nothing to acknowledge`,
        { state: existing.state },
      );
    }
    return alarm;
  }

  /**
   * The one way an alarm becomes acknowledged, from the page or by SMS reply (`how` lands in the
   * audit): stored, audited and announced; null when it was not pending or active.
   */
  async recordAcknowledgement(
    id: string,
    comment: string,
    who: { readonly userId: string | null; readonly name: string },
    how: Record<string, unknown>,
  ): Promise<Alarm | null> {
    const at = new Date(this.clock.now());
    const alarm = await this.repository.acknowledge(id, {
      acknowledgedAt: at,
      acknowledgedBy: who.name,
      acknowledgedByUserId: who.userId,
      ackComment: comment,
    });
    if (!alarm) return null;
    await this.audit.append({
      at,
      actor: { kind: 'user', userId: who.userId, name: who.name },
      action: 'alarm.acknowledged',
      entityType: 'alarm',
      entityId: id,
      details: { rule: alarm.rule, zone: alarm.zone, severity: alarm.severity, comment, ...how },
    });
    this.events.emit('alarm.changed', { change: 'acknowledged', alarm, recipients: [], ts: at.getTime() });
    return alarm;
  }

  /** Anyone on duty silences the siren from the page; it sounds again at the next re-notification. */
  async silenceSiren(by: AuthUser): Promise<void> {
    const now = this.clock.now();
    await this.audit.append({
      at: new Date(now),
      actor: userActor(by),
      action: 'alarm.siren-silenced',
      entityType: 'siren',
      details: {},
    });
    this.siren.silence(`${by.name}`, now);
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
        throw DomainError.invalid('UNKNOWN_THRESHOLD', `Unknown threshold ${key}`, { key });
      }
      if (typeof value !== 'number' && typeof value !== 'boolean')
        throw DomainError.invalid('THRESHOLD_NOT_NUMBER', `thresholds.${key} must be a number`, { key });
      thresholds[key as keyof ZoneThresholds] = value;
    }
    const rules: Partial<Record<RuleCode, RuleOverride>> = {};
    for (const [key, value] of Object.entries(input.rules ?? {})) {
      if (!(RULE_CODES as readonly string[]).includes(key)) {
        throw DomainError.invalid('UNKNOWN_RULE', `Unknown rule ${key}`, { rule: key });
      }
      const override: RuleOverride = {};
      // A rule's override must be an object; `null` would otherwise throw a TypeError (500) below.
      if (typeof value !== 'object' || value === null || Array.isArray(value))
        throw DomainError.invalid('RULE_DELAY_OUT_OF_RANGE', `rules.${key} must be an object`, {
          rule: key,
          max: DAY_MS,
        });
      if (typeof value.enabled === 'boolean') override.enabled = value.enabled;
      for (const field of ['onDelayMs', 'offDelayMs'] as const) {
        const delay = value[field];
        if (delay === undefined) continue;
        if (typeof delay !== 'number' || delay < 0 || delay > DAY_MS)
          throw DomainError.invalid(
            'RULE_DELAY_OUT_OF_RANGE',
            `rules.${key}.${field} must be 0…86400000 ms`,
            {
              rule: key,
              max: DAY_MS,
            },
          );
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
        webhookSecret: entry.webhookSecret ?? null,
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
    // The database-free fault channel keeps its own copy of the contacts (system/contacts-file.ts).
    this.events.emit('alarm.roster-changed', { at: this.clock.now() });
    return entries;
  }

  /**
   * Posts a test message to one robot as the outbox would post an alarm, and answers what the robot
   * said. Nothing is queued or retried; the test is recorded in the audit log.
   */
  async testRobot(input: RobotTestDto, by: AuthUser): Promise<RobotTestResponse> {
    const content = `【育苗测试】报警机器人测试消息，由${by.name}发送。收到即说明报警能送到这里。`;
    const body = robotBody(input.webhookFormat, content, input.phone ?? null, { event: 'alarm.test' });
    let answer: RobotTestResponse;
    try {
      const robot = { url: input.webhookUrl, format: input.webhookFormat, secret: input.webhookSecret };
      const reply = await postToRobot(robot, body);
      answer = { ok: reply.ok, status: reply.status, answer: reply.text.slice(0, 500) };
    } catch (error) {
      answer = {
        ok: false,
        status: null,
        // fetch() hides why in `cause` (ECONNREFUSED, a timeout).
        answer: !(error instanceof Error)
          ? String(error)
          : error.cause instanceof Error
            ? error.cause.message
            : error.message,
      };
    }
    await this.audit.append({
      at: new Date(this.clock.now()),
      actor: userActor(by),
      action: 'alarm.robot-tested',
      entityType: 'duty-roster',
      details: {
        format: input.webhookFormat,
        signed: Boolean(input.webhookSecret),
        ok: answer.ok,
        status: answer.status,
      },
    });
    return answer;
  }

  /** The newest deliveries on every channel, of one status or all: the outbox as people see it. */
  notifications(status: NotificationStatus | undefined): Promise<AlarmNotification[]> {
    return this.repository.notificationsByStatus(status, 100);
  }
}
