import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ModemModule } from '../modem/modem.module.js';
import { SchedulingModule } from '../scheduling/scheduling.module.js';
import { ThresholdsModule } from '../thresholds/thresholds.module.js';
import { WindowModule } from '../window/window.module.js';
import { ZonesModule } from '../zones/zones.module.js';
import { AlarmEngine } from './alarm-engine.service.js';
import { AlarmSiren } from './alarm-siren.js';
import { AlarmNotifier } from './alarm-notifier.service.js';
import { AlarmTransitions } from './alarm-transitions.service.js';
import { AlarmSetting } from './alarm-setting.entity.js';
import { Alarm } from './alarm.entity.js';
import { AlarmsController } from './alarms.controller.js';
import { AlarmsRepository } from './alarms.repository.js';
import { AlarmsService } from './alarms.service.js';
import { DutyRosterEntry } from './duty-roster.entity.js';
import { DowntimeReport } from './downtime-report.js';
import { MorningReport } from './morning-report.js';
import { ReadingGapsReadModel } from './reading-gaps.read-model.js';
import { NotificationOutbox } from './notification-outbox.service.js';
import { AlarmNotification } from './notification.entity.js';
import { SmsAcknowledgement } from './sms-acknowledgement.service.js';

@Module({
  imports: [
    TypeOrmModule.forFeature([Alarm, AlarmSetting, DutyRosterEntry, AlarmNotification]),
    ZonesModule,
    ThresholdsModule,
    WindowModule,
    SchedulingModule,
    ModemModule,
  ],
  controllers: [AlarmsController],
  providers: [
    AlarmsRepository,
    AlarmsService,
    AlarmEngine,
    AlarmTransitions,
    AlarmNotifier,
    AlarmSiren,
    NotificationOutbox,
    MorningReport,
    DowntimeReport,
    ReadingGapsReadModel,
    SmsAcknowledgement,
  ],
  exports: [AlarmsService, AlarmEngine, AlarmSiren],
})
export class AlarmsModule {}
