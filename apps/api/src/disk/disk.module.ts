import { Module } from '@nestjs/common';
import { BackupModule } from '../backup/backup.module.js';
import { SchedulingModule } from '../scheduling/scheduling.module.js';
import { TelemetryModule } from '../telemetry/telemetry.module.js';
import { DiskWatchService } from './disk-watch.service.js';

/** The disk that never fills: free space watched, raw readings and old backups shed (docs/operations.md). */
@Module({
  imports: [SchedulingModule, TelemetryModule, BackupModule],
  providers: [DiskWatchService],
  exports: [DiskWatchService],
})
export class DiskModule {}
