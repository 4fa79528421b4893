import { FINAL_BATCH_STAGES } from '#contracts';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { HouseBatch, HouseRow, ThresholdSetting } from './house-limits.js';

/**
 * What the thresholds in force are computed from, read with SQL across the rooms that own it: the
 * houses (zones), the batches in them still holding seedlings (batches, allocations), and the
 * threshold and timing overrides a manager set (alarm_settings). A read model: it never writes.
 */
@Injectable()
export class ThresholdsReadModel {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async houses(code?: string): Promise<HouseRow[]> {
    const rows: { site: string; code: string; kind: string; has_heating: boolean }[] =
      await this.dataSource.query(
        'SELECT site, code, kind, has_heating FROM zones WHERE ($1::text IS NULL OR code = $1) ORDER BY sort_order, code',
        [code ?? null],
      );
    return rows.map((row) => ({
      site: row.site,
      code: row.code,
      kind: row.kind,
      hasHeating: row.has_heating,
    }));
  }

  /** The batches in a house (or in every house) still holding seedlings. */
  async batchesInHouses(zone?: string): Promise<HouseBatch[]> {
    const rows: {
      id: string;
      code: string;
      crop: string;
      cultivar: string | null;
      stage: string;
      zone: string;
      ready_from: string | null;
      sow_date: string | null;
      allocated: boolean;
    }[] = await this.dataSource.query(
      `SELECT b.id, b.code, b.crop, b.cultivar, b.stage, b.zone, b.ready_from::text AS ready_from,
              b.sow_date::text AS sow_date,
              EXISTS (SELECT 1 FROM allocations a WHERE a.batch_id = b.id) AS allocated
         FROM batches b
        WHERE b.stage <> ALL($2::text[]) AND ($1::text IS NULL OR b.zone = $1)`,
      [zone ?? null, ['planned', ...FINAL_BATCH_STAGES]],
    );
    return rows.map((row) => ({
      id: row.id,
      code: row.code,
      crop: row.crop,
      variety: row.cultivar,
      stage: row.stage,
      zone: row.zone,
      readyFrom: row.ready_from,
      sowDate: row.sow_date,
      allocated: row.allocated,
    }));
  }

  settings(): Promise<ThresholdSetting[]> {
    return this.dataSource.query(
      'SELECT zone, stage, thresholds, rules FROM alarm_settings ORDER BY zone ASC, stage ASC',
    );
  }
}
