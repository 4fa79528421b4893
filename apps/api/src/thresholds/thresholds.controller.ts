import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { HouseLimitsResponse } from '#contracts';
import { Roles } from '../auth/roles.decorator.js';
import { ZoneCodePipe } from '../common/validation.js';
import { ThresholdsService } from './thresholds.service.js';

@ApiTags('thresholds')
@ApiBearerAuth()
@Controller()
export class ThresholdsController {
  constructor(private readonly thresholds: ThresholdsService) {}

  /** The limits in force in a house, each beside its source (issue 18). */
  @Get('zones/:zone/limits')
  @Roles('manager', 'technician', 'adviser')
  limits(@Param('zone', new ZoneCodePipe()) zone: string): Promise<HouseLimitsResponse> {
    return this.thresholds.inForceWithSources(zone);
  }
}
