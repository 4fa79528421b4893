import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { AppConfig } from '#config';
import {
  COMMAND_DEVICE_KIND,
  commandTopic,
  validateCommandParams,
  type Clock,
  type CommandName,
  type CommandPayload,
} from '#contracts';
import { ThresholdsService } from '../thresholds/thresholds.service.js';
import { AuditRepository } from '../audit/audit.repository.js';
import { DomainError } from '../common/domain-error.js';
import { DomainEvents } from '../common/domain-events.js';
import { APP_CONFIG, CLOCK } from '../common/tokens.js';
import { isNight, isWinter } from '../scheduling/nursery-time.js';
import { TickService } from '../scheduling/tick.service.js';
import type { DeviceAck, TelemetryAccepted } from '../telemetry/telemetry.events.js';
import { commandId } from './command-id.js';
import { CommandPublisher } from './command-publisher.js';
import {
  FINAL_COMMAND_STATUSES,
  type Command,
  type CommandStatus,
  type IssuerKind,
} from './command.entity.js';
import type { IssueCommandDto } from './commands.dto.js';
import { ControlRepository } from './control.repository.js';
import { acknowledgementAfter } from './acknowledgement.js';
import {
  COMMAND_STATE_METRICS,
  DEFAULT_LIMITS,
  checkInterlocks,
  stateMatches,
  type InterlockLimits,
} from './interlocks.js';

const SECOND = 1000;
/** Unacknowledged commands are resent (same id; devices deduplicate) this often until they expire. */
export const RESEND_MS = 30 * SECOND;
/** After an `ok`, the matching state must follow within this, or the command timed out. */
export const STATE_TIMEOUT_MS = 120 * SECOND;
const DEFAULT_EXPIRY_S = 300;
/** Device and api clocks may differ a little (ingest flags skew above 60 s). */
const STATE_SKEW_MS = 60 * SECOND;

export interface Issuer {
  readonly kind: IssuerKind;
  readonly name: string;
  readonly userId?: string | null;
}

/**
 * Commands to the actuators: routing to the zone's device, interlocks, publishing, resending,
 * acknowledgement, state matching and expiry. Every command and its outcome goes to the audit.
 */
@Injectable()
export class CommandsService implements OnApplicationBootstrap {
  private readonly logger = new Logger('commands');
  /** Latest reported values per device (zone/device → metric → {ts, value}). */
  private readonly state = new Map<string, Map<string, { ts: number; value: unknown }>>();
  /**
   * The acknowledgements of one command, handled one after the other: an `ok` and the `duplicate`
   * of a resend arrive milliseconds apart, and handled side by side both read "no answer yet" and
   * the later write won (acknowledgement.ts keeps the first answer only when it sees it).
   */
  private readonly ackQueues = new Map<string, Promise<void>>();

  constructor(
    private readonly repository: ControlRepository,
    private readonly publisher: CommandPublisher,
    private readonly thresholds: ThresholdsService,
    private readonly audit: AuditRepository,
    private readonly events: DomainEvents,
    private readonly tick: TickService,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private async zone(code: string): Promise<{ site: string; code: string }> {
    const zone = await this.repository.zone(code, this.config.siteCode);
    if (!zone) throw new DomainError('ZONE_NOT_FOUND', `Zone ${this.config.siteCode}/${code} not found`, 404);
    return zone;
  }

  onApplicationBootstrap(): void {
    this.events.on('device.ack', (event) => this.inTurn(event));
    this.events.on('telemetry.accepted', (event) => this.onTelemetry(event));
    this.tick.register('commands', (now) => this.supervise(now));
  }

  get(id: string): Promise<Command> {
    return this.repository.findCommand(id).then((command) => {
      if (!command) throw new DomainError('COMMAND_NOT_FOUND', `Command ${id} not found`, 404);
      return command;
    });
  }

  list(zone: string | undefined, status: CommandStatus | undefined, limit = 100): Promise<Command[]> {
    return this.repository.listCommands({ zone, status: status ? [status] : undefined, limit });
  }

  async limitsFor(zone: string): Promise<InterlockLimits> {
    // The band: not colder than 2 °C above the frost limit of the most sensitive crop, nor into overheat.
    return { ...DEFAULT_LIMITS, ...(await this.thresholds.inForce(zone)).band };
  }

  /** `id`: a programme's slot command (command-id.ts `slotCommandId`); any other command gets a new one. */
  async issue(zoneCode: string, input: IssueCommandDto, issuer: Issuer, id?: string): Promise<Command> {
    const zone = await this.zone(zoneCode);
    const name: CommandName = input.name;
    const valid = validateCommandParams(name, input.params);
    if (!valid.ok)
      throw DomainError.invalid('COMMAND_PARAMS_INVALID', `params: ${valid.detail}`, {
        detail: valid.detail,
      });
    const params = input.params;
    const kind = COMMAND_DEVICE_KIND[name];
    const devices = await this.repository.zoneDevices(zone.site, zone.code);
    const device = input.device
      ? devices.find((d) => d.device === input.device)
      : devices.find((d) => d.kind === kind);
    if (!device) {
      throw DomainError.conflict(
        'NO_DEVICE',
        input.device
          ? `Zone ${zone.code} has no device ${input.device}`
          : `Zone ${zone.code} has no ${kind} device for ${name}`,
        input.device ? { kind, device: input.device } : { kind },
      );
    }
    if (device.kind !== kind) {
      throw DomainError.conflict(
        'WRONG_DEVICE_KIND',
        `${device.device} is a ${device.kind}; ${name} needs a ${kind}`,
        { kind: device.kind, needs: kind },
      );
    }
    const now = this.clock.now();
    const timeZone = this.config.nurseryTimeZone;
    const verdict = checkInterlocks(name, params, {
      limits: await this.limitsFor(zone.code),
      lastIrrigationAt:
        name === 'irrigate' ? (await this.repository.lastIrrigationAt(zone.code))?.getTime() : undefined,
      now,
      winterNight: isWinter(now, timeZone) && isNight(now, timeZone),
      forceReason: input.forceReason,
    });
    if (!verdict.ok) {
      await this.audit.append({
        at: new Date(now),
        actor: { kind: issuer.kind, userId: issuer.userId ?? null, name: issuer.name },
        action: 'command.refused',
        entityType: 'command',
        details: {
          zone: zone.code,
          device: device.device,
          name,
          params,
          code: verdict.code,
          reason: verdict.reason,
        },
      });
      throw new DomainError(verdict.code, verdict.reason, 409, verdict.details);
    }
    const command: Command = {
      id: id ?? commandId(now),
      site: zone.site,
      zone: zone.code,
      device: device.device,
      name,
      params,
      status: 'queued',
      issuedByKind: issuer.kind,
      issuedByName: issuer.name,
      issuedByUserId: issuer.userId ?? null,
      forceReason: verdict.overridden.length > 0 ? (input.forceReason ?? null) : null,
      holdUntil: name === 'setpoint' && input.holdMinutes ? new Date(now + input.holdMinutes * 60_000) : null,
      createdAt: new Date(now),
      expiresAt: new Date(now + (input.expiresInS ?? DEFAULT_EXPIRY_S) * SECOND),
      sentAt: null,
      lastSentAt: null,
      sendCount: 0,
      ackResult: null,
      ackMessage: null,
      ackedAt: null,
      reportedState: null,
      finishedAt: null,
    };
    await this.repository.insertCommand(command);
    await this.audit.append({
      at: new Date(now),
      actor: { kind: issuer.kind, userId: issuer.userId ?? null, name: issuer.name },
      action: 'command.issued',
      entityType: 'command',
      entityId: command.id,
      details: {
        zone: zone.code,
        device: device.device,
        name,
        params,
        ...(verdict.overridden.length > 0
          ? { overridden: verdict.overridden, forceReason: input.forceReason }
          : {}),
        ...(command.holdUntil ? { holdUntil: command.holdUntil.toISOString() } : {}),
      },
    });
    await this.changed(command.id);
    await this.send(command, now);
    return this.get(command.id);
  }

  private async send(command: Command, now: number): Promise<void> {
    const payload: CommandPayload = {
      id: command.id,
      ts: now,
      expires: command.expiresAt.getTime(),
      params: command.params as CommandPayload['params'],
    };
    try {
      await this.publisher.publish(commandTopic(command, command.name), payload);
    } catch (error) {
      this.logger.warn(
        `publishing ${command.id} failed: ${error instanceof Error ? error.message : String(error)}`,
      );
      return;
    }
    const moved = await this.repository.transition(command.id, ['queued', 'sent'], {
      status: 'sent',
      sentAt: command.sentAt ?? new Date(now),
      lastSentAt: new Date(now),
      sendCount: command.sendCount + 1,
    });
    if (moved && command.status === 'queued') await this.changed(command.id);
  }

  /** Resends, expiries and state timeouts (from the one tick). */
  async supervise(now: number): Promise<void> {
    for (const command of await this.repository.openCommands()) {
      const acknowledged = command.ackResult === 'ok' || command.ackResult === 'duplicate';
      if (acknowledged) {
        if (this.matches(command)) await this.finish(command, 'done', now);
        else if (command.ackedAt && now - command.ackedAt.getTime() >= STATE_TIMEOUT_MS)
          await this.finish(command, 'timed_out', now);
        continue;
      }
      if (now >= command.expiresAt.getTime()) {
        await this.finish(command, 'expired', now);
        continue;
      }
      if (command.lastSentAt === null || now - command.lastSentAt.getTime() >= RESEND_MS)
        await this.send(command, now);
    }
  }

  private inTurn(event: DeviceAck): Promise<void> {
    const id = event.ack.id;
    const next = (this.ackQueues.get(id) ?? Promise.resolve()).then(() => this.onAck(event));
    const settled = next.catch(() => undefined);
    this.ackQueues.set(id, settled);
    void settled.then(() => {
      if (this.ackQueues.get(id) === settled) this.ackQueues.delete(id);
    });
    return next;
  }

  private async onAck(event: DeviceAck): Promise<void> {
    const ack = event.ack;
    const command = await this.repository.findCommand(ack.id);
    if (!command || FINAL_COMMAND_STATUSES.includes(command.status)) return;
    if (event.address.zone !== command.zone || event.address.device !== command.device) {
      this.logger.warn(
        `ack for ${ack.id} from ${event.address.zone}/${event.address.device}, sent to ${command.zone}/${command.device}`,
      );
      return;
    }
    const now = this.clock.now();
    if (ack.state) this.remember(command.zone, command.device, ack.state, now);
    const kept = acknowledgementAfter(
      { result: command.ackResult, at: command.ackedAt },
      ack.result,
      new Date(now),
    );
    const changes: Partial<Command> = {
      ackResult: kept.result,
      ackMessage: kept.result === ack.result ? (ack.msg?.slice(0, 300) ?? null) : command.ackMessage,
      ackedAt: kept.at,
      reportedState: { ...(command.reportedState ?? {}), ...(ack.state ?? {}) },
    };
    await this.repository.transition(command.id, ['queued', 'sent'], changes);
    const updated = { ...command, ...changes };
    switch (kept.result) {
      case 'ok':
      case 'duplicate':
        if (this.matches(updated)) await this.finish(updated, 'done', now);
        else await this.changed(command.id);
        return;
      case 'rejected':
      case 'failed':
      case 'expired':
        await this.finish(updated, kept.result, now);
        return;
    }
  }

  private onTelemetry(event: TelemetryAccepted): void {
    for (const reading of event.readings) {
      // Sensor values never settle a command: skip them (most of the traffic at high rates).
      if (!COMMAND_STATE_METRICS.has(reading.metric)) continue;
      this.remember(event.zone, reading.device, { [reading.metric]: reading.value }, reading.ts);
    }
  }

  private remember(
    zone: string,
    device: string,
    values: Readonly<Record<string, unknown>>,
    ts: number,
  ): void {
    const key = `${zone}/${device}`;
    const map = this.state.get(key) ?? new Map<string, { ts: number; value: unknown }>();
    for (const [metric, value] of Object.entries(values)) {
      const previous = map.get(metric);
      if (!previous || previous.ts <= ts) map.set(metric, { ts, value });
      // Irrigation is brief: remember that it ran at all, so a later `off` does not hide it.
      if (metric === 'irrigation_on' && (value === true || value === 1))
        map.set('irrigation_ran_at', { ts, value: ts });
    }
    this.state.set(key, map);
  }

  /** The device's state reported since the command was created matches what it asked for. */
  private matches(command: Command): boolean {
    const since = command.createdAt.getTime() - STATE_SKEW_MS;
    const map = this.state.get(`${command.zone}/${command.device}`);
    const state: Record<string, unknown> = { ...(command.reportedState ?? {}) };
    for (const [metric, entry] of map ?? []) if (entry.ts >= since) state[metric] = entry.value;
    if (command.name === 'irrigate' && typeof state['irrigation_ran_at'] === 'number')
      state['irrigation_on'] = true;
    return stateMatches(command.name as CommandName, command.params, state);
  }

  private async finish(command: Command, status: CommandStatus, now: number): Promise<void> {
    const moved = await this.repository.transition(command.id, ['queued', 'sent'], {
      status,
      finishedAt: new Date(now),
    });
    if (!moved) return;
    await this.audit.append({
      at: new Date(now),
      actor: { kind: 'device', name: command.device },
      action: `command.${status}`,
      entityType: 'command',
      entityId: command.id,
      details: {
        zone: command.zone,
        name: command.name,
        ackResult: command.ackResult,
        ackMessage: command.ackMessage,
        sendCount: command.sendCount,
      },
    });
    if (status !== 'done')
      this.logger.warn(
        `command ${command.id} (${command.name} → ${command.zone}/${command.device}) ${status}`,
      );
    await this.changed(command.id);
  }

  private async changed(id: string): Promise<void> {
    const command = await this.repository.findCommand(id);
    if (command) this.events.emit('command.changed', { command, ts: this.clock.now() });
  }
}
