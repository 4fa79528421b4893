import { Global, Module, type DynamicModule } from '@nestjs/common';
import type { AppConfig } from '#config';
import type { RuntimeServices } from '../runtime/runtime-services.js';
import { DomainEvents } from './domain-events.js';
import { APP_CONFIG, CLOCK, RUNTIME_SERVICES } from './tokens.js';

/** What every module may inject: the configuration, the clock, the runtime services, the events. */
@Global()
@Module({})
export class CoreModule {
  static forRoot(config: AppConfig, services: RuntimeServices): DynamicModule {
    return {
      module: CoreModule,
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: CLOCK, useValue: services.clock },
        { provide: RUNTIME_SERVICES, useValue: services },
        DomainEvents,
      ],
      exports: [APP_CONFIG, CLOCK, RUNTIME_SERVICES, DomainEvents],
    };
  }
}
