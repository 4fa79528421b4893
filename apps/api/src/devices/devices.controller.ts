import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../auth/auth-user.js';
import { CurrentUser, Roles } from '../auth/roles.decorator.js';
import { RegisterDeviceDto } from './devices.dto.js';
import { DevicesService } from './devices.service.js';

@ApiTags('devices')
@ApiBearerAuth()
@Controller('devices')
export class DevicesController {
  constructor(private readonly devices: DevicesService) {}

  @Get()
  @Roles('manager')
  list(@Query('site') site?: string) {
    return this.devices.list(site);
  }

  @Get('pending')
  @Roles('manager')
  pending() {
    return this.devices.listPending();
  }

  /** Answers the device's MQTT password once; only its hash is kept. */
  @Post()
  @Roles('manager')
  register(@Body() body: RegisterDeviceDto, @CurrentUser() me: AuthUser) {
    return this.devices.register(body, me);
  }

  @Post(':id/rotate-credentials')
  @HttpCode(200)
  @Roles('manager')
  rotate(@Param('id') id: string, @CurrentUser() me: AuthUser) {
    return this.devices.rotateCredentials(id, me);
  }

  @Post(':id/disable')
  @HttpCode(200)
  @Roles('manager')
  disable(@Param('id') id: string, @CurrentUser() me: AuthUser) {
    return this.devices.disable(id, me);
  }
}
