import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../auth/auth-user.js';
import { CurrentUser, Roles } from '../auth/roles.decorator.js';
import { RegisterDeviceDto } from './devices.dto.js';
import { DevicesService } from './devices.service.js';
import type { DeviceResponse, IssuedDeviceResponse, PendingDeviceResponse } from '#contracts';
import { toWire } from '../common/wire.js';

@ApiTags('devices')
@ApiBearerAuth()
@Controller('devices')
export class DevicesController {
  constructor(private readonly devices: DevicesService) {}

  /** Technicians too: their device panel shows when each device last reported. */
  @Get()
  @Roles('manager', 'technician')
  async list(@Query('site') site?: string): Promise<DeviceResponse[]> {
    return toWire(await this.devices.list(site));
  }

  @Get('pending')
  @Roles('manager')
  async pending(): Promise<PendingDeviceResponse[]> {
    return toWire(await this.devices.listPending());
  }

  /** Answers the device's MQTT password once; only its hash is kept. */
  @Post()
  @Roles('manager')
  async register(
    @Body() body: RegisterDeviceDto,
    @CurrentUser() me: AuthUser,
  ): Promise<IssuedDeviceResponse> {
    return toWire(await this.devices.register(body, me));
  }

  @Post(':id/rotate-credentials')
  @HttpCode(200)
  @Roles('manager')
  async rotate(@Param('id') id: string, @CurrentUser() me: AuthUser): Promise<IssuedDeviceResponse> {
    return toWire(await this.devices.rotateCredentials(id, me));
  }

  @Post(':id/disable')
  @HttpCode(200)
  @Roles('manager')
  async disable(@Param('id') id: string, @CurrentUser() me: AuthUser): Promise<DeviceResponse> {
    return toWire(await this.devices.disable(id, me));
  }
}
