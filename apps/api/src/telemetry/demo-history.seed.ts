import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import type { AppConfig } from '#config';
import { DEFAULT_METRICS_BY_KIND, type Clock } from '#contracts';
import { APP_CONFIG, CLOCK } from '../common/tokens.js';
import { DevicesRepository } from '../devices/devices.repository.js';
import { HOLD_INTERVALS } from '../passport/held-readings.js';
import { SeedRegistry } from '../seed/seed-registry.js';
import { ThresholdsService } from '../thresholds/thresholds.service.js';
import { ZonesRepository } from '../zones/zones.repository.js';
import {
  DEMO_HISTORY_DAYS,
  houseClimate,
  metricExpression,
  outdoorClimate,
  type ZoneClimate,
} from './demo-history.js';
import { ReadingSeriesRepository } from './reading-series.repository.js';
import { TelemetryRepository } from './telemetry.repository.js';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/**
 * The demo's past days (issue 18): on the first demo start, after the devices and the batches are
 * seeded, every sensor series of the demo devices gets DEMO_HISTORY_DAYS days of one reading a
 * minute (every 30 s for the env sensors, which report every 10 s: see `historyStepS`) up to the
 * minute before the start, written by SQL (TelemetryRepository.writeModelledSeries)
 * into the raw readings and the rollups. Not through the ingest: nothing is announced, so the
 * telemetry window, the live pages and the alarms never see these rows; the latest values stay the
 * devices' own. Runs once per database (the seed registry's marker), and writes nothing into a
 * database that already holds readings (an older demo that ran before this step existed).
 */
@Injectable()
export class DemoHistorySeed implements OnModuleInit {
  private readonly logger = new Logger('seed');

  constructor(
    private readonly registry: SeedRegistry,
    private readonly zones: ZonesRepository,
    private readonly devices: DevicesRepository,
    private readonly thresholds: ThresholdsService,
    private readonly series: ReadingSeriesRepository,
    private readonly repository: TelemetryRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    // After the devices (10) and the batches (20), whose crops and stages set the limits it keeps.
    this.registry.register({ name: 'telemetry-history', order: 40, run: () => this.run() });
  }

  private async run(): Promise<void> {
    if (await this.repository.holdsReadings()) return;
    const started = performance.now();
    const toMs = Math.floor(this.clock.now() / MINUTE_MS) * MINUTE_MS - MINUTE_MS;
    const fromMs = toMs - DEMO_HISTORY_DAYS * DAY_MS + MINUTE_MS;
    await this.repository.ensurePartitions(fromMs, toMs);
    const climates = new Map<string, ZoneClimate>();
    for (const zone of await this.zones.list(this.config.siteCode)) {
      climates.set(
        zone.code,
        zone.kind === 'outdoor'
          ? outdoorClimate(fromMs)
          : houseClimate(zone.kind, (await this.thresholds.inForce(zone.code)).thresholds),
      );
    }
    let rows = 0;
    let written = 0;
    const devices = (await this.devices.list(this.config.siteCode)).filter((device) => device.enabled);
    for (const [index, device] of devices.entries()) {
      const climate = climates.get(device.zoneCode);
      if (climate === undefined) continue;
      // A second probe sits in a drier bench group, as in the simulator (60 % − 2 per group), as
      // far as the house's moisture floor leaves room.
      const group = Number(/(\d+)$/.exec(device.device)?.[1] ?? 1);
      const drier = Math.min(2 * (group - 1), climate.vwcSlackPct);
      for (const metric of DEFAULT_METRICS_BY_KIND[device.kind]) {
        const expression = metricExpression(metric, climate, index * 1.7, drier);
        if (expression === undefined) continue;
        const [seriesId] = await this.series.idsFor([{ deviceId: device.id, metric }]);
        rows += await this.repository.writeModelledSeries(
          { seriesId, deviceId: device.id, metric },
          expression,
          fromMs,
          toMs,
          this.config.nurseryTimeZone,
          historyStepS(device.intervalS),
        );
        written += 1;
      }
    }
    this.logger.log(
      `demo history: ${rows} readings of ${written} series over ${DEMO_HISTORY_DAYS} days in ${Math.round(performance.now() - started)} ms`,
    );
  }
}

/**
 * The demo history's spacing for a device: a reading a minute, or closer for a device reporting
 * faster than every 20 s, so that each reading still holds until the next under the climate
 * passport's rule (a reading stands for at most 3 × its device's interval; passport/held-readings.ts)
 * and the demo's past days count as data, not 无数据.
 */
export function historyStepS(intervalS: number): number {
  return Math.max(1, Math.min(60, HOLD_INTERVALS * intervalS));
}
