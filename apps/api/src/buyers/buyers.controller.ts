import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../auth/auth-user.js';
import { CurrentUser, Roles } from '../auth/roles.decorator.js';
import { CreateBuyerDto, ListBuyersQuery, UpdateBuyerDto } from './buyers.dto.js';
import { BuyersService } from './buyers.service.js';
import type { BuyerResponse } from '#contracts';
import { toWire } from '../common/wire.js';

@ApiTags('buyers')
@ApiBearerAuth()
@Controller('buyers')
export class BuyersController {
  constructor(private readonly buyers: BuyersService) {}

  @Get('me')
  @Roles('buyer')
  async me(@CurrentUser() me: AuthUser): Promise<BuyerResponse> {
    return toWire(await this.buyers.forUser(me));
  }

  @Get()
  @Roles('manager')
  async list(@Query() query: ListBuyersQuery): Promise<BuyerResponse[]> {
    return toWire(await this.buyers.list(query.village));
  }

  @Post()
  @Roles('manager')
  async create(@Body() body: CreateBuyerDto, @CurrentUser() me: AuthUser): Promise<BuyerResponse> {
    return toWire(await this.buyers.create(body, me));
  }

  @Get(':id')
  @Roles('manager')
  async get(@Param('id', ParseUUIDPipe) id: string): Promise<BuyerResponse> {
    return toWire(await this.buyers.get(id));
  }

  @Patch(':id')
  @Roles('manager')
  async update(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: UpdateBuyerDto,
    @CurrentUser() me: AuthUser,
  ): Promise<BuyerResponse> {
    return toWire(await this.buyers.update(id, body, me));
  }
}
