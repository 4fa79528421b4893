import type { IsoDateTime, Role } from './common.js';

/** A user as the api shows them (never the password hash). */
export interface PublicUser {
  id: string;
  phone: string;
  name: string;
  role: Role;
  village: string | null;
  disabled: boolean;
  locale: string;
  /** Logged in with a one-time password: the page asks for a new one before anything else. */
  mustChangePassword: boolean;
  createdAt: IsoDateTime;
}

export interface LoginRequest {
  phone: string;
  password: string;
}

export interface RefreshRequest {
  refreshToken: string;
}

/** `POST /api/auth/login` and `/refresh`. */
export interface SessionResponse {
  accessToken: string;
  refreshToken: string;
  /** Seconds the access token lives. */
  expiresIn: number;
  user: PublicUser;
}
