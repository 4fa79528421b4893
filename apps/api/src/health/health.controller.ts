import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import type { DataSource } from 'typeorm';
import { Public } from '../auth/roles.decorator.js';
import { BrokerStatus } from './broker-status.js';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly broker: BrokerStatus,
  ) {}

  /** Liveness: the process answers. */
  @Get()
  @Public()
  live() {
    return { status: 'ok' };
  }

  /** Readiness: 200 when the database and the broker are reachable, else 503 naming which is not. */
  @Get('ready')
  @Public()
  async ready(@Res({ passthrough: true }) response: Response) {
    const [database, broker] = await Promise.all([
      this.databaseReachable(),
      this.broker.reachable().catch(() => false),
    ]);
    const ok = database && broker;
    response.status(ok ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE);
    return {
      status: ok ? 'ok' : 'unavailable',
      database: database ? 'ok' : 'unreachable',
      broker: broker ? 'ok' : 'unreachable',
    };
  }

  private async databaseReachable(): Promise<boolean> {
    try {
      await this.dataSource.query('SELECT 1');
      return true;
    } catch {
      return false;
    }
  }
}
