import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

/** Facts about the database itself for the diagnostics zip: its version and the schema's. */
@Injectable()
export class DatabaseFactsReadModel {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async versions(): Promise<{ server: string; lastMigration: string | null }> {
    const [server] = await this.dataSource.query<{ version: string }[]>('SELECT version() AS version');
    const [migration] = await this.dataSource.query<{ name: string }[]>(
      'SELECT name FROM migrations ORDER BY timestamp DESC LIMIT 1',
    );
    return { server: server?.version ?? 'unknown', lastMigration: migration?.name ?? null };
  }
}
