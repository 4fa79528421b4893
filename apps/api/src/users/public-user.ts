import type { Role, User } from './user.entity.js';

/** What the api says about a user: never the password hash. */
export interface PublicUser {
  id: string;
  phone: string;
  name: string;
  role: Role;
  village: string | null;
  disabled: boolean;
  locale: string;
  createdAt: string;
}

export function toPublicUser(user: User): PublicUser {
  return {
    id: user.id,
    phone: user.phone,
    name: user.name,
    role: user.role,
    village: user.village,
    disabled: user.disabled,
    locale: user.locale,
    createdAt: user.createdAt.toISOString(),
  };
}
