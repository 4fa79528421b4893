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
import {
  CorrectionDto,
  CountEventDto,
  CreateBatchDto,
  GraftBatchDto,
  SowBatchDto,
  ListBatchesQuery,
  MoveBatchDto,
  StageEventDto,
  UpdateBatchDto,
} from './batches.dto.js';
import { BatchRecordsService } from './batch-records.service.js';
import { BatchesService } from './batches.service.js';
import type { BatchCountResponse, BatchDetailResponse, BatchEntryResponse, BatchResponse } from '#contracts';
import { toWire } from '../common/wire.js';

@ApiTags('batches')
@ApiBearerAuth()
@Controller('batches')
export class BatchesController {
  constructor(
    private readonly batches: BatchesService,
    private readonly records: BatchRecordsService,
  ) {}

  @Get()
  @Roles('manager', 'technician', 'buyer', 'adviser')
  async list(@Query() query: ListBatchesQuery, @CurrentUser() me: AuthUser): Promise<BatchResponse[]> {
    return toWire(await this.batches.list(query, me));
  }

  @Get(':id')
  @Roles('manager', 'technician', 'buyer', 'adviser')
  async get(
    @Param('id', ParseUUIDPipe) id: string,
    @CurrentUser() me: AuthUser,
  ): Promise<BatchDetailResponse> {
    return toWire(await this.batches.get(id, me));
  }

  @Post()
  @Roles('manager', 'technician')
  async create(@Body() body: CreateBatchDto, @CurrentUser() me: AuthUser): Promise<BatchDetailResponse> {
    return toWire(await this.batches.create(body, me));
  }

  @Patch(':id')
  @Roles('manager', 'technician')
  async update(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: UpdateBatchDto,
    @CurrentUser() me: AuthUser,
  ): Promise<BatchDetailResponse> {
    return toWire(await this.batches.update(id, body, me));
  }

  @Delete(':id')
  @HttpCode(204)
  @Roles('manager', 'technician')
  async remove(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() me: AuthUser) {
    await this.batches.remove(id, me);
  }

  @Post(':id/stages')
  @Roles('manager', 'technician')
  async stage(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: StageEventDto,
    @CurrentUser() me: AuthUser,
  ): Promise<BatchEntryResponse> {
    return toWire(await this.batches.stage(id, body, me));
  }

  @Post(':id/counts')
  @Roles('manager', 'technician')
  async count(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: CountEventDto,
    @CurrentUser() me: AuthUser,
  ): Promise<BatchCountResponse> {
    return toWire(await this.records.count(id, body, me));
  }

  @Post(':id/moves')
  @Roles('manager', 'technician')
  async move(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: MoveBatchDto,
    @CurrentUser() me: AuthUser,
  ): Promise<BatchEntryResponse> {
    return toWire(await this.records.move(id, body, me));
  }

  @Post(':id/sow')
  @Roles('manager', 'technician')
  async sow(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: SowBatchDto,
    @CurrentUser() me: AuthUser,
  ): Promise<BatchEntryResponse> {
    return toWire(await this.records.sow(id, body, me));
  }

  @Post(':id/graft')
  @Roles('manager', 'technician')
  async graft(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: GraftBatchDto,
    @CurrentUser() me: AuthUser,
  ): Promise<BatchEntryResponse> {
    return toWire(await this.records.graft(id, body, me));
  }

  @Post(':id/corrections')
  @Roles('manager', 'technician')
  async correct(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: CorrectionDto,
    @CurrentUser() me: AuthUser,
  ): Promise<BatchEntryResponse> {
    return toWire(await this.records.correct(id, body, me));
  }
}
