import { Controller, Get, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { SiteStatusResponse } from '#contracts';
import { Roles } from '../auth/roles.decorator.js';
import { SiteStatusService } from './site-status.service.js';

@ApiTags('system')
@ApiBearerAuth()
@Controller('system')
export class SiteStatusController {
  constructor(private readonly site: SiteStatusService) {}

  /** The manager's 系统状态 card. */
  @Get('status')
  @Roles('manager')
  status(): Promise<SiteStatusResponse> {
    return this.site.status();
  }

  /** 下载诊断包: a zip the manager sends an engineer (no secrets in it). */
  @Get('diagnostics')
  @Roles('manager')
  async diagnostics(@Res() response: Response): Promise<void> {
    const { name, stream } = await this.site.diagnostics();
    response.setHeader('Content-Type', 'application/zip');
    response.setHeader('Content-Disposition', `attachment; filename="${name}"`);
    response.setHeader('Cache-Control', 'no-store');
    stream.on('error', () => response.destroy());
    stream.pipe(response);
  }
}
