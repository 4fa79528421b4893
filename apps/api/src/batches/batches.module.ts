import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { BuyersModule } from '../buyers/buyers.module.js';
import { CropsModule } from '../crops/crops.module.js';
import { MatchingModule } from '../matching/matching.module.js';
import { PassportModule } from '../passport/passport.module.js';
import { SchedulingModule } from '../scheduling/scheduling.module.js';
import { ZonesModule } from '../zones/zones.module.js';
import { BatchEvent } from './batch-event.entity.js';
import { Batch } from './batch.entity.js';
import { BatchesController } from './batches.controller.js';
import { BatchesRepository } from './batches.repository.js';
import { BatchRecordsService } from './batch-records.service.js';
import { BatchesService } from './batches.service.js';
import { OverAgingSchedule } from './over-aging.schedule.js';

@Module({
  imports: [
    SchedulingModule,
    TypeOrmModule.forFeature([Batch, BatchEvent]),
    MatchingModule,
    CropsModule,
    ZonesModule,
    BuyersModule,
    PassportModule,
  ],
  controllers: [BatchesController],
  providers: [BatchesRepository, BatchesService, BatchRecordsService, OverAgingSchedule],
  exports: [BatchesRepository, BatchesService, BatchRecordsService],
})
export class BatchesModule {}
