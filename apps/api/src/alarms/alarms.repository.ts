import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { Between, DataSource, In, IsNull, LessThanOrEqual, MoreThanOrEqual, Not, Repository } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity.js';
import type { AlarmState } from './alarm-lifecycle.js';
import { Alarm, type AlarmImpact } from './alarm.entity.js';
import { AlarmSetting } from './alarm-setting.entity.js';
import { DutyRosterEntry } from './duty-roster.entity.js';
import { AlarmNotification } from './notification.entity.js';
import type { HouseBatch } from '../thresholds/house-limits.js';

export interface AlarmQuery {
  state?: AlarmState[];
  zone?: string;
  rule?: string;
  limit: number;
  /** Only alarms raised (or pending) before this instant: paging through history. */
  before?: Date;
}

/** An irrigation command of a zone as the runaway rule sees it (the control module's table). */
export interface IrrigationProgramRow {
  zone: string;
  params: Record<string, unknown>;
  createdAt: number;
  expiresAt: number;
}

/** The mean air temperature of one zone over one hour (1-hour rollup, every air sensor). */
export interface ZoneHourRow {
  zone: string;
  hour: number;
  meanC: number;
}

/** Where every alarm row, setting, roster entry and notification is stored. */
@Injectable()
export class AlarmsRepository {
  constructor(
    @InjectRepository(Alarm) private readonly alarms: Repository<Alarm>,
    @InjectRepository(AlarmSetting) private readonly settings: Repository<AlarmSetting>,
    @InjectRepository(DutyRosterEntry) private readonly roster: Repository<DutyRosterEntry>,
    @InjectRepository(AlarmNotification) private readonly notifications: Repository<AlarmNotification>,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  openAlarms(): Promise<Alarm[]> {
    return this.alarms.find({ where: { state: Not('cleared') } });
  }

  find(query: AlarmQuery): Promise<Alarm[]> {
    const builder = this.alarms.createQueryBuilder('alarm').orderBy('alarm.since', 'DESC').limit(query.limit);
    if (query.state?.length) builder.andWhere('alarm.state IN (:...states)', { states: query.state });
    if (query.zone) builder.andWhere('alarm.zone = :zone', { zone: query.zone });
    if (query.rule) builder.andWhere('alarm.rule = :rule', { rule: query.rule });
    if (query.before) builder.andWhere('alarm.since < :before', { before: query.before });
    return builder.getMany();
  }

  findById(id: string): Promise<Alarm | null> {
    return this.alarms.findOneBy({ id });
  }

  /** Inserts an open alarm; null when another open one of the same rule, zone and subject exists. */
  async insertOpen(row: Partial<Alarm>): Promise<Alarm | null> {
    const result = await this.alarms
      .createQueryBuilder()
      .insert()
      .values(row)
      .orIgnore()
      .returning('*')
      .execute();
    const raw = result.raw as Record<string, unknown>[];
    if (raw.length === 0) return null;
    return this.alarms.findOneBy({ id: raw[0]['id'] as string });
  }

  async update(id: string, changes: Partial<Alarm>): Promise<void> {
    await this.alarms.update({ id }, changes);
  }

  async remove(id: string): Promise<void> {
    await this.alarms.delete({ id, state: 'pending' });
  }

  /** Acknowledges an open alarm once; null when it is not (or no longer) open for acknowledgement. */
  async acknowledge(
    id: string,
    changes: Pick<Alarm, 'acknowledgedAt' | 'acknowledgedBy' | 'acknowledgedByUserId' | 'ackComment'>,
  ): Promise<Alarm | null> {
    const result = await this.alarms.update(
      { id, state: In(['active', 'pending']) },
      { ...changes, state: 'acknowledged' },
    );
    return result.affected ? this.findById(id) : null;
  }

  async clearByHand(
    id: string,
    changes: Pick<Alarm, 'clearedAt' | 'clearedBy' | 'clearComment'>,
  ): Promise<Alarm | null> {
    const result = await this.alarms.update({ id, state: Not('cleared') }, { ...changes, state: 'cleared' });
    return result.affected ? this.findById(id) : null;
  }

  settingsFor(zone: string): Promise<AlarmSetting[]> {
    return this.settings.find({ where: [{ zone }, { zone: '*' }] });
  }

  allSettings(): Promise<AlarmSetting[]> {
    return this.settings.find({ order: { zone: 'ASC', stage: 'ASC' } });
  }

  async saveSetting(row: Omit<AlarmSetting, 'id'>): Promise<AlarmSetting> {
    await this.settings.upsert(row, ['zone', 'stage']);
    return (await this.settings.findOneBy({ zone: row.zone, stage: row.stage }))!;
  }

  /** The signing secret the roster holds for a robot's URL (DingTalk 加签), or null. */
  async robotSecret(url: string): Promise<string | null> {
    const entry = await this.roster.findOne({ where: { webhookUrl: url, webhookSecret: Not(IsNull()) } });
    return entry?.webhookSecret ?? null;
  }

  rosterEntries(): Promise<DutyRosterEntry[]> {
    return this.roster.find({ order: { position: 'ASC' } });
  }

  async replaceRoster(entries: Omit<DutyRosterEntry, 'id'>[]): Promise<DutyRosterEntry[]> {
    await this.dataSource.transaction(async (manager) => {
      // DELETE, not clear() (a TRUNCATE): row triggers and audits see the rows go, and the table is
      // not locked against every reader while the roster is replaced.
      await manager.createQueryBuilder().delete().from(DutyRosterEntry).execute();
      if (entries.length > 0) await manager.getRepository(DutyRosterEntry).insert(entries);
    });
    return this.rosterEntries();
  }

  async addNotification(row: Omit<AlarmNotification, 'id'>): Promise<void> {
    await this.notifications.insert(row as QueryDeepPartialEntity<AlarmNotification>);
  }

  dueNotifications(now: Date): Promise<AlarmNotification[]> {
    return this.notifications.find({
      where: { status: 'pending', nextAttemptAt: LessThanOrEqual(now) },
      order: { id: 'ASC' },
      take: 50,
    });
  }

  async updateNotification(id: string, changes: Partial<AlarmNotification>): Promise<void> {
    await this.notifications.update({ id }, changes as QueryDeepPartialEntity<AlarmNotification>);
  }

  notificationsOf(alarmId: string): Promise<AlarmNotification[]> {
    return this.notifications.find({ where: { alarmId }, order: { id: 'ASC' } });
  }

  pendingRobotDeliveries(url: string): Promise<AlarmNotification[]> {
    return this.notifications.find({
      where: { channel: 'robot', url, status: 'pending' },
      order: { id: 'ASC' },
      take: 200,
    });
  }

  /** A robot got through: the SMS waiting as its fallback for the same notice is not sent. */
  async cancelFallbacks(
    alarmId: string,
    recipient: string,
    reason: AlarmNotification['reason'],
  ): Promise<void> {
    await this.notifications.update(
      { alarmId, recipient, reason, channel: 'sms', status: 'pending', attempts: 0 },
      { status: 'cancelled', nextAttemptAt: null },
    );
  }

  /** Whether a notice of this reason about this alarm was ever queued (sent or not). */
  hasNotice(alarmId: string, reason: AlarmNotification['reason']): Promise<boolean> {
    return this.notifications.exists({ where: { alarmId, reason } });
  }

  async morningReportSince(since: Date): Promise<boolean> {
    return this.notifications.exists({
      where: { reason: 'morning', alarmId: IsNull(), createdAt: MoreThanOrEqual(since) },
    });
  }

  alarmsRaisedBetween(from: Date, to: Date): Promise<Alarm[]> {
    return this.alarms.find({ where: { raisedAt: Between(from, to) }, order: { raisedAt: 'ASC' } });
  }

  /** The open alarm an SMS reply's code names (codes are cleared when alarms clear). */
  openAlarmByAckCode(code: string): Promise<Alarm | null> {
    return this.alarms.findOne({
      where: { ackCode: code, state: In(['active', 'pending', 'acknowledged']) },
    });
  }

  notificationsByStatus(
    status: AlarmNotification['status'] | undefined,
    limit: number,
  ): Promise<AlarmNotification[]> {
    return this.notifications.find({ where: status ? { status } : {}, order: { id: 'DESC' }, take: limit });
  }

  /** The batches of a zone and the orders and villages allocated to them (§2.5 impact). */
  async impact(places: readonly HouseBatch[]): Promise<AlarmImpact> {
    // A batch on two benches of the house stands there twice: it is one batch hit.
    const batches = [...new Map(places.map((batch) => [batch.id, batch])).values()];
    const empty: AlarmImpact = {
      batches: batches.map(({ id, code, crop, stage }) => ({ id, code, crop, stage })),
      orders: [],
      villages: [],
    };
    if (batches.length === 0) return empty;
    const rows: { id: string; number: number; buyer: string; village: string }[] =
      await this.dataSource.query(
        `SELECT DISTINCT o.id, o.number, bu.name AS buyer, bu.village
         FROM allocations a
         JOIN order_lines l ON l.id = a.line_id
         JOIN orders o ON o.id = l.order_id
         JOIN buyers bu ON bu.id = o.buyer_id
        WHERE a.batch_id = ANY($1::uuid[])
        ORDER BY o.number`,
        [batches.map((batch) => batch.id)],
      );
    return { ...empty, orders: rows, villages: [...new Set(rows.map((row) => row.village))].sort() };
  }

  /** Irrigation commands of these zones created since `since`, newest first (not refused or lost). */
  async irrigationPrograms(zones: readonly string[], since: Date): Promise<IrrigationProgramRow[]> {
    if (zones.length === 0) return [];
    const rows: { zone: string; params: Record<string, unknown>; created_at: Date; expires_at: Date }[] =
      await this.dataSource.query(
        `SELECT zone, params, created_at, expires_at FROM commands
          WHERE name = 'irrigate' AND zone = ANY($1::text[]) AND created_at >= $2
            AND status NOT IN ('rejected', 'failed', 'expired')
          ORDER BY created_at DESC`,
        [zones, since],
      );
    return rows.map((row) => ({
      zone: row.zone,
      params: row.params,
      createdAt: row.created_at.getTime(),
      expiresAt: row.expires_at.getTime(),
    }));
  }

  /**
   * Hourly mean air temperature of these zones since `since`, from the 1-hour rollup (the in-memory
   * window holds 3 h; chilling hours need 7 days). Every air sensor of the zone counts, weighted by
   * its readings.
   */
  async hourlyAirMeans(zones: readonly string[], since: Date): Promise<ZoneHourRow[]> {
    if (zones.length === 0) return [];
    const rows: { zone: string; hour: Date; mean: number }[] = await this.dataSource.query(
      `SELECT d.zone_code AS zone, h.bucket AS hour, sum(h.sum) / sum(h.count) AS mean
         FROM readings_1h h
         JOIN devices d ON d.id = h.device_id
        WHERE h.metric = 'air_temp_c' AND h.bucket >= $1 AND h.count > 0 AND d.zone_code = ANY($2::text[])
        GROUP BY 1, 2
        ORDER BY 1, 2`,
      [since, zones],
    );
    return rows.map((row) => ({ zone: row.zone, hour: row.hour.getTime(), meanC: Number(row.mean) }));
  }
}
