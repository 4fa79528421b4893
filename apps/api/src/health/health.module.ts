import { Global, Module } from '@nestjs/common';
import { BrokerStatus } from './broker-status.js';
import { HealthController } from './health.controller.js';

@Global()
@Module({ controllers: [HealthController], providers: [BrokerStatus], exports: [BrokerStatus] })
export class HealthModule {}
