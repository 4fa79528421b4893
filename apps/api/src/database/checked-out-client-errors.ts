import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import type pg from 'pg';
import { DataSource } from 'typeorm';

const LISTENING = Symbol('yumiao.checked-out-error-listener');

/**
 * pg-pool listens for a client's 'error' only while the client is idle: it takes its listener off
 * when it hands the client out, and TypeORM adds none. A client held between queries (a runner
 * kept for a transaction or a COPY) whose server dies — PostgreSQL killed, "terminating connection
 * due to unexpected postmaster exit" — then emits an unlistened 'error', and Node ends the api: no
 * supervisor restarts the database, the page shows 连接中断 instead of 服务器恢复中 (seen in CI's
 * connection-recovery journey). Each client gets a listener of its own when first handed out; the
 * next query on it fails as it should, and the pool drops it on release.
 */
export function listenToCheckedOutClients(dataSource: DataSource, onError: (error: Error) => void): void {
  const pool = (dataSource.driver as unknown as { master?: pg.Pool }).master;
  pool?.on('acquire', (client) => {
    const marked = client as pg.PoolClient & { [LISTENING]?: true };
    if (marked[LISTENING]) return;
    marked[LISTENING] = true;
    client.on('error', onError);
  });
}

@Injectable()
export class CheckedOutClientErrors implements OnModuleInit {
  private readonly logger = new Logger('database');

  constructor(private readonly dataSource: DataSource) {}

  onModuleInit(): void {
    listenToCheckedOutClients(this.dataSource, (error) =>
      this.logger.warn(`a connection in use lost its server: ${error.message}`),
    );
  }
}
