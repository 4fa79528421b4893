import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SettingsModule } from '../settings/settings.module.js';
import { Cost } from './cost.entity.js';
import { ReportsController } from './reports.controller.js';
import { ReportsRepository } from './reports.repository.js';
import { ReportsService } from './reports.service.js';
import { LossLedgerService } from './loss-ledger.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([Cost]), SettingsModule],
  controllers: [ReportsController],
  providers: [ReportsRepository, ReportsService, LossLedgerService],
})
export class ReportsModule {}
