import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../auth/roles.decorator.js';
import { BrokerStatus } from './broker-status.js';
import { DatabaseStatus } from './database-status.service.js';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly database: DatabaseStatus,
    private readonly broker: BrokerStatus,
  ) {}

  /** Liveness: the process answers, whatever else is down (a restart would not help). */
  @Get()
  @Public()
  live() {
    return { status: 'ok' };
  }

  /**
   * Readiness: 200 when the database and the broker are reachable, else 503 with `reason` in one
   * line (the same text pages get in the `system.status` event).
   */
  @Get('ready')
  @Public()
  async ready(@Res({ passthrough: true }) response: Response) {
    const [, broker] = await Promise.all([this.database.probe(), this.broker.reachable().catch(() => false)]);
    const database = this.database.status();
    const ok = database.ready && broker;
    response.status(ok ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE);
    const reasons = [database.reason, broker ? null : 'MQTT broker unreachable'].filter(
      (reason): reason is string => reason !== null,
    );
    const draining = this.broker.draining;
    return {
      status: ok ? 'ok' : 'unavailable',
      database: database.database,
      broker: broker ? 'ok' : 'unreachable',
      // Ready meanwhile: the api's own consumers ingest while an unused session is emptied.
      ...(draining === undefined ? {} : { drainingSession: draining }),
      ...(ok ? {} : { reason: reasons.join('; '), since: database.since }),
    };
  }
}
