import { Module } from '@nestjs/common';
import { BuiltInCropProfiles, CROP_PROFILES } from './crop-profiles.js';
import { ThresholdsController } from './thresholds.controller.js';
import { ThresholdsReadModel } from './thresholds.read-model.js';
import { ThresholdsService } from './thresholds.service.js';

/** The limits in force per house; alarms and control depend on this room, it depends on neither. */
@Module({
  controllers: [ThresholdsController],
  providers: [
    ThresholdsReadModel,
    ThresholdsService,
    { provide: CROP_PROFILES, useClass: BuiltInCropProfiles },
  ],
  exports: [ThresholdsService],
})
export class ThresholdsModule {}
