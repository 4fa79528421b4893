import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { BenchResponse } from '#contracts';
import type { AuthUser } from '../auth/auth-user.js';
import { CurrentUser, Roles } from '../auth/roles.decorator.js';
import { ZoneCodePipe } from '../common/validation.js';
import { CreateBenchDto, UpdateBenchDto } from './benches.dto.js';
import { BenchesService } from './benches.service.js';

/** The benches of a house: the manager keeps them; the technician and the adviser read them. */
@ApiTags('zones')
@ApiBearerAuth()
@Controller('zones/:zone/benches')
export class BenchesController {
  constructor(private readonly benches: BenchesService) {}

  @Get()
  @Roles('manager', 'technician', 'adviser')
  list(@Param('zone', new ZoneCodePipe()) zone: string): Promise<BenchResponse[]> {
    return this.benches.list(zone);
  }

  @Post()
  @Roles('manager')
  create(
    @Param('zone', new ZoneCodePipe()) zone: string,
    @Body() body: CreateBenchDto,
    @CurrentUser() me: AuthUser,
  ): Promise<BenchResponse> {
    return this.benches.create(zone, body, me);
  }

  @Patch(':id')
  @Roles('manager')
  update(
    @Param('zone', new ZoneCodePipe()) zone: string,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: UpdateBenchDto,
    @CurrentUser() me: AuthUser,
  ): Promise<BenchResponse> {
    return this.benches.update(zone, id, body, me);
  }

  @Delete(':id')
  @Roles('manager')
  @HttpCode(204)
  async remove(
    @Param('zone', new ZoneCodePipe()) zone: string,
    @Param('id', ParseUUIDPipe) id: string,
    @CurrentUser() me: AuthUser,
  ): Promise<void> {
    await this.benches.remove(zone, id, me);
  }
}
