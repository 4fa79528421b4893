import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { Roles } from '../auth/roles.decorator.js';
import { INPUT_LIMITS } from '../common/input-limits.js';
import { IsCalendarDate, MayBeOmitted } from '../common/validators.js';
import type { CapacityResponse } from '#contracts';
import { OccupancyService } from './occupancy.service.js';

export class OccupancyQuery {
  @ApiPropertyOptional({ description: 'First day (today by default)' })
  @MayBeOmitted()
  @IsCalendarDate()
  from?: string;
  @ApiPropertyOptional({ description: 'Number of days (default 60)' })
  @MayBeOmitted()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(INPUT_LIMITS.days)
  days?: number;
}

@ApiTags('batches')
@ApiBearerAuth()
@Controller('capacity')
export class CapacityController {
  constructor(private readonly occupancyCalendar: OccupancyService) {}

  /** Bench and germination-room occupancy over time against capacity. */
  @Get()
  @Roles('manager', 'technician')
  async occupancy(@Query() query: OccupancyQuery): Promise<CapacityResponse> {
    return this.occupancyCalendar.occupancy(query.from ?? this.occupancyCalendar.today(), query.days ?? 60);
  }
}
