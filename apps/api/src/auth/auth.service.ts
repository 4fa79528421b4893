import { Inject, Injectable } from '@nestjs/common';
import type { Clock } from '#contracts';
import { DomainError } from '../common/domain-error.js';
import { CLOCK } from '../common/tokens.js';
import { UsersRepository } from '../users/users.repository.js';
import { toPublicUser, type PublicUser } from '../users/public-user.js';
import type { User } from '../users/user.entity.js';
import { AuthRepository } from './auth.repository.js';
import {
  LOGIN_WINDOW_MS,
  MAX_FAILURES_PER_ADDRESS,
  MAX_FAILURES_PER_PHONE,
  retryAfterSeconds,
} from './login-throttle.js';
import { verifyPassword } from './password-hasher.js';
import { TokenService, hashRefreshToken } from './token.service.js';

export interface Session {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  user: PublicUser;
}

@Injectable()
export class AuthService {
  constructor(
    private readonly users: UsersRepository,
    private readonly auth: AuthRepository,
    private readonly tokens: TokenService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async login(phone: string, password: string, address: string): Promise<Session> {
    // Auth throttling runs on wall time: it protects real accounts, whatever a test clock says.
    const now = Date.now();
    const since = new Date(now - LOGIN_WINDOW_MS);
    const wait = Math.max(
      retryAfterSeconds(await this.auth.failuresForPhone(phone, since), MAX_FAILURES_PER_PHONE, now),
      retryAfterSeconds(await this.auth.failuresForAddress(address, since), MAX_FAILURES_PER_ADDRESS, now),
    );
    if (wait > 0) {
      throw new DomainError(
        'TOO_MANY_ATTEMPTS',
        `Too many failed logins: try again in ${wait} s`,
        429,
        { retryAfterSeconds: wait },
        {
          'Retry-After': String(wait),
        },
      );
    }
    const user = await this.users.findByPhone(phone);
    const valid = user !== null && (await verifyPassword(password, user.passwordHash));
    if (!user || !valid) {
      await this.auth.recordFailure(phone, address, new Date(now));
      throw new DomainError('INVALID_CREDENTIALS', 'Wrong phone number or password', 401);
    }
    if (user.disabled) throw new DomainError('ACCOUNT_DISABLED', 'This account is disabled', 403);
    return this.openSession(user);
  }

  async refresh(refreshToken: string): Promise<Session> {
    const userId = await this.auth.consumeRefreshToken(hashRefreshToken(refreshToken), new Date(Date.now()));
    const user = userId ? await this.users.findById(userId) : null;
    if (!user || user.disabled)
      throw new DomainError('TOKEN_INVALID', 'The refresh token is invalid or expired', 401);
    return this.openSession(user);
  }

  async logout(refreshToken: string): Promise<void> {
    await this.auth.revokeRefreshToken(hashRefreshToken(refreshToken), new Date(Date.now()));
  }

  private async openSession(user: User): Promise<Session> {
    const access = this.tokens.signAccessToken({
      id: user.id,
      role: user.role,
      name: user.name,
      phone: user.phone,
      mustChangePassword: user.mustChangePassword,
    });
    const refresh = this.tokens.newRefreshToken();
    await this.auth.storeRefreshToken(user.id, refresh.hash, refresh.expiresAt);
    return {
      accessToken: access.token,
      refreshToken: refresh.token,
      expiresIn: access.expiresIn,
      user: toPublicUser(user),
    };
  }
}
