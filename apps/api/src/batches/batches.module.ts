import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { BuyersModule } from '../buyers/buyers.module.js';
import { CropsModule } from '../crops/crops.module.js';
import { MatchingModule } from '../orders/matching.module.js';
import { ZonesModule } from '../zones/zones.module.js';
import { BatchEvent } from './batch-event.entity.js';
import { Batch } from './batch.entity.js';
import { BatchesController } from './batches.controller.js';
import { CapacityController } from './capacity.controller.js';
import { BatchesRepository } from './batches.repository.js';
import { BatchesService } from './batches.service.js';
import { OverAgingSchedule } from './over-aging.schedule.js';

@Module({
  imports: [
    TypeOrmModule.forFeature([Batch, BatchEvent]),
    MatchingModule,
    CropsModule,
    ZonesModule,
    BuyersModule,
  ],
  controllers: [BatchesController, CapacityController],
  providers: [BatchesRepository, BatchesService, OverAgingSchedule],
  exports: [BatchesRepository, BatchesService],
})
export class BatchesModule {}
