import { Inject, Injectable, Logger } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import type { AppConfig } from '#config';
import type { Clock } from '#contracts';
import { DomainEvents } from '../common/domain-events.js';
import { APP_CONFIG, CLOCK } from '../common/tokens.js';
import { DevicesRepository } from '../devices/devices.repository.js';
import { IngestService } from './ingest.service.js';
import { TelemetryRepository } from './telemetry.repository.js';

const DAY_MS = 86_400_000;

/**
 * How often the 1-hour rollup catches up with the 1-minute one (ingest queues the touched hours).
 * The hourly rows lag by at most about this long; the history endpoint reads the recent hours from
 * the 1-minute rollup (ReadingsRepository), so the lag only shows for late data in older hours.
 */
export const ROLLUP_HOURS_INTERVAL_MS = 10_000;

/** Partitions ahead, raw retention, presence (stale) checks and the 1-hour rollup. */
@Injectable()
export class TelemetryJobs {
  private readonly logger = new Logger('telemetry-jobs');
  private rollingUp = false;

  constructor(
    private readonly repository: TelemetryRepository,
    private readonly devices: DevicesRepository,
    private readonly ingest: IngestService,
    private readonly events: DomainEvents,
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

  @Interval('telemetry-rollup-hours', ROLLUP_HOURS_INTERVAL_MS)
  async rollUpHours(): Promise<void> {
    if (this.rollingUp) return;
    this.rollingUp = true;
    try {
      await this.repository.rollUpHours();
    } catch (error) {
      // The queue stays as it was: the next run takes it up again.
      this.logger.warn(`1-hour rollup not written: ${String(error)}`);
    } finally {
      this.rollingUp = false;
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
