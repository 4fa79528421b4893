import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, Repository } from 'typeorm';
import { Alarm } from '../alarms/alarm.entity.js';
import { DutyRosterEntry } from '../alarms/duty-roster.entity.js';
import type { FaultContact } from './contacts-file.js';
import { SystemEvent, type SystemEventKind } from './system-event.entity.js';

/** A system event as the rest of the api sees it (the entity without TypeORM). */
export interface SystemEventRecord {
  readonly id: string;
  readonly kind: SystemEventKind;
  readonly startedAt: Date;
  readonly endedAt: Date | null;
  readonly cause: string;
  readonly details: Record<string, unknown> | null;
}

@Injectable()
export class SystemEventsRepository {
  constructor(
    @InjectRepository(SystemEvent) private readonly events: Repository<SystemEvent>,
    @InjectRepository(Alarm) private readonly alarms: Repository<Alarm>,
    @InjectRepository(DutyRosterEntry) private readonly roster: Repository<DutyRosterEntry>,
  ) {}

  /**
   * Inserts the event, or, when a row with its id exists (the same fault copied again from the
   * fault file), fills in what the row lacks: an end time and details. Never moves a start.
   */
  async record(event: SystemEventRecord): Promise<void> {
    await this.events.query(
      `INSERT INTO system_events (id, kind, started_at, ended_at, cause, details)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (id) DO UPDATE SET
         ended_at = COALESCE(system_events.ended_at, EXCLUDED.ended_at),
         details = COALESCE(EXCLUDED.details, system_events.details)`,
      [
        event.id,
        event.kind,
        event.startedAt,
        event.endedAt,
        event.cause,
        event.details === null ? null : JSON.stringify(event.details),
      ],
    );
  }

  /** Sets the end of an open event; false when there is no such open event. */
  async end(id: string, endedAt: Date, details?: Record<string, unknown>): Promise<boolean> {
    const rows: unknown[] = await this.events.query(
      // Wrapped in a SELECT: TypeORM answers a bare UPDATE with [rows, count], not the rows.
      `WITH ended AS (
         UPDATE system_events
            SET ended_at = $2, details = COALESCE(details, '{}'::jsonb) || COALESCE($3::jsonb, '{}'::jsonb)
          WHERE id = $1 AND ended_at IS NULL
          RETURNING id)
       SELECT id FROM ended`,
      [id, endedAt, details === undefined ? null : JSON.stringify(details)],
    );
    return rows.length > 0;
  }

  /** Rewrites the cause of an open event and adds `details` to its own; false when it is not open. */
  async amend(id: string, cause: string, details: Record<string, unknown>): Promise<boolean> {
    const rows: unknown[] = await this.events.query(
      `WITH amended AS (
         UPDATE system_events
            SET cause = $2, details = COALESCE(details, '{}'::jsonb) || $3::jsonb
          WHERE id = $1 AND ended_at IS NULL
          RETURNING id)
       SELECT id FROM amended`,
      [id, cause, JSON.stringify(details)],
    );
    return rows.length > 0;
  }

  async openOfKind(kind: SystemEventKind): Promise<SystemEventRecord[]> {
    return this.events.find({ where: { kind, endedAt: IsNull() }, order: { startedAt: 'ASC' } });
  }

  /** Newest first; `kind` narrows to one kind. */
  async recent(limit: number, kind?: SystemEventKind): Promise<SystemEventRecord[]> {
    return this.events.find({
      where: kind === undefined ? {} : { kind },
      order: { startedAt: 'DESC' },
      take: limit,
    });
  }

  /**
   * A site-wide alarm for a system fault, in the alarm history like any other. Its id is the
   * system event's, so a second copy of the same fault changes nothing.
   */
  async recordSiteAlarm(alarm: Partial<Alarm>): Promise<void> {
    await this.alarms.createQueryBuilder().insert().values(alarm).orIgnore().execute();
  }

  /** The duty roster's ways to reach people, for the contacts file of the database-free channel. */
  async rosterContacts(): Promise<FaultContact[]> {
    const entries = await this.roster.find({ order: { position: 'ASC' } });
    return entries.map((entry) => ({
      name: entry.name,
      phone: entry.phone,
      webhookUrl: entry.webhookUrl,
      webhookFormat: entry.webhookFormat,
      webhookSecret: entry.webhookSecret,
    }));
  }
}
