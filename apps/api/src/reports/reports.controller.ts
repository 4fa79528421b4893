import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Res,
} from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles } from '../auth/roles.decorator.js';
import { AnnualReportQuery, CostDto, ListCostsQuery } from './reports.dto.js';
import { ReportsService } from './reports.service.js';

@ApiTags('reports')
@ApiBearerAuth()
@Controller()
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get('reports/annual')
  @Roles('manager')
  async annual(@Query() query: AnnualReportQuery, @Res({ passthrough: true }) response: Response) {
    const report = await this.reports.annual(query.year);
    if (query.format !== 'csv') return report;
    response.setHeader('Content-Type', 'text/csv; charset=utf-8');
    response.setHeader('Content-Disposition', `attachment; filename="yumiao-${query.year}.csv"`);
    return this.reports.toCsv(report);
  }

  @Get('costs')
  @Roles('manager')
  listCosts(@Query() query: ListCostsQuery) {
    return this.reports.listCosts(query.year);
  }

  @Post('costs')
  @Roles('manager')
  addCost(@Body() body: CostDto) {
    return this.reports.addCost(body);
  }

  @Delete('costs/:id')
  @HttpCode(204)
  @Roles('manager')
  async removeCost(@Param('id', ParseUUIDPipe) id: string) {
    await this.reports.removeCost(id);
  }
}
