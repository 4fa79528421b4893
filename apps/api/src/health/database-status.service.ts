import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { DatabaseState, SystemStatus } from '#contracts';
import { DomainEvents } from '../common/domain-events.js';
import { RUNTIME_SERVICES } from '../common/tokens.js';
import { isDatabaseUnavailable } from '../database/connection-errors.js';
import type { DatabaseServerEvent } from '../runtime/postgres-supervisor.js';
import type { RuntimeServices } from '../runtime/runtime-services.js';
import { SystemFaults } from '../system/system-faults.service.js';

declare module '../common/domain-events.js' {
  interface DomainEventMap {
    'system.status': SystemStatus;
  }
}

/** How often the database is probed (wall time: an outage is measured in real seconds). */
export const PROBE_INTERVAL_MS = 2_000;
const PROBE_TIMEOUT_MS = 3_000;
/** While the database stays away, one reminder line this often. */
export const REMINDER_INTERVAL_MS = 60_000;

interface Outage {
  readonly id: string;
  readonly since: number;
  cause: string;
  attempts: number;
  reminder: NodeJS.Timeout;
}

/**
 * Knows whether the database answers, for `/health/ready`, the pages (`system.status`) and the
 * log. Two sources: the embedded server's supervisor (it saw the postmaster die and says what it
 * does about it) and a probe every {@link PROBE_INTERVAL_MS} (an external database, or anything
 * the supervisor cannot see). The log gets one line when the database goes, a reminder a minute
 * and one line when it is back with the duration; with the embedded server the supervisor writes
 * the first and the last (one line per step it takes), so this service adds only the reminders.
 * Each outage becomes a `database-down` system event through the database-free fault channel.
 */
@Injectable()
export class DatabaseStatus implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('database');
  private state: DatabaseState = 'ok';
  private reason: string | null = null;
  private outage: Outage | undefined;
  private probeTimer: NodeJS.Timeout | undefined;
  private unwatch: (() => void) | undefined;
  private probing = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(RUNTIME_SERVICES) private readonly services: RuntimeServices,
    private readonly events: DomainEvents,
    private readonly faults: SystemFaults,
  ) {}

  onModuleInit(): void {
    this.unwatch = this.services.databaseServer?.onEvent((event) => this.onServerEvent(event));
    this.probeTimer = setInterval(() => void this.probe(), PROBE_INTERVAL_MS);
    this.probeTimer.unref();
  }

  onApplicationShutdown(): void {
    this.unwatch?.();
    clearInterval(this.probeTimer);
    if (this.outage) clearInterval(this.outage.reminder);
  }

  get supervised(): boolean {
    return this.services.databaseServer !== undefined;
  }

  status(): SystemStatus {
    return {
      ready: this.state === 'ok',
      database: this.state,
      reason: this.reason,
      since: this.outage?.since ?? null,
      ts: Date.now(),
    };
  }

  /** Probes now; true when the database answered. Also what `/health/ready` calls. */
  async probe(): Promise<boolean> {
    if (this.probing) return this.state === 'ok';
    this.probing = true;
    try {
      await withTimeout(this.dataSource.query('SELECT 1'), PROBE_TIMEOUT_MS);
      this.up();
      return true;
    } catch (error) {
      // A query error that is not about reaching the server (it cannot be, for SELECT 1) still
      // means the database does not serve: treat any failure as unreachable. While the supervisor
      // restarts the server, its own account of the step is the better reason.
      if (this.state === 'restarting' || this.state === 'unrecoverable') return false;
      this.down('unreachable', describe(error));
      return false;
    } finally {
      this.probing = false;
    }
  }

  private onServerEvent(event: DatabaseServerEvent): void {
    switch (event.kind) {
      case 'stopped':
        this.down('restarting', `database stopped (${event.cause}); restarting`);
        break;
      case 'restarting':
        if (this.outage) this.outage.attempts = event.attempt;
        this.setState('restarting', `database restarting, attempt ${event.attempt}`);
        break;
      case 'back':
        void this.probe();
        break;
      case 'unrecoverable':
        this.down('unrecoverable', `database could not be restarted: ${event.cause}`);
        void this.giveUp(event);
        break;
    }
  }

  private async giveUp(event: Extract<DatabaseServerEvent, { kind: 'unrecoverable' }>): Promise<void> {
    // Told through the fault file and the robots first: the process is about to exit, and the
    // database that would normally carry the alarm is the thing that is gone.
    await this.faults.reportWithoutDatabase({
      kind: 'database-unrecoverable',
      cause: `the embedded database could not be restarted after ${event.attempts} attempts: ${event.cause}`,
      details: { attempts: event.attempts, downSeconds: Math.round(event.downMs / 100) / 10 },
      startedAt: this.outage?.since ?? event.at,
      endedAt: event.at,
    });
    this.services.exit?.('the database could not be restarted', 1);
  }

  private down(state: Exclude<DatabaseState, 'ok'>, reason: string): void {
    if (this.outage === undefined) {
      const since = Date.now();
      if (!this.supervised || state !== 'restarting') this.logger.warn(`database unreachable: ${reason}`);
      const reminder = setInterval(() => {
        const minutes = Math.round((Date.now() - since) / 60_000);
        this.logger.warn(`database still unreachable after ${minutes} min: ${this.reason ?? reason}`);
      }, REMINDER_INTERVAL_MS);
      reminder.unref();
      this.outage = { id: randomUUID(), since, cause: reason, attempts: 0, reminder };
      this.faults.noteDatabaseDown(this.outage.id, reason, since);
    }
    this.setState(state, reason);
  }

  private up(): void {
    const outage = this.outage;
    if (outage === undefined) return;
    this.outage = undefined;
    clearInterval(outage.reminder);
    const downMs = Date.now() - outage.since;
    if (!this.supervised) this.logger.log(`database back after ${(downMs / 1000).toFixed(1)} s`);
    this.setState('ok', null);
    void this.faults.noteDatabaseBack(outage.id, {
      cause: outage.cause,
      since: outage.since,
      downMs,
      attempts: outage.attempts,
    });
  }

  private setState(state: DatabaseState, reason: string | null): void {
    if (this.state === state && this.reason === reason) return;
    this.state = state;
    this.reason = reason;
    this.events.emit('system.status', this.status());
  }
}

function describe(error: unknown): string {
  if (isDatabaseUnavailable(error) || error instanceof Error) {
    const message = error instanceof Error ? error.message : String(error);
    return message.split('\n')[0]?.slice(0, 200) ?? 'unknown error';
  }
  return String(error).slice(0, 200);
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
