import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import type { AppConfig } from '#config';
import type { Clock } from '#contracts';
import { DomainError } from '../common/domain-error.js';
import { APP_CONFIG, CLOCK } from '../common/tokens.js';
import type { AccessTokenClaims, AuthUser } from './auth-user.js';

/** Short-lived JWT access tokens and opaque refresh tokens (stored hashed). */
@Injectable()
export class TokenService {
  constructor(
    private readonly jwt: JwtService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  signAccessToken(user: AuthUser): { token: string; expiresIn: number } {
    const claims: AccessTokenClaims = {
      sub: user.id,
      role: user.role,
      name: user.name,
      phone: user.phone,
      ...(user.mustChangePassword ? { pwc: true as const } : {}),
    };
    const expiresIn = this.config.accessTokenTtlSeconds;
    return { token: this.jwt.sign(claims, { expiresIn }), expiresIn };
  }

  /** Throws 401 TOKEN_INVALID for anything but a valid, unexpired access token. */
  verifyAccessToken(token: string): AuthUser {
    try {
      const claims = this.jwt.verify<AccessTokenClaims & { exp: number }>(token);
      return {
        id: claims.sub,
        role: claims.role,
        name: claims.name,
        phone: claims.phone,
        ...(claims.pwc === true ? { mustChangePassword: true } : {}),
      };
    } catch {
      throw new DomainError('TOKEN_INVALID', 'The access token is invalid or expired', 401);
    }
  }

  newRefreshToken(): { token: string; hash: string; expiresAt: Date } {
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(this.clock.now() + this.config.refreshTokenTtlDays * 86_400_000);
    return { token, hash: hashRefreshToken(token), expiresAt };
  }
}

export function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
