import { Module } from '@nestjs/common';
import { TickService } from './tick.service.js';

/** The one tick every timed job hangs on (alarms, commands, schedules, notifications). */
@Module({
  providers: [TickService],
  exports: [TickService],
})
export class SchedulingModule {}
