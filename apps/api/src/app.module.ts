import { BackupModule } from './backup/backup.module.js';
import { Module, type DynamicModule } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import type { AppConfig } from '#config';
import { AlarmsModule } from './alarms/alarms.module.js';
import { AuditModule } from './audit/audit.module.js';
import { AuthModule } from './auth/auth.module.js';
import { BatchesModule } from './batches/batches.module.js';
import { BuyersModule } from './buyers/buyers.module.js';
import { CoreModule } from './common/core.module.js';
import { ControlModule } from './control/control.module.js';
import { CropsModule } from './crops/crops.module.js';
import { DatabaseModule } from './database/database.module.js';
import { DiskModule } from './disk/disk.module.js';
import { HealthModule } from './health/health.module.js';
import { IdempotencyModule } from './idempotency/idempotency.module.js';
import { LiveModule } from './live/live.module.js';
import { ObservabilityModule } from './observability/observability.module.js';
import { ObservationsModule } from './observations/observations.module.js';
import { OrdersModule } from './orders/orders.module.js';
import { ReportsModule } from './reports/reports.module.js';
import type { RuntimeServices } from './runtime/runtime-services.js';
import { SeedModule } from './seed/seed.module.js';
import { SettingsModule } from './settings/settings.module.js';
import { SiteStatusModule } from './site-status/site-status.module.js';
import { SystemModule } from './system/system.module.js';
import { TelemetryModule } from './telemetry/telemetry.module.js';
import { UsersModule } from './users/users.module.js';
import { ZonesModule } from './zones/zones.module.js';

/** The composition root: feature modules, configuration, database and schedules. No logic. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig, services: RuntimeServices, jwtSecret: string): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.forRoot(config, services),
        DatabaseModule.forRoot(services.databaseUrl),
        ScheduleModule.forRoot(),
        ObservabilityModule,
        SettingsModule,
        SystemModule,
        AuditModule,
        IdempotencyModule,
        AuthModule.forRoot(jwtSecret),
        UsersModule,
        ZonesModule,
        SeedModule,
        CropsModule,
        BuyersModule,
        BatchesModule,
        ObservationsModule,
        OrdersModule,
        ReportsModule,
        HealthModule,
        AlarmsModule,
        ControlModule,
        TelemetryModule,
        LiveModule,
        BackupModule,
        SiteStatusModule,
        DiskModule,
      ],
    };
  }
}
