import type { Role } from '../users/user.entity.js';

/** The caller of a request, from a verified access token. */
export interface AuthUser {
  readonly id: string;
  readonly role: Role;
  readonly name: string;
  readonly phone: string;
}

export interface AccessTokenClaims {
  sub: string;
  role: Role;
  name: string;
  phone: string;
}
