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
  CountEventDto,
  CreateBatchDto,
  ListBatchesQuery,
  MoveBatchDto,
  StageEventDto,
  UpdateBatchDto,
} from './batches.dto.js';
import { BatchesService } from './batches.service.js';

@ApiTags('batches')
@ApiBearerAuth()
@Controller('batches')
export class BatchesController {
  constructor(private readonly batches: BatchesService) {}

  @Get()
  @Roles('manager', 'technician', 'buyer')
  list(@Query() query: ListBatchesQuery, @CurrentUser() me: AuthUser) {
    return this.batches.list(query, me);
  }

  @Get(':id')
  @Roles('manager', 'technician', 'buyer')
  get(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() me: AuthUser) {
    return this.batches.get(id, me);
  }

  @Post()
  @Roles('manager', 'technician')
  create(@Body() body: CreateBatchDto, @CurrentUser() me: AuthUser) {
    return this.batches.create(body, me);
  }

  @Patch(':id')
  @Roles('manager', 'technician')
  update(@Param('id', ParseUUIDPipe) id: string, @Body() body: UpdateBatchDto, @CurrentUser() me: AuthUser) {
    return this.batches.update(id, body, me);
  }

  @Delete(':id')
  @HttpCode(204)
  @Roles('manager', 'technician')
  async remove(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() me: AuthUser) {
    await this.batches.remove(id, me);
  }

  @Post(':id/stages')
  @Roles('manager', 'technician')
  stage(@Param('id', ParseUUIDPipe) id: string, @Body() body: StageEventDto, @CurrentUser() me: AuthUser) {
    return this.batches.stage(id, body, me);
  }

  @Post(':id/counts')
  @Roles('manager', 'technician')
  count(@Param('id', ParseUUIDPipe) id: string, @Body() body: CountEventDto, @CurrentUser() me: AuthUser) {
    return this.batches.count(id, body, me);
  }

  @Post(':id/moves')
  @Roles('manager', 'technician')
  move(@Param('id', ParseUUIDPipe) id: string, @Body() body: MoveBatchDto, @CurrentUser() me: AuthUser) {
    return this.batches.move(id, body, me);
  }
}
