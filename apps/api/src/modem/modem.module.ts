import { Module } from '@nestjs/common';
import { SchedulingModule } from '../scheduling/scheduling.module.js';
import { ModemController } from './modem.controller.js';
import { SmsGateway } from './sms-gateway.service.js';

/** The 4G modem: SMS and calls for alarms when the internet is down (issue: alarm ladder). */
@Module({
  imports: [SchedulingModule],
  controllers: [ModemController],
  providers: [SmsGateway],
  exports: [SmsGateway],
})
export class ModemModule {}
