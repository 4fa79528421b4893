import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Patch,
  ParseUUIDPipe,
  Post,
  Query,
  Res,
} from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles } from '../auth/roles.decorator.js';
import {
  AnnualReportQuery,
  CostDto,
  ListCostsQuery,
  LossLedgerQuery,
  ReportSettingsDto,
} from './reports.dto.js';
import { LossLedgerService } from './loss-ledger.service.js';
import { ReportsService } from './reports.service.js';
import type {
  AnnualReportResponse,
  CostResponse,
  LossLedgerResponse,
  ReportSettingsResponse,
} from '#contracts';
import { toWire } from '../common/wire.js';

@ApiTags('reports')
@ApiBearerAuth()
@Controller()
export class ReportsController {
  constructor(
    private readonly reports: ReportsService,
    private readonly ledger: LossLedgerService,
  ) {}

  @Get('reports/annual')
  @Roles('manager', 'adviser')
  async annual(
    @Query() query: AnnualReportQuery,
    @Res({ passthrough: true }) response: Response,
  ): Promise<AnnualReportResponse | string> {
    const report = await this.reports.annual(query.year);
    if (query.format !== 'csv') return report;
    response.setHeader('Content-Type', 'text/csv; charset=utf-8');
    response.setHeader('Content-Disposition', `attachment; filename="yumiao-${query.year}.csv"`);
    return this.reports.toCsv(report);
  }

  /** The loss ledger: the year's culls by cause, crop, stage and month, each tied to the climate before it. */
  @Get('reports/losses')
  @Roles('manager', 'adviser')
  losses(@Query() query: LossLedgerQuery): Promise<LossLedgerResponse> {
    return this.ledger.ledger(query.year);
  }

  /** How the report divides the margin: the collective's share (100 % by default). */
  @Get('reports/settings')
  @Roles('manager')
  reportSettings(): Promise<ReportSettingsResponse> {
    return this.reports.getSettings();
  }

  @Patch('reports/settings')
  @Roles('manager')
  updateReportSettings(@Body() body: ReportSettingsDto): Promise<ReportSettingsResponse> {
    return this.reports.updateSettings(body);
  }

  @Get('costs')
  @Roles('manager')
  async listCosts(@Query() query: ListCostsQuery): Promise<CostResponse[]> {
    return toWire(await this.reports.listCosts(query.year));
  }

  @Post('costs')
  @Roles('manager')
  async addCost(@Body() body: CostDto): Promise<CostResponse> {
    return toWire(await this.reports.addCost(body));
  }

  @Delete('costs/:id')
  @HttpCode(204)
  @Roles('manager')
  async removeCost(@Param('id', ParseUUIDPipe) id: string) {
    await this.reports.removeCost(id);
  }
}
