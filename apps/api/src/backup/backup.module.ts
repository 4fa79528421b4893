import { Module, type OnApplicationBootstrap } from '@nestjs/common';
import { SchedulingModule } from '../scheduling/scheduling.module.js';
import { TickService } from '../scheduling/tick.service.js';
import { BackupController } from './backup.controller.js';
import { BackupRepository } from './backup.repository.js';
import { BackupService } from './backup.service.js';

/** Nightly and on-demand backups, retention and the monthly restore check (docs/operations.md). */
@Module({
  imports: [SchedulingModule],
  controllers: [BackupController],
  providers: [BackupRepository, BackupService],
  exports: [BackupService],
})
export class BackupModule implements OnApplicationBootstrap {
  constructor(
    private readonly tick: TickService,
    private readonly backups: BackupService,
  ) {}

  onApplicationBootstrap(): void {
    this.tick.register('backup', (now) => this.backups.runDue(now));
  }
}
