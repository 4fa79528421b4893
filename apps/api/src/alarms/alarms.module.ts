import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SchedulingModule } from '../scheduling/scheduling.module.js';
import { ZonesModule } from '../zones/zones.module.js';
import { AlarmEngine } from './alarm-engine.service.js';
import { AlarmNotifier } from './alarm-notifier.service.js';
import { AlarmSetting } from './alarm-setting.entity.js';
import { Alarm } from './alarm.entity.js';
import { AlarmsController } from './alarms.controller.js';
import { AlarmsRepository } from './alarms.repository.js';
import { AlarmsService } from './alarms.service.js';
import { DutyRosterEntry } from './duty-roster.entity.js';
import { AlarmNotification } from './notification.entity.js';

@Module({
  imports: [
    TypeOrmModule.forFeature([Alarm, AlarmSetting, DutyRosterEntry, AlarmNotification]),
    ZonesModule,
    SchedulingModule,
  ],
  controllers: [AlarmsController],
  providers: [AlarmsRepository, AlarmsService, AlarmEngine, AlarmNotifier],
  exports: [AlarmsService, AlarmEngine],
})
export class AlarmsModule {}
