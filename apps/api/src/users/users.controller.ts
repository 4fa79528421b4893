import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../auth/auth-user.js';
import { BeforeOwnPassword, CurrentUser, Roles } from '../auth/roles.decorator.js';
import { CreateUserDto, ListUsersQuery, UpdateProfileDto, UpdateUserDto } from './users.dto.js';
import { UsersService } from './users.service.js';
import type { CreatedUserResponse, PasswordResponse, PublicUser } from '#contracts';

@ApiTags('users')
@ApiBearerAuth()
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get('me')
  @Roles('manager', 'technician', 'buyer', 'adviser')
  @BeforeOwnPassword()
  me(@CurrentUser() me: AuthUser): Promise<PublicUser> {
    return this.users.get(me.id);
  }

  @Patch('me')
  @Roles('manager', 'technician', 'buyer', 'adviser')
  @BeforeOwnPassword()
  updateMe(@CurrentUser() me: AuthUser, @Body() body: UpdateProfileDto): Promise<PublicUser> {
    return this.users.updateProfile(me, body);
  }

  @Get()
  @Roles('manager')
  list(@Query() query: ListUsersQuery): Promise<PublicUser[]> {
    return this.users.list(query.role);
  }

  @Post()
  @Roles('manager')
  create(@Body() body: CreateUserDto, @CurrentUser() me: AuthUser): Promise<CreatedUserResponse> {
    return this.users.create(body, me);
  }

  @Get(':id')
  @Roles('manager')
  get(@Param('id', ParseUUIDPipe) id: string): Promise<PublicUser> {
    return this.users.get(id);
  }

  @Patch(':id')
  @Roles('manager')
  update(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: UpdateUserDto,
    @CurrentUser() me: AuthUser,
  ): Promise<PublicUser> {
    return this.users.update(id, body, me);
  }

  @Post(':id/disable')
  @Roles('manager')
  @HttpCode(200)
  disable(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() me: AuthUser): Promise<PublicUser> {
    return this.users.update(id, { disabled: true }, me);
  }

  @Post(':id/reset-password')
  @Roles('manager')
  @HttpCode(200)
  resetPassword(
    @Param('id', ParseUUIDPipe) id: string,
    @CurrentUser() me: AuthUser,
  ): Promise<PasswordResponse> {
    return this.users.resetPassword(id, me);
  }
}
