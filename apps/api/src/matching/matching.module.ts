import { Module } from '@nestjs/common';
import { CropsModule } from '../crops/crops.module.js';
import { ZonesModule } from '../zones/zones.module.js';
import { CapacityController } from './capacity.controller.js';
import { MatchingRepository } from './matching.repository.js';
import { MatchingStateReader } from './matching-state.js';
import { MatchingService } from './matching.service.js';
import { OccupancyService } from './occupancy.service.js';
import { OrderSettingsService } from './order-settings.js';
import { SowingPlanController } from './sowing-plan.controller.js';
import { SowingPlanService } from './sowing-plan.service.js';

/**
 * The matching engine over the database and the occupancy calendar it plans with. Batches and orders
 * both run it, so it is its own room; it imports neither.
 */
@Module({
  imports: [CropsModule, ZonesModule],
  controllers: [CapacityController, SowingPlanController],
  providers: [
    MatchingRepository,
    MatchingStateReader,
    MatchingService,
    OccupancyService,
    OrderSettingsService,
    SowingPlanService,
  ],
  exports: [MatchingRepository, MatchingService, OrderSettingsService],
})
export class MatchingModule {}
