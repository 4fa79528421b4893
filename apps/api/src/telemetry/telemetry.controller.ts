import { Controller, Get, Inject, Param, ParseUUIDPipe, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles } from '../auth/roles.decorator.js';
import { ReadingsService } from './readings.service.js';
import { TelemetryRepository } from './telemetry.repository.js';
import { TelemetryStats } from './telemetry-stats.js';
import {
  DeadLettersQueryDto,
  DeviceDeadLettersQueryDto,
  LatestQueryDto,
  ReadingsExportQueryDto,
  ReadingsQueryDto,
} from './telemetry.dto.js';
import { beijingTime, readingsCsv } from './readings-csv.js';
import type { Clock, DeadLetterResponse, SeriesResponse, ZoneLatestResponse } from '#contracts';
import { DomainError } from '../common/domain-error.js';
import { CLOCK } from '../common/tokens.js';
import { toWire } from '../common/wire.js';
import { ZoneCodePipe } from '../common/validation.js';

/** How far back a device's dead letters are shown. */
const DEAD_LETTERS_FOR_MS = 30 * 86_400_000;

@ApiTags('telemetry')
@ApiBearerAuth()
@Controller()
export class TelemetryController {
  constructor(
    private readonly readings: ReadingsService,
    private readonly stats: TelemetryStats,
    private readonly repository: TelemetryRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get('zones/:zone/latest')
  @Roles('manager', 'technician', 'adviser')
  async latest(
    @Param('zone', new ZoneCodePipe()) zone: string,
    @Query() query: LatestQueryDto,
  ): Promise<ZoneLatestResponse> {
    return this.readings.latest(zone, query.site);
  }

  @Get('readings')
  @Roles('manager', 'technician', 'adviser')
  async series(
    @Query() query: ReadingsQueryDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<SeriesResponse[] | string> {
    const series = await this.readings.series({ ...query, step: query.step ?? 'auto' });
    if (query.format !== 'csv') return series;
    response.type('text/csv');
    return ReadingsService.toCsv(series);
  }

  /** The history screen's download: several metrics, nursery time, the reader's language. */
  @Get('readings/export')
  @Roles('manager', 'technician', 'adviser')
  async export(
    @Query() query: ReadingsExportQueryDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<string> {
    const metrics = [...new Set(query.metrics.split(','))];
    const series: SeriesResponse[] = [];
    for (const metric of metrics)
      series.push(...(await this.readings.series({ ...query, metric, step: query.step ?? 'auto' })));
    response.setHeader('Content-Type', 'text/csv; charset=utf-8');
    const day = (date: Date) => beijingTime(date.toISOString()).slice(0, 10);
    response.setHeader(
      'Content-Disposition',
      `attachment; filename="${query.zone}-${day(query.from)}-${day(query.to)}.csv"`,
    );
    return readingsCsv(series, query.lang ?? 'zh');
  }

  @Get('telemetry/stats')
  @Roles('manager', 'technician')
  statsView() {
    return this.stats.view();
  }

  /** The device panel: what of this device's messages the ingest set aside lately, and why. */
  @Get('devices/:id/dead-letters')
  @Roles('manager', 'technician')
  async deviceDeadLetters(
    @Param('id', ParseUUIDPipe) id: string,
    @Query() query: DeviceDeadLettersQueryDto,
  ): Promise<DeadLetterResponse[]> {
    const since = new Date(this.clock.now() - DEAD_LETTERS_FOR_MS);
    const rows = await this.repository.deadLettersOfDevice(id, query.limit ?? 20, since);
    if (rows === null) throw new DomainError('DEVICE_NOT_FOUND', `Device ${id} not found`, 404);
    return toWire(rows) as DeadLetterResponse[];
  }

  @Get('telemetry/dead-letters')
  @Roles('manager', 'technician')
  deadLetters(@Query() query: DeadLettersQueryDto) {
    return this.repository.deadLetters(query.limit ?? 100, query.reason);
  }
}
