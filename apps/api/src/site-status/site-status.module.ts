import { Module } from '@nestjs/common';
import { BackupModule } from '../backup/backup.module.js';
import { DiskModule } from '../disk/disk.module.js';
import { DatabaseFactsReadModel } from './database-facts.read-model.js';
import { SiteStatusController } from './site-status.controller.js';
import { SiteStatusService } from './site-status.service.js';

/**
 * The manager's 系统状态 card and diagnostics zip. Above backup/, disk/, health/ and system/ (it reads
 * them all), so none of them may import it.
 */
@Module({
  imports: [BackupModule, DiskModule],
  controllers: [SiteStatusController],
  providers: [DatabaseFactsReadModel, SiteStatusService],
})
export class SiteStatusModule {}
