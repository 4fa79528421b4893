import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CropOverride } from './crop-override.entity.js';
import { CropsController } from './crops.controller.js';
import { CropsRepository } from './crops.repository.js';
import { CropsService } from './crops.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([CropOverride])],
  controllers: [CropsController],
  providers: [CropsRepository, CropsService],
  exports: [CropsService],
})
export class CropsModule {}
