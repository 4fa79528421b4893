import { Inject, Module, type OnModuleInit } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SchedulingModule } from '../scheduling/scheduling.module.js';
import { TickService } from '../scheduling/tick.service.js';
import { IdempotencyController } from './idempotency.controller.js';
import { IdempotencyInterceptor } from './idempotency.interceptor.js';
import { IdempotencyRepository } from './idempotency.repository.js';
import { RequestRecord } from './request-record.entity.js';

/** Kept a week: far longer than any retry, short enough that the table stays small. */
const KEEP_MS = 7 * 86_400_000;
const PRUNE_EVERY_MS = 3_600_000;

/** Request ids on writes: a repeated write is answered with its first result (issue 18 item 6). */
@Module({
  imports: [TypeOrmModule.forFeature([RequestRecord]), SchedulingModule],
  controllers: [IdempotencyController],
  providers: [IdempotencyRepository, { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor }],
})
export class IdempotencyModule implements OnModuleInit {
  private lastPrune = 0;

  constructor(
    @Inject(TickService) private readonly tick: TickService,
    private readonly records: IdempotencyRepository,
  ) {}

  onModuleInit(): void {
    this.tick.register('request-records', async (now) => {
      if (now - this.lastPrune < PRUNE_EVERY_MS) return;
      this.lastPrune = now;
      await this.records.deleteOlderThan(new Date(now - KEEP_MS));
    });
  }
}
