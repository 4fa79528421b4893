import { SchedulingModule } from '../scheduling/scheduling.module.js';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module.js';
import { ZonesModule } from '../zones/zones.module.js';
import { Device } from './device.entity.js';
import { DeviceDirectory } from './device-directory.js';
import { DeviceEventLog } from './device-event-log.js';
import { DevicesController } from './devices.controller.js';
import { DevicesRepository } from './devices.repository.js';
import { DevicesSeed } from './devices.seed.js';
import { DevicesService } from './devices.service.js';
import { PendingDevice } from './pending-device.entity.js';
import { BrokerAccountsService } from './dynsec/broker-accounts.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([Device, PendingDevice]), ZonesModule, AuditModule, SchedulingModule],
  controllers: [DevicesController],
  providers: [
    BrokerAccountsService,
    DeviceDirectory,
    DeviceEventLog,
    DevicesRepository,
    DevicesService,
    DevicesSeed,
  ],
  exports: [BrokerAccountsService, DeviceDirectory, DevicesRepository, DevicesService],
})
export class DevicesModule {}
