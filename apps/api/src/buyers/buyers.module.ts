import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { UsersModule } from '../users/users.module.js';
import { Buyer } from './buyer.entity.js';
import { BuyersController } from './buyers.controller.js';
import { BuyersRepository } from './buyers.repository.js';
import { BuyersService } from './buyers.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([Buyer]), UsersModule],
  controllers: [BuyersController],
  providers: [BuyersRepository, BuyersService],
  exports: [BuyersRepository, BuyersService],
})
export class BuyersModule {}
