import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Alarm } from '../alarms/alarm.entity.js';
import { DutyRosterEntry } from '../alarms/duty-roster.entity.js';
import { HeartbeatService } from './heartbeat.service.js';
import { SystemController } from './system.controller.js';
import { SystemEvent } from './system-event.entity.js';
import { SystemFaults } from './system-faults.service.js';
import { SystemEventsRepository } from './system-events.repository.js';
import { SystemEventsService } from './system-events.service.js';

/**
 * The system itself: its faults (the system_events table and the database-free fault channel) and
 * how phones and devices on the office LAN reach it.
 */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([SystemEvent, Alarm, DutyRosterEntry])],
  controllers: [SystemController],
  providers: [SystemEventsRepository, SystemEventsService, SystemFaults, HeartbeatService],
  exports: [SystemEventsService, SystemFaults],
})
export class SystemModule {}
