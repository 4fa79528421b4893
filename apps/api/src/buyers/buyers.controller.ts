import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../auth/auth-user.js';
import { CurrentUser, Roles } from '../auth/roles.decorator.js';
import { CreateBuyerDto, ListBuyersQuery, UpdateBuyerDto } from './buyers.dto.js';
import { BuyersService } from './buyers.service.js';

@ApiTags('buyers')
@ApiBearerAuth()
@Controller('buyers')
export class BuyersController {
  constructor(private readonly buyers: BuyersService) {}

  @Get('me')
  @Roles('buyer')
  me(@CurrentUser() me: AuthUser) {
    return this.buyers.forUser(me);
  }

  @Get()
  @Roles('manager')
  list(@Query() query: ListBuyersQuery) {
    return this.buyers.list(query.village);
  }

  @Post()
  @Roles('manager')
  create(@Body() body: CreateBuyerDto, @CurrentUser() me: AuthUser) {
    return this.buyers.create(body, me);
  }

  @Get(':id')
  @Roles('manager')
  get(@Param('id', ParseUUIDPipe) id: string) {
    return this.buyers.get(id);
  }

  @Patch(':id')
  @Roles('manager')
  update(@Param('id', ParseUUIDPipe) id: string, @Body() body: UpdateBuyerDto, @CurrentUser() me: AuthUser) {
    return this.buyers.update(id, body, me);
  }
}
