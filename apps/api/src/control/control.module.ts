import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SchedulingModule } from '../scheduling/scheduling.module.js';
import { ThresholdsModule } from '../thresholds/thresholds.module.js';
import { WindowModule } from '../window/window.module.js';
import { ZonesModule } from '../zones/zones.module.js';
import { CommandPublisher } from './command-publisher.js';
import { Command } from './command.entity.js';
import { CommandsService } from './commands.service.js';
import { ControlController } from './control.controller.js';
import { ControlRepository } from './control.repository.js';
import { ControlSeed } from './control.seed.js';
import { Schedule } from './schedule.entity.js';
import { SchedulesService } from './schedules.service.js';
import { SirenDriver } from './siren-driver.js';

@Module({
  imports: [
    TypeOrmModule.forFeature([Command, Schedule]),
    ZonesModule,
    ThresholdsModule,
    WindowModule,
    SchedulingModule,
  ],
  controllers: [ControlController],
  providers: [
    ControlRepository,
    CommandPublisher,
    CommandsService,
    SchedulesService,
    ControlSeed,
    SirenDriver,
  ],
  exports: [CommandsService],
})
export class ControlModule {}
