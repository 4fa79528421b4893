import type { PublicUser } from './auth.js';
import type { IsoDateTime, Role } from './common.js';

export interface UsersQuery {
  role?: Role;
}

export interface CreateUserRequest {
  phone: string;
  name: string;
  role: Role;
  village?: string;
  /** Generated and answered once when absent. */
  password?: string;
}

export interface CreatedUserResponse {
  user: PublicUser;
  /** Shown once; null in a replayed answer (the same request id). */
  password?: string | null;
}

export interface UpdateUserRequest {
  name?: string;
  village?: string;
  role?: Role;
  disabled?: boolean;
}

export interface UpdateProfileRequest {
  name?: string;
  village?: string;
  locale?: string;
  currentPassword?: string;
  newPassword?: string;
}

export interface PasswordResponse {
  /** Shown once; null in a replayed answer (the same request id): reset again. */
  password: string | null;
}

export type BuyerKind = 'party_secretary' | 'cooperative' | 'large_grower' | 'household';

/** Who orders seedlings; `userId` when they have an account (many have not). */
export interface BuyerResponse {
  id: string;
  name: string;
  village: string;
  phone: string | null;
  kind: BuyerKind;
  userId: string | null;
  createdAt: IsoDateTime;
}

export interface BuyersQuery {
  village?: string;
}

export interface CreateBuyerRequest {
  name: string;
  village: string;
  phone?: string;
  kind: BuyerKind;
  userId?: string;
}

export interface UpdateBuyerRequest {
  name?: string;
  village?: string;
  phone?: string;
  kind?: BuyerKind;
  userId?: string;
}
