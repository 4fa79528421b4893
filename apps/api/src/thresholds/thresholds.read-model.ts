import { FINAL_BATCH_STAGES } from '#contracts';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { type LocationEvent, batchLocations } from '../batches/batch-entries.js';
import { benchSensorsOf } from '../zones/bench-sensors.js';
import { germinationRoomOf } from '../zones/germination-room.js';
import type { HouseBatch, HouseRow, ThresholdSetting } from './house-limits.js';

/**
 * What the thresholds in force are computed from, read with SQL across the rooms that own it: the
 * houses (zones), the batches in them still holding seedlings (batches, allocations, and where they
 * stand from their events), and the
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

  /**
   * The batches still holding seedlings at each place they stand (or only those standing in one
   * house), where they stand derived from their created, sow and move events.
   */
  async batchesInHouses(zone?: string): Promise<HouseBatch[]> {
    const rows: {
      id: string;
      code: string;
      crop: string;
      cultivar: string | null;
      stage: string;
      zone: string;
      benches: string | null;
      trays: number;
      ready_from: string | null;
      sow_date: string | null;
      allocated: boolean;
      events: LocationEvent[] | null;
    }[] = await this.dataSource.query(
      `SELECT b.id, b.code, b.crop, b.cultivar, b.stage, b.zone, b.benches, b.trays,
              b.ready_from::text AS ready_from, b.sow_date::text AS sow_date,
              EXISTS (SELECT 1 FROM allocations a WHERE a.batch_id = b.id) AS allocated,
              (SELECT json_agg(json_build_object('kind', e.kind, 'details', e.details, 'at', e.at)
                               ORDER BY e.id)
                 FROM batch_events e
                WHERE e.batch_id = b.id AND e.kind IN ('created', 'sow', 'move')) AS events
         FROM batches b
        WHERE b.stage <> ALL($1::text[])`,
      [['planned', ...FINAL_BATCH_STAGES]],
    );
    const sensorOf = await benchSensorsOf(this.dataSource);
    const germinationRoom = await germinationRoomOf(this.dataSource);
    const result: HouseBatch[] = [];
    for (const row of rows) {
      const places = batchLocations(
        { zone: row.zone, benches: row.benches, trays: row.trays },
        row.events ?? [],
        { germinationRoom },
      );
      for (const place of places) {
        if (zone !== undefined && place.zone !== zone) continue;
        result.push({
          id: row.id,
          code: row.code,
          crop: row.crop,
          variety: row.cultivar,
          stage: row.stage,
          zone: place.zone,
          homeZone: row.zone,
          trays: place.trays,
          benches: place.benches,
          moistureSensors: probesOf(sensorOf, place.zone, place.benches),
          readyFrom: row.ready_from,
          sowDate: row.sow_date,
          allocated: row.allocated,
        });
      }
    }
    return result;
  }

  settings(): Promise<ThresholdSetting[]> {
    return this.dataSource.query(
      'SELECT zone, stage, thresholds, rules FROM alarm_settings ORDER BY zone ASC, stage ASC',
    );
  }
}

/**
 * The probes measuring the benches a batch's trays stand on. The benches are the place's text: the
 * names of bench records joined by commas (the move form writes them so); a typed-in range such
 * as "A1-A4" names no record and leaves the house-wide rule.
 */
export function probesOf(
  sensorOf: ReadonlyMap<string, string>,
  zone: string,
  benches: string | null,
): string[] {
  if (benches === null) return [];
  const probes = benches
    .split(/\s*[,，、]\s*/)
    .map((name) => sensorOf.get(`${zone}/${name.trim()}`))
    .filter((probe): probe is string => probe !== undefined);
  return [...new Set(probes)].sort();
}
