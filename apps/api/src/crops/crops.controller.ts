import { Body, Controller, Get, Param, Patch } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../auth/auth-user.js';
import { CurrentUser, Roles } from '../auth/roles.decorator.js';
import { UpdateCropDto } from './crops.dto.js';
import { CropsService } from './crops.service.js';

@ApiTags('crops')
@ApiBearerAuth()
@Controller('crops')
export class CropsController {
  constructor(private readonly crops: CropsService) {}

  @Get()
  @Roles('manager', 'technician', 'buyer')
  list() {
    return this.crops.list();
  }

  @Get(':key')
  @Roles('manager', 'technician', 'buyer')
  get(@Param('key') key: string) {
    return this.crops.get(key);
  }

  @Patch(':key')
  @Roles('manager')
  update(@Param('key') key: string, @Body() body: UpdateCropDto, @CurrentUser() me: AuthUser) {
    return this.crops.update(key, body, me);
  }
}
