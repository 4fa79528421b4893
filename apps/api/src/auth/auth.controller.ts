import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { LoginDto, RefreshDto } from './auth.dto.js';
import { AuthService } from './auth.service.js';
import { Public } from './roles.decorator.js';
import type { SessionResponse } from '#contracts';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('login')
  @Public()
  @HttpCode(200)
  login(@Body() body: LoginDto, @Req() request: Request): Promise<SessionResponse> {
    return this.auth.login(body.phone, body.password, request.ip ?? 'unknown');
  }

  @Post('refresh')
  @Public()
  @HttpCode(200)
  refresh(@Body() body: RefreshDto): Promise<SessionResponse> {
    return this.auth.refresh(body.refreshToken);
  }

  @Post('logout')
  @Public()
  @HttpCode(204)
  async logout(@Body() body: RefreshDto): Promise<void> {
    await this.auth.logout(body.refreshToken);
  }
}
