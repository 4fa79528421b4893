import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import type { AppConfig } from '#config';
import type { Clock } from '#contracts';
import { DomainEvents } from '../common/domain-events.js';
import { APP_CONFIG, CLOCK } from '../common/tokens.js';
import { DevicesRepository } from '../devices/devices.repository.js';
import { TickService } from '../scheduling/tick.service.js';
import { IngestService } from './ingest.service.js';
import { TelemetryStats } from './telemetry-stats.js';
import { TelemetryRepository } from './telemetry.repository.js';
import { databaseAway, describeWriteError } from './write-errors.js';

const DAY_MS = 86_400_000;

/**
 * How often the ingest journal is folded into the rollups and latest values: the rollups trail the
 * raw readings by about this long (`/latest` reads the unfolded journal too). Longer folds fewer
 * upserts (one per series and fold) but makes `/latest` unnest a longer journal.
 */
export const FOLD_INTERVAL_MS = 1_000;

/** Partitions ahead, raw retention, presence (stale) checks and the rollup fold. */
@Injectable()
export class TelemetryJobs implements OnModuleInit {
  private readonly logger = new Logger('telemetry-jobs');
  private lastJobWarning = 0;

  constructor(
    private readonly repository: TelemetryRepository,
    private readonly devices: DevicesRepository,
    private readonly ingest: IngestService,
    private readonly events: DomainEvents,
    private readonly stats: TelemetryStats,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly tick: TickService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.tick.register('telemetry.partitions', () => this.partitions(), { everyMs: 3_600_000 });
    this.tick.register('telemetry.fold', () => this.fold(), { everyMs: FOLD_INTERVAL_MS });
    this.tick.register('telemetry.presence', () => this.presence(), { everyMs: 30_000 });
  }

  /** A failure of a periodic job: none for the database being away, else one line a minute. */
  private quietly(what: string, error: unknown): void {
    if (databaseAway(error)) return;
    const now = Date.now();
    if (now - this.lastJobWarning < 60_000) return;
    this.lastJobWarning = now;
    this.logger.warn(`${what}: ${describeWriteError(error)}`);
  }

  async partitions(): Promise<void> {
    try {
      await this.rollPartitions();
    } catch (error) {
      this.quietly('daily partitions not rolled (next try in an hour)', error);
    }
  }

  private async rollPartitions(): Promise<void> {
    const now = this.clock.now();
    await this.repository.ensurePartitions(now - DAY_MS, now + 3 * DAY_MS);
    const dropped = await this.repository.dropPartitionsBefore(now - this.config.rawRetentionDays * DAY_MS);
    if (dropped.length > 0) this.logger.log(`raw retention dropped ${dropped.join(', ')}`);
  }

  async fold(): Promise<void> {
    try {
      const { samples } = await this.repository.foldAll();
      this.stats.recordFold(samples, this.clock.now());
    } catch (error) {
      // The journal rows stay: the next run folds them. The database being away is the ingest's
      // line to say (IngestService.logOutage); anything else is said once a minute at most.
      this.quietly('rollup fold not written', error);
    }
  }

  async presence(): Promise<void> {
    try {
      await this.markStale();
    } catch (error) {
      this.quietly('stale devices not marked', error);
    }
  }

  private async markStale(): Promise<void> {
    for (const device of await this.devices.markStale(new Date(this.clock.now()))) {
      this.ingest.writer.forgetSeen(device.id);
      this.events.emit('device.presence', {
        site: device.site,
        zone: device.zoneCode,
        device: device.device,
        deviceId: device.id,
        presence: 'stale',
        at: this.clock.now(),
        reason: 'stale',
      });
    }
  }
}
