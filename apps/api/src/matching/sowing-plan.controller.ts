import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { SowingPlanOverageResponse } from '#contracts';
import { Roles } from '../auth/roles.decorator.js';
import { SowingPlanService } from './sowing-plan.service.js';

@ApiTags('batches')
@ApiBearerAuth()
@Controller('sowing-plan')
export class SowingPlanController {
  constructor(private readonly sowingPlan: SowingPlanService) {}

  /** The loss each crop and season's new sowings are sized with: the catalogue's or the nursery's own. */
  @Get('overage')
  @Roles('manager', 'technician')
  overage(): Promise<SowingPlanOverageResponse> {
    return this.sowingPlan.overage();
  }
}
