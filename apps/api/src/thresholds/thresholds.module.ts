import { Module } from '@nestjs/common';
import { CropsModule } from '../crops/crops.module.js';
import { CropsService } from '../crops/crops.service.js';
import { CROP_PROFILES } from './crop-profiles.js';
import { ThresholdsController } from './thresholds.controller.js';
import { ThresholdsReadModel } from './thresholds.read-model.js';
import { ThresholdsService } from './thresholds.service.js';

/** The limits in force per house; alarms and control depend on this room, it depends on neither. */
@Module({
  imports: [CropsModule],
  controllers: [ThresholdsController],
  providers: [ThresholdsReadModel, ThresholdsService, { provide: CROP_PROFILES, useExisting: CropsService }],
  exports: [ThresholdsService, ThresholdsReadModel],
})
export class ThresholdsModule {}
