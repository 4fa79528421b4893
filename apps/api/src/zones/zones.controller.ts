import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../auth/auth-user.js';
import { CurrentUser, Roles } from '../auth/roles.decorator.js';
import { CreateZoneDto, UpdateZoneDto } from './zones.dto.js';
import { ZonesService } from './zones.service.js';
import type { ZoneResponse } from '#contracts';
import { toWire } from '../common/wire.js';
import { ZoneCodePipe } from '../common/validation.js';

@ApiTags('zones')
@ApiBearerAuth()
@Controller('zones')
export class ZonesController {
  constructor(private readonly zones: ZonesService) {}

  @Get()
  @Roles('manager', 'technician', 'adviser')
  async list(@Query('site') site?: string): Promise<ZoneResponse[]> {
    return toWire(await this.zones.list(site));
  }

  @Get(':code')
  @Roles('manager', 'technician', 'adviser')
  async get(
    @Param('code', new ZoneCodePipe()) code: string,
    @Query('site') site?: string,
  ): Promise<ZoneResponse> {
    return toWire(await this.zones.get(code, site));
  }

  @Post()
  @Roles('manager')
  async create(@Body() body: CreateZoneDto, @CurrentUser() me: AuthUser): Promise<ZoneResponse> {
    return toWire(await this.zones.create(body, me));
  }

  @Patch(':code')
  @Roles('manager')
  async update(
    @Param('code', new ZoneCodePipe()) code: string,
    @Body() body: UpdateZoneDto,
    @CurrentUser() me: AuthUser,
    @Query('site') site?: string,
  ): Promise<ZoneResponse> {
    return toWire(await this.zones.update(code, body, me, site));
  }
}
