import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../auth/auth-user.js';
import { CurrentUser, Roles } from '../auth/roles.decorator.js';
import {
  AlarmCommentDto,
  AlarmQueryDto,
  AlarmSettingDto,
  NotificationQueryDto,
  RobotTestDto,
  RosterDto,
} from './alarms.dto.js';
import { AlarmsService } from './alarms.service.js';
import type {
  AlarmDetailResponse,
  AlarmNotificationResponse,
  AlarmResponse,
  AlarmSettingResponse,
  RobotTestResponse,
  RosterEntryResponse,
} from '#contracts';
import { toWire } from '../common/wire.js';
import { ZoneCodePipe } from '../common/validation.js';

@ApiTags('alarms')
@ApiBearerAuth()
@Controller('alarms')
export class AlarmsController {
  constructor(private readonly alarms: AlarmsService) {}

  @Get()
  @Roles('manager', 'technician', 'adviser')
  async list(@Query() query: AlarmQueryDto): Promise<AlarmResponse[]> {
    return toWire(await this.alarms.list(query));
  }

  @Get('history')
  @Roles('manager', 'technician', 'adviser')
  async history(@Query() query: AlarmQueryDto): Promise<AlarmResponse[]> {
    return toWire(await this.alarms.history(query));
  }

  @Get('settings')
  @Roles('manager', 'technician', 'adviser')
  async settings(): Promise<AlarmSettingResponse[]> {
    return toWire(await this.alarms.settings());
  }

  @Put('settings/:zone')
  @Roles('manager')
  async saveSetting(
    @Param('zone', new ZoneCodePipe({ siteWide: true })) zone: string,
    @Body() body: AlarmSettingDto,
    @CurrentUser() me: AuthUser,
  ): Promise<AlarmSettingResponse> {
    return toWire(await this.alarms.saveSetting(zone, body, me));
  }

  @Get('roster')
  @Roles('manager', 'technician')
  async roster(): Promise<RosterEntryResponse[]> {
    return toWire(await this.alarms.roster());
  }

  @Put('roster')
  @Roles('manager')
  async replaceRoster(@Body() body: RosterDto, @CurrentUser() me: AuthUser): Promise<RosterEntryResponse[]> {
    return toWire(await this.alarms.replaceRoster(body, me));
  }

  @Get('notifications')
  @Roles('manager', 'technician')
  async notifications(@Query() query: NotificationQueryDto): Promise<AlarmNotificationResponse[]> {
    return toWire(await this.alarms.notifications(query.status));
  }

  @Post('robots/test')
  @HttpCode(200)
  @Roles('manager')
  testRobot(@Body() body: RobotTestDto, @CurrentUser() me: AuthUser): Promise<RobotTestResponse> {
    return this.alarms.testRobot(body, me);
  }

  @Post('siren/silence')
  @HttpCode(204)
  @Roles('manager', 'technician')
  silenceSiren(@CurrentUser() user: AuthUser): Promise<void> {
    return this.alarms.silenceSiren(user);
  }

  @Get(':id')
  @Roles('manager', 'technician', 'adviser')
  async get(@Param('id', ParseUUIDPipe) id: string): Promise<AlarmDetailResponse> {
    return toWire(await this.alarms.get(id));
  }

  @Post(':id/ack')
  @Roles('manager', 'technician')
  async acknowledge(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: AlarmCommentDto,
    @CurrentUser() me: AuthUser,
  ): Promise<AlarmResponse> {
    return toWire(await this.alarms.acknowledge(id, body.comment, me));
  }

  @Post(':id/clear')
  @Roles('manager', 'technician')
  async clear(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: AlarmCommentDto,
    @CurrentUser() me: AuthUser,
  ): Promise<AlarmResponse> {
    return toWire(await this.alarms.clear(id, body.comment, me));
  }
}
