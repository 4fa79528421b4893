import { Inject, Injectable, Logger } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import type { AppConfig } from '#config';
import type { Clock } from '#contracts';
import { DomainEvents } from '../common/domain-events.js';
import { APP_CONFIG, CLOCK } from '../common/tokens.js';
import { DevicesRepository } from '../devices/devices.repository.js';
import { IngestService } from './ingest.service.js';
import { TelemetryStats } from './telemetry-stats.js';
import { TelemetryRepository } from './telemetry.repository.js';

const DAY_MS = 86_400_000;

/**
 * How often the ingest journal is folded into the rollups and latest values: the rollups trail the
 * raw readings by about this long (`/latest` reads the unfolded journal too). Longer folds fewer
 * upserts (one per series and fold) but makes `/latest` unnest a longer journal.
 */
export const FOLD_INTERVAL_MS = 1_000;

/** Partitions ahead, raw retention, presence (stale) checks and the rollup fold. */
@Injectable()
export class TelemetryJobs {
  private readonly logger = new Logger('telemetry-jobs');
  private folding = false;

  constructor(
    private readonly repository: TelemetryRepository,
    private readonly devices: DevicesRepository,
    private readonly ingest: IngestService,
    private readonly events: DomainEvents,
    private readonly stats: TelemetryStats,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Interval('telemetry-partitions', 3_600_000)
  async partitions(): Promise<void> {
    const now = this.clock.now();
    await this.repository.ensurePartitions(now - DAY_MS, now + 3 * DAY_MS);
    const dropped = await this.repository.dropPartitionsBefore(now - this.config.rawRetentionDays * DAY_MS);
    if (dropped.length > 0) this.logger.log(`raw retention dropped ${dropped.join(', ')}`);
  }

  @Interval('telemetry-fold', FOLD_INTERVAL_MS)
  async fold(): Promise<void> {
    if (this.folding) return;
    this.folding = true;
    try {
      const { samples } = await this.repository.foldAll();
      this.stats.recordFold(samples, this.clock.now());
    } catch (error) {
      // The journal rows stay: the next run folds them.
      this.logger.warn(`rollup fold not written: ${String(error)}`);
    } finally {
      this.folding = false;
    }
  }

  @Interval('telemetry-presence', 30_000)
  async presence(): Promise<void> {
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
