import { Inject, Injectable, Logger } from '@nestjs/common';
import type { AppConfig } from '#config';
import { hashPassword } from '../auth/password-hasher.js';
import { APP_CONFIG } from '../common/tokens.js';
import { UsersRepository } from '../users/users.repository.js';

/** ADMIN_PHONE / ADMIN_PASSWORD: the first manager, in any mode (created once, never overwritten). */
@Injectable()
export class AdminAccount {
  private readonly logger = new Logger('seed');

  constructor(
    private readonly users: UsersRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async ensure(): Promise<void> {
    const admin = this.config.admin;
    if (!admin || (await this.users.findByPhone(admin.phone))) return;
    await this.users.create({
      phone: admin.phone,
      name: '管理员',
      role: 'manager',
      passwordHash: await hashPassword(admin.password),
    });
    this.logger.log(`created manager account ${admin.phone} from ADMIN_PHONE`);
  }
}
