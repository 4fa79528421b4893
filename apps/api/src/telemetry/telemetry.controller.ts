import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles } from '../auth/roles.decorator.js';
import { ReadingsService } from './readings.service.js';
import { TelemetryRepository } from './telemetry.repository.js';
import { TelemetryStats } from './telemetry-stats.js';
import { DeadLettersQueryDto, LatestQueryDto, ReadingsQueryDto } from './telemetry.dto.js';

@ApiTags('telemetry')
@ApiBearerAuth()
@Controller()
export class TelemetryController {
  constructor(
    private readonly readings: ReadingsService,
    private readonly stats: TelemetryStats,
    private readonly repository: TelemetryRepository,
  ) {}

  @Get('zones/:zone/latest')
  @Roles('manager', 'technician')
  latest(@Param('zone') zone: string, @Query() query: LatestQueryDto) {
    return this.readings.latest(zone, query.site);
  }

  @Get('readings')
  @Roles('manager', 'technician')
  async series(@Query() query: ReadingsQueryDto, @Res({ passthrough: true }) response: Response) {
    const series = await this.readings.series({ ...query, step: query.step ?? 'auto' });
    if (query.format !== 'csv') return series;
    response.type('text/csv');
    return ReadingsService.toCsv(series);
  }

  @Get('telemetry/stats')
  @Roles('manager', 'technician')
  statsView() {
    return this.stats.view();
  }

  @Get('telemetry/dead-letters')
  @Roles('manager', 'technician')
  deadLetters(@Query() query: DeadLettersQueryDto) {
    return this.repository.deadLetters(query.limit ?? 100, query.reason);
  }
}
