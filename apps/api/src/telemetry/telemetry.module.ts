import { Module } from '@nestjs/common';
import { DevicesModule } from '../devices/devices.module.js';
import { ThresholdsModule } from '../thresholds/thresholds.module.js';
import { ZonesModule } from '../zones/zones.module.js';
import { DemoHistorySeed } from './demo-history.seed.js';
import { BrokerLink } from './broker-link.js';
import { IngestService } from './ingest.service.js';
import { ReadingSeriesRepository } from './reading-series.repository.js';
import { ReadingsRepository } from './readings.repository.js';
import { ReadingsService } from './readings.service.js';
import { TelemetryController } from './telemetry.controller.js';
import { SchedulingModule } from '../scheduling/scheduling.module.js';
import { TelemetryJobs } from './telemetry.jobs.js';
import { TelemetryRepository } from './telemetry.repository.js';
import { TelemetryStats } from './telemetry-stats.js';
import './telemetry.events.js';

/** MQTT ingest, the readings store, rollups, history queries and presence. */
@Module({
  imports: [DevicesModule, ZonesModule, SchedulingModule, ThresholdsModule],
  controllers: [TelemetryController],
  providers: [
    TelemetryRepository,
    ReadingSeriesRepository,
    TelemetryStats,
    IngestService,
    BrokerLink,
    ReadingsRepository,
    ReadingsService,
    TelemetryJobs,
    DemoHistorySeed,
  ],
  exports: [IngestService, ReadingsService, BrokerLink, TelemetryRepository],
})
export class TelemetryModule {}
