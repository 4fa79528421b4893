import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { AppConfig } from '#config';
import { DomainEvents } from '../common/domain-events.js';
import { APP_CONFIG } from '../common/tokens.js';
import { writeFileAtomic } from '../runtime/atomic-file.js';
import { SystemFaults } from './system-faults.service.js';

export const HEARTBEAT_FILE_NAME = 'heartbeat';
/** Wall time between two heartbeats: an unclean stop is dated to within this. */
export const HEARTBEAT_INTERVAL_MS = 60_000;

declare module '../common/domain-events.js' {
  interface DomainEventMap {
    /** A start found the last run stopped uncleanly; `eventId` is its unclean-restart system event. */
    'system.unclean-restart': { readonly eventId: string };
  }
}

interface Heartbeat {
  readonly aliveAt: string;
  readonly clean: boolean;
}

/**
 * Every minute the api writes when it was last alive to DATA_DIR/heartbeat (atomically) and marks
 * it clean when it stops in order. A start that finds it unmarked knows the last run ended without
 * stopping (power cut, SIGKILL, crash) and records `unclean-restart`: "unclean stop: down from
 * <heartbeat> to <start>", as a system event and a site-wide alarm; the alarms' DowntimeReport tells
 * the duty roster through the outbox.
 */
@Injectable()
export class HeartbeatService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('system');
  private readonly file: string;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly faults: SystemFaults,
    private readonly events: DomainEvents,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.file = path.join(config.dataDir, HEARTBEAT_FILE_NAME);
  }

  async onApplicationBootstrap(): Promise<void> {
    const previous = this.read();
    const startedAt = Date.now();
    this.beat(false);
    this.timer = setInterval(() => this.beat(false), HEARTBEAT_INTERVAL_MS);
    this.timer.unref();
    if (previous === 'none' || (previous !== 'unreadable' && previous.clean)) return;
    const lastAlive = previous === 'unreadable' ? undefined : Date.parse(previous.aliveAt);
    const from =
      lastAlive === undefined || Number.isNaN(lastAlive)
        ? 'an unknown time'
        : new Date(lastAlive).toISOString();
    const cause = `unclean stop: down from ${from} to ${new Date(startedAt).toISOString()}`;
    this.logger.warn(cause);
    // The roster hears of it through the alarms' outbox (DowntimeReport), once, on every channel.
    const eventId = this.faults.recordFinished({
      kind: 'unclean-restart',
      cause,
      startedAt: lastAlive ?? startedAt,
      endedAt: startedAt,
      details: { lastAliveAt: lastAlive === undefined ? null : new Date(lastAlive).toISOString() },
    });
    await this.faults.copyToDatabase();
    this.events.emit('system.unclean-restart', { eventId });
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
    this.beat(true);
  }

  private beat(clean: boolean): void {
    try {
      writeFileAtomic(
        this.file,
        `${JSON.stringify({ aliveAt: new Date().toISOString(), clean } satisfies Heartbeat)}\n`,
        0o644,
      );
    } catch (error) {
      this.logger.warn(`heartbeat not written: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private read(): Heartbeat | 'none' | 'unreadable' {
    let text: string;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch (error) {
      return (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'none' : 'unreadable';
    }
    try {
      const parsed = JSON.parse(text) as Partial<Heartbeat>;
      if (typeof parsed.aliveAt !== 'string' || typeof parsed.clean !== 'boolean') return 'unreadable';
      return { aliveAt: parsed.aliveAt, clean: parsed.clean };
    } catch {
      return 'unreadable';
    }
  }
}
