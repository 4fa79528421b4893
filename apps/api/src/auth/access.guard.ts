import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { DomainError } from '../common/domain-error.js';
import type { Role } from '../users/user.entity.js';
import type { AuthUser } from './auth-user.js';
import { BEFORE_OWN_PASSWORD_KEY, PUBLIC_KEY, ROLES_KEY } from './roles.decorator.js';
import { TokenService } from './token.service.js';

/** The global guard: verifies the bearer token and the route's roles. */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (!roles) throw DomainError.forbidden('This route declares no roles');

    const request = context.switchToHttp().getRequest<Request & { user?: AuthUser }>();
    const header = request.headers.authorization;
    if (!header?.startsWith('Bearer ')) {
      throw new DomainError('UNAUTHORIZED', 'Log in first (missing bearer token)', 401);
    }
    const user = this.tokens.verifyAccessToken(header.slice('Bearer '.length));
    request.user = user;
    if (!roles.includes(user.role)) throw DomainError.forbidden(`Needs role ${roles.join(' or ')}`);
    // The manager has seen a one-time password: whoever holds it may only replace it.
    if (
      user.mustChangePassword &&
      !this.reflector.getAllAndOverride<boolean>(BEFORE_OWN_PASSWORD_KEY, targets)
    ) {
      throw new DomainError('PASSWORD_CHANGE_REQUIRED', 'Set your own password first', 403);
    }
    return true;
  }
}
