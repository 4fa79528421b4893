import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../auth/auth-user.js';
import { CurrentUser, Roles } from '../auth/roles.decorator.js';
import {
  AlarmCommentDto,
  AlarmQueryDto,
  AlarmSettingDto,
  NotificationQueryDto,
  RosterDto,
} from './alarms.dto.js';
import { AlarmsService } from './alarms.service.js';

@ApiTags('alarms')
@ApiBearerAuth()
@Controller('alarms')
export class AlarmsController {
  constructor(private readonly alarms: AlarmsService) {}

  @Get()
  @Roles('manager', 'technician')
  list(@Query() query: AlarmQueryDto) {
    return this.alarms.list(query);
  }

  @Get('history')
  @Roles('manager', 'technician')
  history(@Query() query: AlarmQueryDto) {
    return this.alarms.history(query);
  }

  @Get('settings')
  @Roles('manager', 'technician')
  settings() {
    return this.alarms.settings();
  }

  @Put('settings/:zone')
  @Roles('manager')
  saveSetting(@Param('zone') zone: string, @Body() body: AlarmSettingDto, @CurrentUser() me: AuthUser) {
    return this.alarms.saveSetting(zone, body, me);
  }

  @Get('roster')
  @Roles('manager', 'technician')
  roster() {
    return this.alarms.roster();
  }

  @Put('roster')
  @Roles('manager')
  replaceRoster(@Body() body: RosterDto, @CurrentUser() me: AuthUser) {
    return this.alarms.replaceRoster(body, me);
  }

  @Get('notifications')
  @Roles('manager', 'technician')
  notifications(@Query() query: NotificationQueryDto) {
    return this.alarms.notifications(query.status);
  }

  @Get(':id')
  @Roles('manager', 'technician')
  get(@Param('id', ParseUUIDPipe) id: string) {
    return this.alarms.get(id);
  }

  @Post(':id/ack')
  @Roles('manager', 'technician')
  acknowledge(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: AlarmCommentDto,
    @CurrentUser() me: AuthUser,
  ) {
    return this.alarms.acknowledge(id, body.comment, me);
  }

  @Post(':id/clear')
  @Roles('manager', 'technician')
  clear(@Param('id', ParseUUIDPipe) id: string, @Body() body: AlarmCommentDto, @CurrentUser() me: AuthUser) {
    return this.alarms.clear(id, body.comment, me);
  }
}
