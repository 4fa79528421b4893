import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Clock } from '#contracts';
import { CLOCK } from '../common/tokens.js';
import type { SystemEventKind } from './system-event.entity.js';
import { SystemEventsRepository, type SystemEventRecord } from './system-events.repository.js';

/**
 * Records faults of the system itself (database, broker listener, restarts, disk, backups) in
 * `system_events`. Other modules open an event when a fault starts and end it when it is over;
 * a fault that is already over when it can be written (an unclean stop found at start, a database
 * outage copied from the fault file) is recorded whole.
 */
@Injectable()
export class SystemEventsService {
  constructor(
    private readonly repository: SystemEventsRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Opens an event now (or at `startedAt`); returns its id for {@link end}. */
  async open(
    kind: SystemEventKind,
    cause: string,
    details: Record<string, unknown> | null = null,
    startedAt: Date = new Date(this.clock.now()),
  ): Promise<string> {
    const id = randomUUID();
    await this.repository.record({ id, kind, startedAt, endedAt: null, cause, details });
    return id;
  }

  /** Ends an open event now (or at `endedAt`), adding `details` to what it had. */
  async end(
    id: string,
    details?: Record<string, unknown>,
    endedAt: Date = new Date(this.clock.now()),
  ): Promise<boolean> {
    return this.repository.end(id, endedAt, details);
  }

  /** An open event says more as it goes on (what the disk watch shed since it opened). */
  async amend(id: string, cause: string, details: Record<string, unknown>): Promise<boolean> {
    return this.repository.amend(id, cause, details);
  }

  /** An event that starts and ends at once (one step of the disk watch's shedding). */
  async happened(
    kind: SystemEventKind,
    cause: string,
    details: Record<string, unknown> | null = null,
  ): Promise<string> {
    const id = randomUUID();
    const at = new Date(this.clock.now());
    await this.repository.record({ id, kind, startedAt: at, endedAt: at, cause, details });
    return id;
  }

  /** Records an event that already has its id (from the fault file): idempotent. */
  async record(event: SystemEventRecord): Promise<void> {
    await this.repository.record(event);
  }

  async recent(limit = 50, kind?: SystemEventKind): Promise<SystemEventRecord[]> {
    return this.repository.recent(limit, kind);
  }

  async openOfKind(kind: SystemEventKind): Promise<SystemEventRecord[]> {
    return this.repository.openOfKind(kind);
  }
}
