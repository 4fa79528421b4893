import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Query,
} from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../auth/auth-user.js';
import { CurrentUser, Roles } from '../auth/roles.decorator.js';
import { CommandQueryDto, IssueCommandDto } from './commands.dto.js';
import { CommandsService } from './commands.service.js';
import { CreateScheduleDto, UpdateScheduleDto } from './schedules.dto.js';
import { SchedulesService } from './schedules.service.js';
import type { CommandResponse, ScheduleResponse } from '#contracts';
import { toWire } from '../common/wire.js';
import { ZoneCodePipe } from '../common/validation.js';

@ApiTags('control')
@ApiBearerAuth()
@Controller()
export class ControlController {
  constructor(
    private readonly commands: CommandsService,
    private readonly schedules: SchedulesService,
  ) {}

  @Post('zones/:zone/commands')
  @Roles('manager', 'technician')
  async issue(
    @Param('zone', new ZoneCodePipe()) zone: string,
    @Body() body: IssueCommandDto,
    @CurrentUser() me: AuthUser,
  ): Promise<CommandResponse> {
    return toWire(await this.commands.issue(zone, body, { kind: 'user', name: me.name, userId: me.id }));
  }

  @Get('commands')
  @Roles('manager', 'technician')
  async list(@Query() query: CommandQueryDto): Promise<CommandResponse[]> {
    return toWire(await this.commands.list(query.zone, query.status, query.limit));
  }

  @Get('commands/:id')
  @Roles('manager', 'technician')
  async get(@Param('id') id: string): Promise<CommandResponse> {
    return toWire(await this.commands.get(id));
  }

  @Get('zones/:zone/schedules')
  @Roles('manager', 'technician')
  async listSchedules(@Param('zone', new ZoneCodePipe()) zone: string): Promise<ScheduleResponse[]> {
    return toWire(await this.schedules.list(zone));
  }

  // Technicians run the houses day to day: they keep the schedules too (issue 18); every change is
  // audited with their name.
  @Post('zones/:zone/schedules')
  @Roles('manager', 'technician')
  async createSchedule(
    @Param('zone', new ZoneCodePipe()) zone: string,
    @Body() body: CreateScheduleDto,
    @CurrentUser() me: AuthUser,
  ): Promise<ScheduleResponse> {
    return toWire(await this.schedules.create(zone, body, me));
  }

  @Patch('zones/:zone/schedules/:id')
  @Roles('manager', 'technician')
  async updateSchedule(
    @Param('zone', new ZoneCodePipe()) zone: string,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: UpdateScheduleDto,
    @CurrentUser() me: AuthUser,
  ): Promise<ScheduleResponse> {
    return toWire(await this.schedules.update(zone, id, body, me));
  }

  @Delete('zones/:zone/schedules/:id')
  @Roles('manager', 'technician')
  @HttpCode(204)
  async removeSchedule(
    @Param('zone', new ZoneCodePipe()) zone: string,
    @Param('id', ParseUUIDPipe) id: string,
    @CurrentUser() me: AuthUser,
  ) {
    await this.schedules.remove(zone, id, me);
  }
}
