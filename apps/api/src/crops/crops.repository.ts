import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { CropOverride } from './crop-override.entity.js';

@Injectable()
export class CropsRepository {
  constructor(@InjectRepository(CropOverride) private readonly overrides: Repository<CropOverride>) {}

  async allOverrides(): Promise<Map<string, Record<string, unknown>>> {
    const rows = await this.overrides.find();
    return new Map(rows.map((row) => [row.key, row.overrides]));
  }

  async saveOverrides(key: string, overrides: Record<string, unknown>): Promise<void> {
    await this.overrides.upsert({ key, overrides: overrides as CropOverride['overrides'] & object }, ['key']);
  }
}
