import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { AppConfig } from '#config';
import { generatePassword, hashPassword } from '../auth/password-hasher.js';
import { APP_CONFIG } from '../common/tokens.js';
import { UsersRepository } from '../users/users.repository.js';
import { ZonesRepository } from '../zones/zones.repository.js';
import { DEMO_ACCOUNTS, DEMO_ZONES } from './demo-accounts.js';
import { SeedRegistry } from './seed-registry.js';

export const DEMO_ACCOUNTS_FILE = 'demo-accounts.json';

/** Seeds the demo site's zones and people, and writes their passwords to DATA_DIR once. */
@Injectable()
export class FoundationSeed implements OnModuleInit {
  constructor(
    private readonly registry: SeedRegistry,
    private readonly zones: ZonesRepository,
    private readonly users: UsersRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.registry.register({ name: 'foundation', order: 0, run: () => this.run() });
  }

  private async run(): Promise<void> {
    let sortOrder = 0;
    for (const zone of DEMO_ZONES) {
      await this.zones.ensure({
        site: this.config.siteCode,
        code: zone.code,
        kind: zone.kind,
        name: zone.name,
        nameEn: zone.nameEn,
        hasHeating: zone.heated,
        hasBoomIrrigation: zone.kind === 'greenhouse',
        hasBenchHeat: zone.kind === 'greenhouse',
        sortOrder: sortOrder++,
      });
    }
    const accounts = [];
    for (const account of DEMO_ACCOUNTS) {
      if (await this.users.findByPhone(account.phone)) continue;
      const password = generatePassword();
      await this.users.create({ ...account, passwordHash: await hashPassword(password) });
      accounts.push({ phone: account.phone, password, role: account.role, name: account.name });
    }
    // Readable by its owner only: it holds plain-text demo passwords.
    await writeFile(
      path.join(this.config.dataDir, DEMO_ACCOUNTS_FILE),
      `${JSON.stringify(accounts, null, 2)}\n`,
      { mode: 0o600 },
    );
  }
}
