import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Bench } from './bench.entity.js';
import { BenchesController } from './benches.controller.js';
import { BenchesRepository } from './benches.repository.js';
import { BenchesService } from './benches.service.js';
import { Zone } from './zone.entity.js';
import { ZonesController } from './zones.controller.js';
import { ZonesRepository } from './zones.repository.js';
import { ZonesService } from './zones.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([Zone, Bench])],
  controllers: [ZonesController, BenchesController],
  providers: [ZonesRepository, ZonesService, BenchesRepository, BenchesService],
  exports: [ZonesRepository, ZonesService, BenchesService],
})
export class ZonesModule {}
