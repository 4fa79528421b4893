import { randomUUID } from 'node:crypto';
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import type { AppConfig } from '#config';
import { Alarm } from '../alarms/alarm.entity.js';
import { postToRobot } from '../alarms/robot-post.js';
import { webhookBody } from '../alarms/webhook-format.js';
import { DomainEvents } from '../common/domain-events.js';
import { APP_CONFIG } from '../common/tokens.js';
import { ContactsFile, type FaultContact } from './contacts-file.js';
import { FaultFile } from './fault-file.js';
import type { SystemEventKind } from './system-event.entity.js';
import { SystemEventsRepository, type SystemEventRecord } from './system-events.repository.js';

/** The system event kinds that are also site-wide alarms (zone `*`), with their alarm text. */
export const ALERTING_KINDS: Partial<Record<SystemEventKind, string>> = {
  'database-down': '数据库中断',
  'database-unrecoverable': '数据库无法自动恢复，服务已退出等待重启',
  'unclean-restart': '服务器非正常停止后重新启动',
};

/** A database outage shorter than this is recorded, not announced (a supervised restart takes seconds). */
export const DATABASE_DOWN_ALARM_MS = 60_000;

export interface FaultReport {
  readonly kind: SystemEventKind;
  readonly cause: string;
  readonly details?: Record<string, unknown>;
  readonly startedAt: number;
  readonly endedAt?: number | null;
}

declare module '../common/domain-events.js' {
  interface DomainEventMap {
    'alarm.roster-changed': { readonly at: number };
  }
}

/**
 * The database-free fault channel. Faults of the database are appended to the fault file (fsync'd)
 * and sent straight to the duty roster's robots from the contacts file; once the database answers
 * again they are copied into `system_events` and, for the alerting kinds, into the alarm history
 * as site-wide alarms. At every start the same copy picks up what the last run could not write.
 */
@Injectable()
export class SystemFaults implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('system');
  private readonly faultFile: FaultFile;
  private readonly contacts: ContactsFile;
  private readonly announceTimers = new Map<string, NodeJS.Timeout>();
  private offRoster: (() => void) | undefined;
  private copying: Promise<void> = Promise.resolve();

  constructor(
    private readonly repository: SystemEventsRepository,
    private readonly events: DomainEvents,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.faultFile = new FaultFile(config.dataDir);
    this.contacts = new ContactsFile(config.dataDir);
  }

  async onApplicationBootstrap(): Promise<void> {
    this.offRoster = this.events.on('alarm.roster-changed', () => this.refreshContacts());
    await this.refreshContacts();
    await this.copyToDatabase();
  }

  onModuleDestroy(): void {
    this.offRoster?.();
    for (const timer of this.announceTimers.values()) clearTimeout(timer);
  }

  /** The database stopped answering: written to the fault file; announced if it lasts a minute. */
  noteDatabaseDown(id: string, cause: string, since: number): void {
    this.appendSafely({ id, kind: 'database-down', startedAt: new Date(since).toISOString(), cause });
    const timer = setTimeout(() => {
      this.announceTimers.delete(id);
      void this.announce({ kind: 'database-down', cause, startedAt: since });
    }, DATABASE_DOWN_ALARM_MS);
    timer.unref();
    this.announceTimers.set(id, timer);
  }

  /** The database is back: the outage's end goes to the file, then everything pending is copied. */
  async noteDatabaseBack(
    id: string,
    outage: { cause: string; since: number; downMs: number; attempts: number },
  ): Promise<void> {
    const announced = !this.announceTimers.has(id);
    clearTimeout(this.announceTimers.get(id));
    this.announceTimers.delete(id);
    this.appendSafely({
      id,
      kind: 'database-down',
      startedAt: new Date(outage.since).toISOString(),
      endedAt: new Date(outage.since + outage.downMs).toISOString(),
      cause: outage.cause,
      details: {
        downSeconds: Math.round(outage.downMs / 100) / 10,
        restartAttempts: outage.attempts,
        announced,
      },
    });
    await this.copyToDatabase();
  }

  /**
   * For a fault the database cannot carry: appended to the fault file and sent to every robot of
   * the contacts file; resolves when the robots answered (or after 5 s).
   */
  async reportWithoutDatabase(report: FaultReport): Promise<void> {
    this.appendSafely({
      id: randomUUID(),
      kind: report.kind,
      startedAt: new Date(report.startedAt).toISOString(),
      endedAt: report.endedAt ? new Date(report.endedAt).toISOString() : null,
      cause: report.cause,
      details: { ...(report.details ?? {}), announced: true },
    });
    await this.announce(report);
  }

  /**
   * For a fault that is over and that the alarms' outbox tells people about (an unclean stop found
   * at start): appended to the fault file, not sent to the robots from here; answers its id.
   */
  recordFinished(report: FaultReport): string {
    const id = randomUUID();
    this.appendSafely({
      id,
      kind: report.kind,
      startedAt: new Date(report.startedAt).toISOString(),
      endedAt: new Date(report.endedAt ?? report.startedAt).toISOString(),
      cause: report.cause,
      details: report.details ?? null,
    });
    return id;
  }

  /** Copies the fault file into system_events and the alarm history, then empties it. */
  copyToDatabase(): Promise<void> {
    this.copying = this.copying.then(async () => {
      const now = new Date();
      // An event still open in the file belongs to a run that ended during the fault (it exited or
      // was killed): this start ends it.
      const pending = this.faultFile
        .pending()
        .map((event) =>
          event.endedAt === null
            ? { ...event, endedAt: now, details: { ...(event.details ?? {}), endedBy: 'restart' } }
            : event,
        );
      if (pending.length === 0) return;
      try {
        for (const event of pending) {
          await this.repository.record(event);
          if (this.isAlarm(event)) await this.repository.recordSiteAlarm(this.siteAlarm(event));
        }
        this.faultFile.clear();
      } catch (error) {
        this.logger.warn(`fault file not copied yet (${firstLine(error)}); kept for the next try`);
      }
    });
    return this.copying;
  }

  private isAlarm(event: SystemEventRecord): boolean {
    if (ALERTING_KINDS[event.kind] === undefined) return false;
    if (event.kind !== 'database-down') return true;
    return event.details?.['announced'] === true;
  }

  private siteAlarm(event: SystemEventRecord): Partial<Alarm> {
    return {
      // The event's id: copying the same fault twice makes one alarm.
      id: event.id,
      rule: event.kind,
      site: this.config.siteCode,
      zone: '*',
      subject: '',
      state: event.endedAt === null ? 'active' : 'cleared',
      severity: 'critical',
      message: `${ALERTING_KINDS[event.kind] ?? event.kind}：${event.cause}`.slice(0, 300),
      since: event.startedAt,
      raisedAt: event.startedAt,
      clearedAt: event.endedAt,
      clearedBy: event.endedAt === null ? null : 'system',
    };
  }

  private async refreshContacts(): Promise<void> {
    try {
      this.contacts.write(await this.repository.rosterContacts());
    } catch (error) {
      this.logger.warn(`contacts file not written: ${firstLine(error)}`);
    }
  }

  /** Straight to the robots: no database, no retries (the alarm history gets it later). */
  private async announce(report: FaultReport): Promise<void> {
    const contacts = this.contacts.read().filter((contact) => contact.webhookUrl !== null);
    if (contacts.length === 0) {
      this.logger.warn(`no robot to tell about ${report.kind} (${this.contacts.file} lists none)`);
      return;
    }
    const alarm = Object.assign(new Alarm(), {
      rule: report.kind,
      site: this.config.siteCode,
      zone: '*',
      subject: '',
      severity: 'critical',
      message: `${ALERTING_KINDS[report.kind] ?? report.kind}：${report.cause}`.slice(0, 300),
      impact: null,
    } satisfies Partial<Alarm>);
    const results = await Promise.allSettled(contacts.map((contact) => this.post(contact, alarm)));
    const failed = results.filter((result) => result.status === 'rejected').length;
    if (failed > 0) this.logger.warn(`${report.kind}: ${failed} of ${contacts.length} robots not reached`);
  }

  private async post(contact: FaultContact, alarm: Alarm): Promise<void> {
    const robot = {
      url: contact.webhookUrl ?? '',
      format: contact.webhookFormat,
      secret: contact.webhookSecret,
    };
    const answer = await postToRobot(
      robot,
      webhookBody(contact.webhookFormat, alarm, 'raised', contact.phone),
    );
    if (!answer.ok) throw new Error(`HTTP ${answer.status}`);
  }

  private appendSafely(line: Parameters<FaultFile['append']>[0]): void {
    try {
      this.faultFile.append(line);
    } catch (error) {
      this.logger.error(`fault file ${this.faultFile.file} not written: ${firstLine(error)}`);
    }
  }
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
}
