import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { RequestRecord } from './request-record.entity.js';

export interface RequestKey {
  userId: string;
  requestId: string;
}

@Injectable()
export class IdempotencyRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** True when this call created the record (the request is new); false when one was there. */
  async claim(key: RequestKey, method: string, path: string, at: Date): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `INSERT INTO request_records (user_id, request_id, method, path, state, created_at)
       VALUES ($1, $2, $3, $4, 'pending', $5)
       ON CONFLICT (user_id, request_id) DO NOTHING RETURNING request_id`,
      [key.userId, key.requestId, method, path.slice(0, 300), at],
    );
    return rows.length === 1;
  }

  find(key: RequestKey): Promise<RequestRecord | null> {
    return this.dataSource.getRepository(RequestRecord).findOneBy(key);
  }

  async complete(key: RequestKey, statusCode: number, body: unknown, at: Date): Promise<void> {
    await this.dataSource.query(
      `UPDATE request_records SET state = 'done', status_code = $3, body = $4::jsonb, completed_at = $5
       WHERE user_id = $1 AND request_id = $2`,
      [key.userId, key.requestId, statusCode, JSON.stringify(body ?? null), at],
    );
  }

  /** The work failed and committed nothing: forget the id so a retry runs it again. */
  async release(key: RequestKey): Promise<void> {
    await this.dataSource.getRepository(RequestRecord).delete(key);
  }

  async deleteOlderThan(cutoff: Date): Promise<void> {
    await this.dataSource.query(`DELETE FROM request_records WHERE created_at < $1`, [cutoff]);
  }
}
