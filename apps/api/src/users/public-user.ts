import type { PublicUser } from '#contracts';
import type { User } from './user.entity.js';

/** What the api says about a user (never the password hash): the REST contract's shape. */
export type { PublicUser };

export function toPublicUser(user: User): PublicUser {
  return {
    id: user.id,
    phone: user.phone,
    name: user.name,
    role: user.role,
    village: user.village,
    disabled: user.disabled,
    locale: user.locale,
    mustChangePassword: user.mustChangePassword,
    createdAt: user.createdAt.toISOString(),
  };
}
