import type { Role } from '../users/user.entity.js';

/** The caller of a request, from a verified access token. */
export interface AuthUser {
  readonly id: string;
  readonly role: Role;
  readonly name: string;
  readonly phone: string;
  /**
   * Logged in with a one-time password (a new account's or a reset's) not yet replaced: only the
   * routes marked {@link BeforeOwnPassword} answer (the person's own profile and password).
   */
  readonly mustChangePassword?: boolean;
}

export interface AccessTokenClaims {
  sub: string;
  role: Role;
  name: string;
  phone: string;
  /** Present (true) only while the password is a one-time one. */
  pwc?: true;
}
