import { Controller, Delete, Get, Header, Param, ParseUUIDPipe, Post, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { ClimatePassportResponse } from '#contracts';
import { Public, Roles } from '../auth/roles.decorator.js';
import { renderMissingPassportPage } from './passport-page.js';
import { PassportService } from './passport.service.js';

/** A link token: 128 bits in base64url. Anything else is no passport (404, the same page as a revoked link). */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{22}$/;

/**
 * The climate passport: the manager and the adviser read every batch's, the manager renews or
 * revokes its link, and the link itself shows the stored passport of its one batch to anyone on the
 * nursery's network (the buyer scans it from the delivery slip).
 */
@ApiTags('passports')
@Controller()
export class PassportController {
  constructor(private readonly passports: PassportService) {}

  @Get('batches/:id/passport')
  @ApiBearerAuth()
  @Roles('manager', 'adviser')
  passport(@Param('id', ParseUUIDPipe) id: string): Promise<ClimatePassportResponse> {
    return this.passports.live(id);
  }

  /** A new link; the old one stops working. */
  @Post('batches/:id/passport/link')
  @ApiBearerAuth()
  @Roles('manager')
  renew(@Param('id', ParseUUIDPipe) id: string): Promise<ClimatePassportResponse> {
    return this.passports.renewLink(id);
  }

  @Delete('batches/:id/passport/link')
  @ApiBearerAuth()
  @Roles('manager')
  revoke(@Param('id', ParseUUIDPipe) id: string): Promise<ClimatePassportResponse> {
    return this.passports.revokeLink(id);
  }

  @Get('passports/:token')
  @Public()
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  async page(@Param('token') token: string, @Res({ passthrough: true }) response: Response): Promise<string> {
    const page = TOKEN_PATTERN.test(token) ? await this.passports.page(token) : null;
    if (page !== null) return page;
    // A phone that scanned a revoked link gets a page it can read, not a JSON error.
    response.status(404);
    return renderMissingPassportPage();
  }
}
