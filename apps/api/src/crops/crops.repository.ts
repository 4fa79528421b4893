import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import type { CropProfile, EmptyHouse, VarietyRecord } from '#agronomy';
import { Crop } from './crop.entity.js';
import { Variety } from './variety.entity.js';

/** The catalogue's two tables. */
@Injectable()
export class CropsRepository {
  constructor(
    @InjectRepository(Crop) private readonly crops: Repository<Crop>,
    @InjectRepository(Variety) private readonly varieties: Repository<Variety>,
  ) {}

  /** Every crop in list order, as a profile. */
  async allCrops(): Promise<CropProfile[]> {
    const rows = await this.crops.find({ order: { position: 'ASC', key: 'ASC' } });
    return rows.map((row) => ({ ...row.profile, key: row.key }));
  }

  async allVarieties(): Promise<VarietyRecord[]> {
    const rows = await this.varieties.find({ order: { crop: 'ASC', createdAt: 'ASC', name: 'ASC' } });
    return rows.map((row) => ({
      crop: row.crop,
      name: row.name,
      nameEn: row.nameEn,
      overrides: row.overrides,
    }));
  }

  /** Inserts a crop after the last one; false when the key is taken. */
  async insertCrop(profile: CropProfile): Promise<boolean> {
    const { key, ...rest } = profile;
    const rows: unknown[] = await this.crops.query(
      `INSERT INTO crops (key, position, profile)
       VALUES ($1, (SELECT coalesce(max(position), -1) + 1 FROM crops), $2)
       ON CONFLICT (key) DO NOTHING RETURNING key`,
      [key, JSON.stringify(rest)],
    );
    return rows.length > 0;
  }

  async saveCrop(profile: CropProfile): Promise<void> {
    const { key, ...rest } = profile;
    await this.crops.update({ key }, { profile: rest });
  }

  /** Inserts a variety; false when the crop already has one of that name. */
  async insertVariety(variety: VarietyRecord): Promise<boolean> {
    const rows: unknown[] = await this.varieties.query(
      `INSERT INTO varieties (crop, name, name_en, overrides) VALUES ($1, $2, $3, $4)
       ON CONFLICT (crop, name) DO NOTHING RETURNING name`,
      [variety.crop, variety.name, variety.nameEn, JSON.stringify(variety.overrides)],
    );
    return rows.length > 0;
  }

  async saveVariety(variety: VarietyRecord): Promise<void> {
    await this.varieties.query(
      'UPDATE varieties SET name_en = $3, overrides = $4, updated_at = now() WHERE crop = $1 AND name = $2',
      [variety.crop, variety.name, variety.nameEn, JSON.stringify(variety.overrides)],
    );
  }

  /** The crop and stage an empty house is held to (the `empty-house` setting), if set. */
  async emptyHouse(): Promise<EmptyHouse | undefined> {
    const rows: { value: EmptyHouse }[] = await this.crops.query(
      "SELECT value FROM settings WHERE key = 'empty-house'",
    );
    return rows[0]?.value;
  }

  async saveEmptyHouse(value: EmptyHouse): Promise<void> {
    await this.crops.query(
      `INSERT INTO settings (key, value, updated_at) VALUES ('empty-house', $1, now())
       ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`,
      [JSON.stringify(value)],
    );
  }

  /** The crop keys a batch, an order line or an alarm setting names: their keys can no longer change. */
  async keysInUse(): Promise<Set<string>> {
    const rows: { crop: string }[] = await this.crops.query(
      'SELECT DISTINCT crop FROM batches UNION SELECT DISTINCT crop FROM order_lines',
    );
    return new Set(rows.map((row) => row.crop));
  }
}
