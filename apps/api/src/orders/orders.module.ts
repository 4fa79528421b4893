import { Module } from '@nestjs/common';
import { BatchesModule } from '../batches/batches.module.js';
import { BuyersModule } from '../buyers/buyers.module.js';
import { CropsModule } from '../crops/crops.module.js';
import { UsersModule } from '../users/users.module.js';
import { ZonesModule } from '../zones/zones.module.js';
import { DepositLapseSchedule } from './deposit-lapse.schedule.js';
import { MatchingModule } from './matching.module.js';
import { OrderExtrasController, OrdersController } from './orders.controller.js';
import { OrdersRepository } from './orders.repository.js';
import { OrdersSeed } from './orders.seed.js';
import { OrdersService } from './orders.service.js';

@Module({
  imports: [MatchingModule, BatchesModule, BuyersModule, CropsModule, UsersModule, ZonesModule],
  controllers: [OrdersController, OrderExtrasController],
  providers: [OrdersRepository, OrdersService, DepositLapseSchedule, OrdersSeed],
  exports: [OrdersService],
})
export class OrdersModule {}
