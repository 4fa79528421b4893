import { SetMetadata, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import type { Role } from '../users/user.entity.js';
import type { AuthUser } from './auth-user.js';

export const ROLES_KEY = 'yumiao:roles';
export const PUBLIC_KEY = 'yumiao:public';

/** Every route states who may call it; a route with neither @Roles nor @Public is refused. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);
export const Public = () => SetMetadata(PUBLIC_KEY, true);

export const BEFORE_OWN_PASSWORD_KEY = 'yumiao:before-own-password';
/**
 * A route a person logged in with a one-time password may call: reading and updating their own
 * profile, which is how they set their own password. Every other route answers 403
 * PASSWORD_CHANGE_REQUIRED until then.
 */
export const BeforeOwnPassword = () => SetMetadata(BEFORE_OWN_PASSWORD_KEY, true);

export const CurrentUser = createParamDecorator((_data: unknown, context: ExecutionContext): AuthUser => {
  const request = context.switchToHttp().getRequest<Request & { user?: AuthUser }>();
  if (!request.user) throw new Error('CurrentUser used on a route without authentication');
  return request.user;
});
