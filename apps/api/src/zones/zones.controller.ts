import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../auth/auth-user.js';
import { CurrentUser, Roles } from '../auth/roles.decorator.js';
import { CreateZoneDto, UpdateZoneDto } from './zones.dto.js';
import { ZonesService } from './zones.service.js';

@ApiTags('zones')
@ApiBearerAuth()
@Controller('zones')
export class ZonesController {
  constructor(private readonly zones: ZonesService) {}

  @Get()
  @Roles('manager', 'technician')
  list(@Query('site') site?: string) {
    return this.zones.list(site);
  }

  @Get(':code')
  @Roles('manager', 'technician')
  get(@Param('code') code: string, @Query('site') site?: string) {
    return this.zones.get(code, site);
  }

  @Post()
  @Roles('manager')
  create(@Body() body: CreateZoneDto, @CurrentUser() me: AuthUser) {
    return this.zones.create(body, me);
  }

  @Patch(':code')
  @Roles('manager')
  update(
    @Param('code') code: string,
    @Body() body: UpdateZoneDto,
    @CurrentUser() me: AuthUser,
    @Query('site') site?: string,
  ) {
    return this.zones.update(code, body, me, site);
  }
}
