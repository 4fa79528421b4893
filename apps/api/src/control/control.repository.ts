import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, In, IsNull, MoreThan, Not, Repository } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity.js';
import { Command, type CommandStatus } from './command.entity.js';
import { Schedule } from './schedule.entity.js';

export interface CommandQuery {
  zone?: string;
  status?: CommandStatus[];
  limit: number;
}

export interface ZoneDevice {
  site: string;
  zone: string;
  device: string;
  kind: string;
  presence: string;
}

/** Commands, schedules and the device lookups the control needs. */
@Injectable()
export class ControlRepository {
  constructor(
    @InjectRepository(Command) private readonly commands: Repository<Command>,
    @InjectRepository(Schedule) private readonly schedules: Repository<Schedule>,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async insertCommand(command: Command): Promise<void> {
    await this.commands.insert(command as QueryDeepPartialEntity<Command>);
  }

  findCommand(id: string): Promise<Command | null> {
    return this.commands.findOneBy({ id });
  }

  listCommands(query: CommandQuery): Promise<Command[]> {
    return this.commands.find({
      where: {
        ...(query.zone ? { zone: query.zone } : {}),
        ...(query.status?.length ? { status: In(query.status) } : {}),
      },
      order: { createdAt: 'DESC', id: 'DESC' },
      take: query.limit,
    });
  }

  /** Commands not finished yet: queued, or sent and waiting for an ack or the matching state. */
  openCommands(): Promise<Command[]> {
    return this.commands.find({ where: { status: In(['queued', 'sent']) }, order: { createdAt: 'ASC' } });
  }

  /** Updates a command only from the given statuses; false when it had moved on meanwhile. */
  async transition(id: string, from: CommandStatus[], changes: Partial<Command>): Promise<boolean> {
    const result = await this.commands.update(
      { id, status: In(from) },
      changes as QueryDeepPartialEntity<Command>,
    );
    return (result.affected ?? 0) > 0;
  }

  async lastIrrigationAt(zone: string): Promise<Date | undefined> {
    const command = await this.commands.findOne({
      where: { zone, name: 'irrigate', status: Not(In(['rejected', 'failed', 'expired'])) },
      order: { createdAt: 'DESC' },
    });
    return command?.createdAt;
  }

  /** The newest setpoint override lease of a zone still running at `now`. */
  activeLease(zone: string, now: Date): Promise<Command | null> {
    return this.commands.findOne({
      where: {
        zone,
        name: 'setpoint',
        holdUntil: MoreThan(now),
        status: Not(In(['rejected', 'failed', 'expired'])),
      },
      order: { createdAt: 'DESC' },
    });
  }

  /** Leases that ended in (after, until]. */
  leasesEnded(zone: string, after: Date, until: Date): Promise<Command[]> {
    return this.commands
      .createQueryBuilder('command')
      .where('command.zone = :zone AND command.name = :name', { zone, name: 'setpoint' })
      .andWhere('command.hold_until > :after AND command.hold_until <= :until', { after, until })
      .getMany();
  }

  /** A zone's site and code (read with SQL: the zones module's entity grows meanwhile). */
  async zone(code: string, site: string): Promise<{ site: string; code: string } | undefined> {
    const rows: { site: string; code: string }[] = await this.dataSource.query(
      'SELECT site, code FROM zones WHERE code = $1 AND site = $2',
      [code, site],
    );
    return rows[0];
  }

  /** Every enabled device of a kind, wherever it stands (the sirens of the site). */
  async devicesOfKind(kind: string): Promise<{ zone: string; device: string }[]> {
    const rows: { zone_code: string; device: string }[] = await this.dataSource.query(
      'SELECT zone_code, device FROM devices WHERE enabled AND kind = $1 ORDER BY zone_code, device',
      [kind],
    );
    return rows.map((row) => ({ zone: row.zone_code, device: row.device }));
  }

  async zoneDevices(site: string, zone: string): Promise<ZoneDevice[]> {
    const rows: { site: string; zone_code: string; device: string; kind: string; presence: string }[] =
      await this.dataSource.query(
        'SELECT site, zone_code, device, kind, presence FROM devices WHERE enabled AND site = $1 AND zone_code = $2 ORDER BY device',
        [site, zone],
      );
    return rows.map((row) => ({
      site: row.site,
      zone: row.zone_code,
      device: row.device,
      kind: row.kind,
      presence: row.presence,
    }));
  }

  listSchedules(zone?: string): Promise<Schedule[]> {
    return this.schedules.find({ where: zone ? { zone } : {}, order: { createdAt: 'ASC' } });
  }

  findSchedule(id: string): Promise<Schedule | null> {
    return this.schedules.findOneBy({ id });
  }

  saveSchedule(schedule: Partial<Schedule>): Promise<Schedule> {
    return this.schedules.save(schedule);
  }

  async deleteSchedule(id: string): Promise<boolean> {
    return ((await this.schedules.delete({ id })).affected ?? 0) > 0;
  }

  /**
   * Claims a schedule's slot: moves lastFiredAt from what this tick read to `to`. Only one claim
   * succeeds, so a job fires once even across a restart or two processes.
   */
  async claimSlot(id: string, expected: Date | null, to: Date): Promise<boolean> {
    const result = await this.schedules.update(
      { id, lastFiredAt: expected === null ? IsNull() : expected },
      { lastFiredAt: to },
    );
    return (result.affected ?? 0) > 0;
  }
}
