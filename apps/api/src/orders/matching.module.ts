import { Module } from '@nestjs/common';
import { CropsModule } from '../crops/crops.module.js';
import { ZonesModule } from '../zones/zones.module.js';
import { MatchingRepository } from './matching.repository.js';
import { MatchingService } from './matching.service.js';
import { OrderSettingsService } from './order-settings.js';

/** The matching engine over the database; batches and orders both run it, so it is its own module. */
@Module({
  imports: [CropsModule, ZonesModule],
  providers: [MatchingRepository, MatchingService, OrderSettingsService],
  exports: [MatchingRepository, MatchingService, OrderSettingsService],
})
export class MatchingModule {}
