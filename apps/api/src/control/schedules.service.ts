import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { AppConfig } from '#config';
import { validateCommandParams, type Clock, type CommandName } from '#contracts';
import { TelemetryWindowFeed } from '../window/telemetry-window.feed.js';
import { AuditRepository } from '../audit/audit.repository.js';
import type { AuthUser } from '../auth/auth-user.js';
import { DomainError, isDomainError } from '../common/domain-error.js';
import { APP_CONFIG, CLOCK } from '../common/tokens.js';
import { occurrencesBetween } from '../scheduling/nursery-time.js';
import { TickService } from '../scheduling/tick.service.js';
import { slotCommandId } from './command-id.js';
import { CommandsService } from './commands.service.js';
import { ControlRepository } from './control.repository.js';
import type { Schedule, ScheduleKind, ScheduleSlot } from './schedule.entity.js';
import type { CreateScheduleDto, UpdateScheduleDto } from './schedules.dto.js';

/** A slot found late (the api was down) still fires within this; older ones are reported missed. */
export const LATE_GRACE_MS = 15 * 60_000;
/** The audit entries that are a slot's outcome when no command was written. */
const SLOT_OUTCOMES = ['schedule.missed', 'schedule.refused', 'schedule.skipped'];
const COMMAND_OF: Readonly<Record<ScheduleKind, CommandName>> = {
  irrigation: 'irrigate',
  'moisture-irrigation': 'irrigate',
  setpoint: 'setpoint',
};

/**
 * Irrigation programmes, day/night setpoints and moisture-triggered irrigation per zone. Each tick
 * finds the slots due since `lastFiredAt` (in the nursery's time zone, on the api's clock), claims
 * the newest with a compare-and-set and issues its command under the interlocks: once, across
 * restarts. Slots missed beyond the grace are recorded in the audit, never skipped silently.
 */
@Injectable()
export class SchedulesService implements OnApplicationBootstrap {
  private readonly logger = new Logger('schedules');

  constructor(
    private readonly repository: ControlRepository,
    private readonly commands: CommandsService,
    private readonly window: TelemetryWindowFeed,
    private readonly audit: AuditRepository,
    private readonly tick: TickService,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private async zone(code: string): Promise<{ site: string; code: string }> {
    const zone = await this.repository.zone(code, this.config.siteCode);
    if (!zone) throw new DomainError('ZONE_NOT_FOUND', `Zone ${this.config.siteCode}/${code} not found`, 404);
    return zone;
  }

  async onApplicationBootstrap(): Promise<void> {
    this.tick.register('schedules', (now) => this.runDue(now));
    // A controller restarted with the api (the demo's simulator, a site power cut) may be back at
    // its factory setpoint and would stay there until the next slot: the current setpoints are sent
    // again at start. A controller that kept its setpoint just acknowledges.
    try {
      for (const schedule of await this.repository.listSchedules()) await this.applyCurrent(schedule);
    } catch (error) {
      this.logger.warn(
        `current setpoints not re-sent at start: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }

  async list(zone: string): Promise<Schedule[]> {
    await this.zone(zone);
    return this.repository.listSchedules(zone);
  }

  private validateSlots(kind: ScheduleKind, slots: ScheduleSlot[]): void {
    slots.forEach((slot, index) => {
      const result = validateCommandParams(COMMAND_OF[kind], slot.params);
      if (!result.ok)
        throw DomainError.invalid('SLOT_PARAMS_INVALID', `slots[${index}].params: ${result.detail}`, {
          slot: index,
          detail: result.detail,
        });
    });
  }

  async create(zone: string, input: CreateScheduleDto, by: AuthUser): Promise<Schedule> {
    await this.zone(zone);
    this.validateSlots(input.kind, input.slots);
    if (input.kind === 'moisture-irrigation' && input.moistureBelowPct === undefined) {
      throw DomainError.invalid(
        'MOISTURE_LIMIT_REQUIRED',
        'moistureBelowPct is required for moisture-irrigation',
      );
    }
    const now = new Date(this.clock.now());
    const schedule = await this.repository.saveSchedule({
      zone,
      name: input.name,
      kind: input.kind,
      slots: input.slots.map((slot) => ({ at: slot.at, params: slot.params })),
      moistureBelowPct: input.moistureBelowPct ?? null,
      enabled: input.enabled ?? true,
      createdAt: now,
      createdBy: by.name,
      // Slots before creation are not "missed".
      lastFiredAt: now,
    });
    await this.record(by, 'schedule.created', schedule, { ...input });
    return schedule;
  }

  async update(zone: string, id: string, input: UpdateScheduleDto, by: AuthUser): Promise<Schedule> {
    const schedule = await this.get(zone, id);
    if (input.slots) this.validateSlots(schedule.kind, input.slots);
    const updated = await this.repository.saveSchedule({
      ...schedule,
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.slots ? { slots: input.slots.map((slot) => ({ at: slot.at, params: slot.params })) } : {}),
      ...(input.moistureBelowPct !== undefined ? { moistureBelowPct: input.moistureBelowPct } : {}),
      ...(input.enabled !== undefined ? { enabled: input.enabled } : {}),
    });
    await this.record(by, 'schedule.updated', updated, { ...input });
    return updated;
  }

  async remove(zone: string, id: string, by: AuthUser): Promise<void> {
    const schedule = await this.get(zone, id);
    await this.repository.deleteSchedule(id);
    await this.record(by, 'schedule.deleted', schedule, {});
  }

  private async get(zone: string, id: string): Promise<Schedule> {
    const schedule = await this.repository.findSchedule(id);
    if (!schedule || schedule.zone !== zone)
      throw new DomainError('SCHEDULE_NOT_FOUND', `Schedule ${id} not found in ${zone}`, 404);
    return schedule;
  }

  private record(
    by: AuthUser,
    action: string,
    schedule: Schedule,
    details: Record<string, unknown>,
  ): Promise<void> {
    return this.audit.append({
      at: new Date(this.clock.now()),
      actor: { kind: 'user', userId: by.id, name: by.name },
      action,
      entityType: 'schedule',
      entityId: schedule.id,
      details: { zone: schedule.zone, name: schedule.name, ...details },
    });
  }

  /** Everything due at `now` (the one tick). */
  async runDue(now: number): Promise<void> {
    for (const schedule of await this.repository.listSchedules()) {
      if (!schedule.enabled) continue;
      try {
        if (schedule.kind === 'moisture-irrigation') await this.runMoisture(schedule, now);
        else await this.runTimed(schedule, now);
      } catch (error) {
        this.logger.error(
          `schedule ${schedule.name} (${schedule.zone}): ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    }
  }

  private async runTimed(schedule: Schedule, now: number): Promise<void> {
    const since = (schedule.lastFiredAt ?? schedule.createdAt).getTime();
    const timeZone = this.config.nurseryTimeZone;
    const due = occurrencesBetween(
      schedule.slots.map((slot) => slot.at),
      since,
      now,
      timeZone,
    );
    if (due.length === 0) {
      if (schedule.kind === 'setpoint') await this.afterLease(schedule, since, now);
      return;
    }
    const latest = due[due.length - 1];
    const missed = due.slice(0, -1);
    if (now - latest > LATE_GRACE_MS) missed.push(latest);
    // Each slot's outcome first, the claim last: a run that dies in between leaves the slots due,
    // and the next tick finds what was already written (the command by its slot id, an audit by
    // its slot) instead of writing it twice; a claim first lost the slot without a word.
    for (const at of missed) {
      if (await this.outcomeRecorded(schedule, at)) continue;
      await this.audit.append({
        at: new Date(now),
        actor: { kind: 'schedule', name: schedule.name },
        action: 'schedule.missed',
        entityType: 'schedule',
        entityId: schedule.id,
        details: {
          zone: schedule.zone,
          slotAt: new Date(at).toISOString(),
          reason: 'the api was not running at the slot time',
        },
      });
      this.logger.warn(`schedule ${schedule.name} missed its ${new Date(at).toISOString()} slot`);
    }
    if (now - latest <= LATE_GRACE_MS && !(await this.outcomeRecorded(schedule, latest)))
      await this.fire(
        schedule,
        this.slotAt(schedule, latest),
        latest,
        now,
        slotCommandId(schedule.id, latest),
      );
    await this.repository.claimSlot(schedule.id, schedule.lastFiredAt, new Date(latest));
  }

  /** Whether a slot already has its outcome: its command, or a missed, refused or skipped entry. */
  private async outcomeRecorded(schedule: Schedule, at: number): Promise<boolean> {
    if (await this.repository.findCommand(slotCommandId(schedule.id, at))) return true;
    return this.audit.hasEntry('schedule', schedule.id, SLOT_OUTCOMES, {
      key: 'slotAt',
      value: new Date(at).toISOString(),
    });
  }

  private slotAt(schedule: Schedule, at: number): ScheduleSlot {
    const timeZone = this.config.nurseryTimeZone;
    return (
      schedule.slots.find((slot) => occurrencesBetween([slot.at], at - 1, at, timeZone).length > 0) ??
      schedule.slots[0]
    );
  }

  /** `commandId`: a timed slot's own id (slotCommandId); a re-send at start or after a lease gets a new one. */
  private async fire(
    schedule: Schedule,
    slot: ScheduleSlot,
    slotAt: number,
    now: number,
    commandId?: string,
  ): Promise<void> {
    const name = COMMAND_OF[schedule.kind];
    if (name === 'setpoint') {
      const lease = await this.repository.activeLease(schedule.zone, new Date(now));
      if (lease) {
        await this.audit.append({
          at: new Date(now),
          actor: { kind: 'schedule', name: schedule.name },
          action: 'schedule.skipped',
          entityType: 'schedule',
          entityId: schedule.id,
          details: {
            zone: schedule.zone,
            slotAt: new Date(slotAt).toISOString(),
            reason: `manual override until ${lease.holdUntil?.toISOString()}`,
            command: lease.id,
          },
        });
        return;
      }
    }
    try {
      const command = await this.commands.issue(
        schedule.zone,
        { name, params: slot.params },
        { kind: 'schedule', name: schedule.name },
        commandId,
      );
      this.logger.log(`schedule ${schedule.name} fired ${name} in ${schedule.zone} as ${command.id}`);
    } catch (error) {
      const code = isDomainError(error) ? error.code : 'ERROR';
      const reason = error instanceof Error ? error.message : String(error);
      await this.audit.append({
        at: new Date(now),
        actor: { kind: 'schedule', name: schedule.name },
        action: 'schedule.refused',
        entityType: 'schedule',
        entityId: schedule.id,
        details: { zone: schedule.zone, slotAt: new Date(slotAt).toISOString(), code, reason },
      });
      this.logger.warn(`schedule ${schedule.name} in ${schedule.zone} refused: ${code} ${reason}`);
    }
  }

  /**
   * Applies a setpoint schedule's current period now instead of at its next slot (a new programme
   * should govern the house at once, not from this evening).
   */
  async applyCurrent(schedule: Schedule): Promise<void> {
    if (schedule.kind !== 'setpoint' || !schedule.enabled) return;
    const now = this.clock.now();
    const current = occurrencesBetween(
      schedule.slots.map((slot) => slot.at),
      now - 86_400_000,
      now,
      this.config.nurseryTimeZone,
    ).at(-1);
    if (current === undefined) return;
    await this.fire(schedule, this.slotAt(schedule, current), current, now);
  }

  /** When an override lease ends, the schedule's current setpoint takes over again. */
  private async afterLease(schedule: Schedule, since: number, now: number): Promise<void> {
    const ended = await this.repository.leasesEnded(schedule.zone, new Date(since), new Date(now));
    if (ended.length === 0 || (await this.repository.activeLease(schedule.zone, new Date(now)))) return;
    const timeZone = this.config.nurseryTimeZone;
    const current = occurrencesBetween(
      schedule.slots.map((slot) => slot.at),
      now - 86_400_000,
      now,
      timeZone,
    ).at(-1);
    if (current === undefined) return;
    if (!(await this.repository.claimSlot(schedule.id, schedule.lastFiredAt, new Date(now)))) return;
    await this.fire(schedule, this.slotAt(schedule, current), current, now);
  }

  private async runMoisture(schedule: Schedule, now: number): Promise<void> {
    if (schedule.moistureBelowPct === null) return;
    const latest = this.window.latest(schedule.zone, 'substrate_vwc_pct');
    if (!latest || now - latest.ts > 15 * 60_000 || latest.value >= schedule.moistureBelowPct) return;
    // The interlocks' minimum interval keeps this from irrigating on every tick.
    const lastIrrigation = await this.repository.lastIrrigationAt(schedule.zone);
    if (lastIrrigation && now - lastIrrigation.getTime() < 30 * 60_000) return;
    if (!(await this.repository.claimSlot(schedule.id, schedule.lastFiredAt, new Date(now)))) return;
    await this.fire(schedule, schedule.slots[0], now, now);
  }
}
