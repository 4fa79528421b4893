import { Global, Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { TypeOrmModule } from '@nestjs/typeorm';
import { UsersModule } from '../users/users.module.js';
import { AccessGuard } from './access.guard.js';
import { AuthController } from './auth.controller.js';
import { AuthRepository } from './auth.repository.js';
import { AuthService } from './auth.service.js';
import { LoginFailure } from './login-failure.entity.js';
import { RefreshToken } from './refresh-token.entity.js';
import { TokenService } from './token.service.js';

@Global()
@Module({})
export class AuthModule {
  static forRoot(jwtSecret: string): DynamicModule {
    return {
      module: AuthModule,
      imports: [
        TypeOrmModule.forFeature([RefreshToken, LoginFailure]),
        JwtModule.register({ secret: jwtSecret }),
        UsersModule,
      ],
      controllers: [AuthController],
      providers: [AuthRepository, AuthService, TokenService, { provide: APP_GUARD, useClass: AccessGuard }],
      exports: [TokenService, AuthRepository],
    };
  }
}
