import { Global, Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CheckedOutClientErrors } from './checked-out-client-errors.js';
import { dataSourceOptions } from './data-source.js';

/** The one TypeORM connection; migrations run at boot (app.factory.ts), never `synchronize`. */
@Global()
@Module({})
export class DatabaseModule {
  static forRoot(databaseUrl: string): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [TypeOrmModule.forRoot({ ...dataSourceOptions(databaseUrl), migrationsRun: true })],
      providers: [CheckedOutClientErrors],
    };
  }
}
