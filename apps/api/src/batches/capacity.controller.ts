import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { Roles } from '../auth/roles.decorator.js';
import { MatchingService } from '../orders/matching.service.js';

export class OccupancyQuery {
  @ApiPropertyOptional({ description: 'First day (today by default)' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/)
  from?: string;
  @ApiPropertyOptional({ description: 'Number of days (default 60)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(400)
  days?: number;
}

@ApiTags('batches')
@ApiBearerAuth()
@Controller('capacity')
export class CapacityController {
  constructor(private readonly matching: MatchingService) {}

  /** Bench and germination-room occupancy over time against capacity. */
  @Get()
  @Roles('manager', 'technician')
  occupancy(@Query() query: OccupancyQuery) {
    return this.matching.occupancy(query.from ?? this.matching.today(), query.days ?? 60);
  }
}
