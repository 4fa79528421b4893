import { Inject, Injectable } from '@nestjs/common';
import type { Clock } from '#contracts';
import { AuditRepository } from '../audit/audit.repository.js';
import { AuthRepository } from '../auth/auth.repository.js';
import type { AuthUser } from '../auth/auth-user.js';
import { generatePassword, hashPassword, verifyPassword } from '../auth/password-hasher.js';
import { DomainError } from '../common/domain-error.js';
import { CLOCK } from '../common/tokens.js';
import { toPublicUser, type PublicUser } from './public-user.js';
import type { CreateUserDto, UpdateProfileDto, UpdateUserDto } from './users.dto.js';
import type { Role } from './user.entity.js';
import { UsersRepository } from './users.repository.js';

@Injectable()
export class UsersService {
  constructor(
    private readonly users: UsersRepository,
    private readonly auth: AuthRepository,
    private readonly audit: AuditRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async list(role?: Role): Promise<PublicUser[]> {
    return (await this.users.list({ role })).map(toPublicUser);
  }

  async get(id: string): Promise<PublicUser> {
    const user = await this.users.findById(id);
    if (!user) throw DomainError.notFound('USER_NOT_FOUND', 'User not found');
    return toPublicUser(user);
  }

  /** Answers the password once when the server generated it. */
  async create(input: CreateUserDto, by: AuthUser): Promise<{ user: PublicUser; password?: string }> {
    if (await this.users.findByPhone(input.phone)) {
      throw DomainError.conflict('PHONE_TAKEN', `Phone ${input.phone} already has an account`, {
        phone: input.phone,
      });
    }
    const password = input.password ?? generatePassword();
    const user = await this.users.create({
      phone: input.phone,
      name: input.name,
      role: input.role,
      village: input.village ?? null,
      passwordHash: await hashPassword(password),
      // The manager saw (or typed) it: the person sets their own at first login.
      mustChangePassword: true,
    });
    await this.audit.appendUserAction(
      by,
      'user.created',
      user.id,
      { phone: user.phone, role: user.role },
      new Date(this.clock.now()),
    );
    return { user: toPublicUser(user), ...(input.password === undefined ? { password } : {}) };
  }

  async update(id: string, changes: UpdateUserDto, by: AuthUser): Promise<PublicUser> {
    if (id === by.id && (changes.disabled === true || (changes.role && changes.role !== by.role))) {
      throw DomainError.conflict(
        'SELF_LOCKOUT',
        'Managers cannot disable themselves or change their own role',
      );
    }
    const user = await this.users.update(id, changes);
    if (!user) throw DomainError.notFound('USER_NOT_FOUND', 'User not found');
    if (changes.disabled) await this.auth.revokeAllForUser(id, new Date(this.clock.now()));
    await this.audit.appendUserAction(by, 'user.updated', id, { ...changes }, new Date(this.clock.now()));
    return toPublicUser(user);
  }

  async resetPassword(id: string, by: AuthUser): Promise<{ password: string }> {
    const password = generatePassword();
    const user = await this.users.update(id, {
      passwordHash: await hashPassword(password),
      mustChangePassword: true,
    });
    if (!user) throw DomainError.notFound('USER_NOT_FOUND', 'User not found');
    await this.auth.revokeAllForUser(id, new Date(this.clock.now()));
    await this.audit.appendUserAction(by, 'user.password_reset', id, {}, new Date(this.clock.now()));
    return { password };
  }

  async updateProfile(me: AuthUser, changes: UpdateProfileDto): Promise<PublicUser> {
    const { currentPassword, newPassword, ...profile } = changes;
    const patch: Parameters<UsersRepository['update']>[1] = { ...profile };
    if (newPassword !== undefined) {
      const user = await this.users.findById(me.id);
      if (
        !user ||
        currentPassword === undefined ||
        !(await verifyPassword(currentPassword, user.passwordHash))
      ) {
        throw DomainError.invalid('WRONG_PASSWORD', 'currentPassword is wrong');
      }
      if (newPassword === currentPassword)
        throw DomainError.invalid('PASSWORD_UNCHANGED', 'newPassword is the current password');
      patch.passwordHash = await hashPassword(newPassword);
      patch.mustChangePassword = false;
    }
    const updated = await this.users.update(me.id, patch);
    if (!updated) throw DomainError.notFound('USER_NOT_FOUND', 'User not found');
    return toPublicUser(updated);
  }
}
