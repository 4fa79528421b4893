import { Global, Module } from '@nestjs/common';
import { UsersModule } from '../users/users.module.js';
import { ZonesModule } from '../zones/zones.module.js';
import { AdminAccount } from './admin-account.js';
import { FoundationSeed } from './foundation.seed.js';
import { SeedRegistry } from './seed-registry.js';

/** Global so every feature module can register its demo data with the SeedRegistry. */
@Global()
@Module({
  imports: [UsersModule, ZonesModule],
  providers: [SeedRegistry, FoundationSeed, AdminAccount],
  exports: [SeedRegistry, AdminAccount],
})
export class SeedModule {}
