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
  issue(@Param('zone') zone: string, @Body() body: IssueCommandDto, @CurrentUser() me: AuthUser) {
    return this.commands.issue(zone, body, { kind: 'user', name: me.name, userId: me.id });
  }

  @Get('commands')
  @Roles('manager', 'technician')
  list(@Query() query: CommandQueryDto) {
    return this.commands.list(query.zone, query.status, query.limit);
  }

  @Get('commands/:id')
  @Roles('manager', 'technician')
  get(@Param('id') id: string) {
    return this.commands.get(id);
  }

  @Get('zones/:zone/schedules')
  @Roles('manager', 'technician')
  listSchedules(@Param('zone') zone: string) {
    return this.schedules.list(zone);
  }

  @Post('zones/:zone/schedules')
  @Roles('manager')
  createSchedule(@Param('zone') zone: string, @Body() body: CreateScheduleDto, @CurrentUser() me: AuthUser) {
    return this.schedules.create(zone, body, me);
  }

  @Patch('zones/:zone/schedules/:id')
  @Roles('manager')
  updateSchedule(
    @Param('zone') zone: string,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: UpdateScheduleDto,
    @CurrentUser() me: AuthUser,
  ) {
    return this.schedules.update(zone, id, body, me);
  }

  @Delete('zones/:zone/schedules/:id')
  @Roles('manager')
  @HttpCode(204)
  async removeSchedule(
    @Param('zone') zone: string,
    @Param('id', ParseUUIDPipe) id: string,
    @CurrentUser() me: AuthUser,
  ) {
    await this.schedules.remove(zone, id, me);
  }
}
