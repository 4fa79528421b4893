import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, MoreThan, Repository } from 'typeorm';
import { LoginFailure } from './login-failure.entity.js';
import { RefreshToken } from './refresh-token.entity.js';

@Injectable()
export class AuthRepository {
  constructor(
    @InjectRepository(RefreshToken) private readonly refreshTokens: Repository<RefreshToken>,
    @InjectRepository(LoginFailure) private readonly failures: Repository<LoginFailure>,
  ) {}

  async storeRefreshToken(userId: string, tokenHash: string, expiresAt: Date): Promise<void> {
    await this.refreshTokens.insert({ userId, tokenHash, expiresAt, revokedAt: null });
  }

  /** Revokes the token and returns its user when it was live: a refresh token works once. */
  async consumeRefreshToken(tokenHash: string, now: Date): Promise<string | undefined> {
    // One statement, so two concurrent refreshes with the same token cannot both succeed.
    // TypeORM answers an UPDATE ... RETURNING on PostgreSQL as [rows, affected].
    const [rows]: [{ user_id: string }[], number] = await this.refreshTokens.query(
      `UPDATE refresh_tokens SET revoked_at = $2
        WHERE token_hash = $1 AND revoked_at IS NULL AND expires_at > $2
        RETURNING user_id`,
      [tokenHash, now],
    );
    return rows[0]?.user_id;
  }

  async revokeRefreshToken(tokenHash: string, now: Date): Promise<void> {
    await this.refreshTokens.update({ tokenHash, revokedAt: IsNull() }, { revokedAt: now });
  }

  async revokeAllForUser(userId: string, now: Date): Promise<void> {
    await this.refreshTokens.update({ userId, revokedAt: IsNull() }, { revokedAt: now });
  }

  async recordFailure(phone: string, address: string, at: Date): Promise<void> {
    await this.failures.insert({ phone, address, at });
  }

  /** Failures since `since`, oldest first (the oldest decides when the wait ends). */
  async failuresForPhone(phone: string, since: Date): Promise<Date[]> {
    const rows = await this.failures.find({
      where: { phone, at: MoreThan(since) },
      order: { at: 'ASC' },
      select: { at: true },
    });
    return rows.map((row) => row.at);
  }

  async failuresForAddress(address: string, since: Date): Promise<Date[]> {
    const rows = await this.failures.find({
      where: { address, at: MoreThan(since) },
      order: { at: 'ASC' },
      select: { at: true },
    });
    return rows.map((row) => row.at);
  }
}
