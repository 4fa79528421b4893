import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

/** A device's longest stretch without a reading inside a period. */
export interface DeviceGap {
  /** `gh1/env-1`. */
  readonly device: string;
  readonly intervalMs: number;
  readonly from: Date;
  readonly to: Date;
}

/**
 * Answers which devices have no readings for part of a period (the server's outage), from the raw
 * readings: per enabled device registered before the server came back, its longest gap between the period's
 * edges and the readings inside it. Read model of the telemetry and device tables for the alarms'
 * outage notice (docs/architecture.md: a room reads another's tables through a named read model).
 */
@Injectable()
export class ReadingGapsReadModel {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async longestGaps(from: Date, to: Date): Promise<DeviceGap[]> {
    const rows: { zone: string; device: string; interval_s: number; gap_from: Date; gap_to: Date }[] =
      await this.dataSource.query(
        `WITH d AS (
           SELECT id, zone_code, device, interval_s FROM devices WHERE enabled AND created_at < $2
         ), points AS (
           SELECT DISTINCT s.device_id, r.ts
             FROM readings r JOIN reading_series s ON s.id = r.series_id
            WHERE r.ts > $1 AND r.ts < $2 AND s.device_id IN (SELECT id FROM d)
           UNION ALL SELECT id, $1::timestamptz FROM d
           UNION ALL SELECT id, $2::timestamptz FROM d
         ), gaps AS (
           SELECT device_id, lag(ts) OVER (PARTITION BY device_id ORDER BY ts) AS gap_from, ts AS gap_to
             FROM points
         )
         SELECT DISTINCT ON (g.device_id) d.zone_code AS zone, d.device, d.interval_s, g.gap_from, g.gap_to
           FROM gaps g JOIN d ON d.id = g.device_id
          WHERE g.gap_from IS NOT NULL
          ORDER BY g.device_id, g.gap_to - g.gap_from DESC`,
        [from, to],
      );
    return rows
      .map((row) => ({
        device: `${row.zone}/${row.device}`,
        intervalMs: row.interval_s * 1000,
        from: new Date(row.gap_from),
        to: new Date(row.gap_to),
      }))
      .sort((a, b) => a.device.localeCompare(b.device));
  }
}
