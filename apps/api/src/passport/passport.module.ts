import { Module } from '@nestjs/common';
import { CropsModule } from '../crops/crops.module.js';
import { MatchingModule } from '../matching/matching.module.js';
import { ThresholdsModule } from '../thresholds/thresholds.module.js';
import { PassportController } from './passport.controller.js';
import { PassportRepository } from './passport.repository.js';
import { PassportService } from './passport.service.js';

/** Each batch's climate passport: stored at stage closes and deliveries, shown to staff and behind the buyer's link. */
@Module({
  imports: [CropsModule, MatchingModule, ThresholdsModule],
  controllers: [PassportController],
  providers: [PassportRepository, PassportService],
  exports: [PassportService],
})
export class PassportModule {}
