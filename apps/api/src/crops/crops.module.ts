import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Crop } from './crop.entity.js';
import { Variety } from './variety.entity.js';
import { CropsController } from './crops.controller.js';
import { CropsRepository } from './crops.repository.js';
import { CropsService } from './crops.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([Crop, Variety])],
  controllers: [CropsController],
  providers: [CropsRepository, CropsService],
  exports: [CropsService],
})
export class CropsModule {}
