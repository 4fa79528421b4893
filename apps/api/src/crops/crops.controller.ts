import { Body, Controller, Get, Param, Patch, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { CropResponse, EmptyHouseResponse } from '#contracts';
import type { AuthUser } from '../auth/auth-user.js';
import { CurrentUser, Roles } from '../auth/roles.decorator.js';
import {
  CreateCropDto,
  CreateVarietyDto,
  EmptyHouseDto,
  UpdateCropDto,
  UpdateVarietyDto,
} from './crops.dto.js';
import { CropsService } from './crops.service.js';

/** The crop catalogue: everyone reads it, the manager edits it (docs/catalogue.md). */
@ApiTags('crops')
@ApiBearerAuth()
@Controller('crops')
export class CropsController {
  constructor(private readonly crops: CropsService) {}

  @Get()
  @Roles('manager', 'technician', 'buyer', 'adviser')
  list(): Promise<CropResponse[]> {
    return this.crops.list();
  }

  /** Declared before `:key`: "empty-house" is no crop key (keys have no hyphen). */
  @Get('empty-house')
  @Roles('manager', 'technician', 'adviser')
  emptyHouse(): Promise<EmptyHouseResponse> {
    return this.crops.emptyHouse();
  }

  @Put('empty-house')
  @Roles('manager')
  setEmptyHouse(@Body() body: EmptyHouseDto, @CurrentUser() me: AuthUser): Promise<EmptyHouseResponse> {
    return this.crops.setEmptyHouse(body, me);
  }

  @Get(':key')
  @Roles('manager', 'technician', 'buyer', 'adviser')
  get(@Param('key') key: string): Promise<CropResponse> {
    return this.crops.get(key);
  }

  @Post()
  @Roles('manager')
  create(@Body() body: CreateCropDto, @CurrentUser() me: AuthUser): Promise<CropResponse> {
    return this.crops.create(body, me);
  }

  @Patch(':key')
  @Roles('manager')
  update(
    @Param('key') key: string,
    @Body() body: UpdateCropDto,
    @CurrentUser() me: AuthUser,
  ): Promise<CropResponse> {
    return this.crops.update(key, body, me);
  }

  @Post(':key/varieties')
  @Roles('manager')
  addVariety(
    @Param('key') key: string,
    @Body() body: CreateVarietyDto,
    @CurrentUser() me: AuthUser,
  ): Promise<CropResponse> {
    return this.crops.addVariety(key, body, me);
  }

  @Patch(':key/varieties/:name')
  @Roles('manager')
  updateVariety(
    @Param('key') key: string,
    @Param('name') name: string,
    @Body() body: UpdateVarietyDto,
    @CurrentUser() me: AuthUser,
  ): Promise<CropResponse> {
    return this.crops.updateVariety(key, name, body, me);
  }
}
