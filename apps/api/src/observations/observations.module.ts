import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module.js';
import { Observation } from './observation.entity.js';
import { ObservationsController } from './observations.controller.js';
import { ObservationsRepository } from './observations.repository.js';
import { ObservationsService } from './observations.service.js';
import { Photo } from './photo.entity.js';

@Module({
  imports: [TypeOrmModule.forFeature([Observation, Photo]), AuditModule],
  controllers: [ObservationsController],
  providers: [ObservationsRepository, ObservationsService],
})
export class ObservationsModule {}
