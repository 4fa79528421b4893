import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { Setting } from './setting.entity.js';

@Injectable()
export class SettingsRepository {
  constructor(@InjectRepository(Setting) private readonly settings: Repository<Setting>) {}

  async get<T>(key: string, fallback: T): Promise<T> {
    const row = await this.settings.findOneBy({ key });
    return row ? (row.value as T) : fallback;
  }

  async set(key: string, value: unknown): Promise<void> {
    await this.settings.upsert({ key, value: value as object }, ['key']);
  }

  /** Sets the key only if absent; true when this call set it (first one wins across processes). */
  async claim(key: string, value: unknown): Promise<boolean> {
    const rows: unknown[] = await this.settings.query(
      'INSERT INTO settings (key, value, updated_at) VALUES ($1, $2, now()) ON CONFLICT (key) DO NOTHING RETURNING key',
      [key, JSON.stringify(value)],
    );
    return rows.length > 0;
  }

  async remove(key: string): Promise<void> {
    await this.settings.delete({ key });
  }
}
