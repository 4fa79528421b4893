import { Global, Module } from '@nestjs/common';
import { BrokerStatus } from './broker-status.js';
import { DatabaseStatus } from './database-status.service.js';
import { HealthController } from './health.controller.js';

@Global()
@Module({
  controllers: [HealthController],
  providers: [BrokerStatus, DatabaseStatus],
  exports: [BrokerStatus, DatabaseStatus],
})
export class HealthModule {}
