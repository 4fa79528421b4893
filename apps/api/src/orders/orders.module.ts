import { Module } from '@nestjs/common';
import { BatchesModule } from '../batches/batches.module.js';
import { BuyersModule } from '../buyers/buyers.module.js';
import { CropsModule } from '../crops/crops.module.js';
import { UsersModule } from '../users/users.module.js';
import { PassportModule } from '../passport/passport.module.js';
import { SchedulingModule } from '../scheduling/scheduling.module.js';
import { ZonesModule } from '../zones/zones.module.js';
import { DepositLapseSchedule } from './deposit-lapse.schedule.js';
import { MatchingModule } from '../matching/matching.module.js';
import { OrderExtrasController, OrdersController } from './orders.controller.js';
import { OrdersRepository } from './orders.repository.js';
import { OrderCatalogueService } from './order-catalogue.service.js';
import { OrdersSeed } from './orders.seed.js';
import { OrderDeliveriesService } from './order-deliveries.service.js';
import { OrderPaymentsService } from './order-payments.service.js';
import { OrderQueriesService } from './order-queries.service.js';
import { OrdersService } from './orders.service.js';

@Module({
  imports: [
    SchedulingModule,
    MatchingModule,
    BatchesModule,
    BuyersModule,
    CropsModule,
    UsersModule,
    ZonesModule,
    PassportModule,
  ],
  controllers: [OrdersController, OrderExtrasController],
  providers: [
    OrdersRepository,
    OrderQueriesService,
    OrdersService,
    OrderPaymentsService,
    OrderDeliveriesService,
    OrderCatalogueService,
    DepositLapseSchedule,
    OrdersSeed,
  ],
  exports: [OrdersService],
})
export class OrdersModule {}
