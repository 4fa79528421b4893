import { Body, Controller, Get, Param, Patch } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../auth/auth-user.js';
import { CurrentUser, Roles } from '../auth/roles.decorator.js';
import { UpdateCropDto } from './crops.dto.js';
import { CropsService } from './crops.service.js';
import type { CropResponse } from '#contracts';
import { toWire } from '../common/wire.js';

@ApiTags('crops')
@ApiBearerAuth()
@Controller('crops')
export class CropsController {
  constructor(private readonly crops: CropsService) {}

  @Get()
  @Roles('manager', 'technician', 'buyer', 'adviser')
  async list(): Promise<CropResponse[]> {
    return toWire(await this.crops.list());
  }

  @Get(':key')
  @Roles('manager', 'technician', 'buyer', 'adviser')
  async get(@Param('key') key: string): Promise<CropResponse> {
    return toWire(await this.crops.get(key));
  }

  @Patch(':key')
  @Roles('manager')
  async update(
    @Param('key') key: string,
    @Body() body: UpdateCropDto,
    @CurrentUser() me: AuthUser,
  ): Promise<CropResponse> {
    return toWire(await this.crops.update(key, body, me));
  }
}
