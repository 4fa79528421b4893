import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { Step } from './readings-math.js';

export interface SeriesPoint {
  readonly deviceId: string;
  readonly ts: Date;
  readonly value: number;
  readonly min?: number;
  readonly max?: number;
  readonly count?: number;
}

export interface LatestRow {
  readonly deviceId: string;
  readonly metric: string;
  readonly ts: Date;
  readonly value: number;
  readonly receivedAt: Date;
}

/**
 * Hourly buckets for $1 (devices), $2 (metric), [$3, $4). The fold writes the 1-hour rollup in the
 * same transaction as the 1-minute one (TelemetryRepository.foldJournal), so it is as current.
 */
const HOURS = `
  SELECT device_id, bucket, min, max, sum, count FROM readings_1h
   WHERE device_id = ANY($1::uuid[]) AND metric = $2 AND bucket >= $3 AND bucket < $4`;

/** History and latest values: SQL on the partitioned readings, the rollups and latest_readings. */
@Injectable()
export class ReadingsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async latest(deviceIds: readonly string[]): Promise<LatestRow[]> {
    if (deviceIds.length === 0) return [];
    // latest_readings plus the journal rows not folded into it yet (about the last second): one
    // snapshot sees every committed sample in exactly one of them, so a page loaded right after a
    // reading was acknowledged already shows it.
    return this.dataSource.query(
      `SELECT * FROM (
         SELECT DISTINCT ON (device_id, metric)
                device_id AS "deviceId", metric, ts, value, received_at AS "receivedAt"
           FROM (SELECT device_id, metric, ts, value, received_at
                   FROM latest_readings WHERE device_id = ANY($1::uuid[])
                 UNION ALL
                 SELECT s.device_id, s.metric, u.ts, u.value, j.received_at
                   FROM readings_journal j,
                        unnest(j.series_ids, j.ts, j.vals) AS u(series_id, ts, value)
                   JOIN reading_series s ON s.id = u.series_id
                  WHERE s.device_id = ANY($1::uuid[])) recent
          ORDER BY device_id, metric, ts DESC) newest
        ORDER BY metric`,
      [deviceIds],
    );
  }

  async series(
    deviceIds: readonly string[],
    metric: string,
    from: Date,
    to: Date,
    step: Step,
  ): Promise<SeriesPoint[]> {
    if (deviceIds.length === 0) return [];
    const params: unknown[] = [deviceIds, metric, from.toISOString(), to.toISOString()];
    let sql: string;
    if (step === 'raw') {
      sql = `SELECT s.device_id AS "deviceId", r.ts, r.value
               FROM reading_series s JOIN readings r ON r.series_id = s.id
              WHERE s.device_id = ANY($1::uuid[]) AND s.metric = $2 AND r.ts >= $3 AND r.ts < $4
              ORDER BY s.device_id, r.ts`;
    } else if (step === '1m') {
      sql = `SELECT device_id AS "deviceId", bucket AS ts, sum / count AS value, min, max, count
               FROM readings_1m
              WHERE device_id = ANY($1::uuid[]) AND metric = $2 AND bucket >= $3 AND bucket < $4
              ORDER BY device_id, bucket`;
    } else if (step === '1h') {
      sql = `SELECT device_id AS "deviceId", bucket AS ts, sum / count AS value, min, max, count
               FROM (${HOURS}) h ORDER BY device_id, bucket`;
    } else {
      params.push(step.bucketS);
      sql = `SELECT device_id AS "deviceId",
                    to_timestamp(floor(extract(epoch FROM bucket) / $5) * $5) AS ts,
                    sum(sum) / sum(count) AS value, min(min) AS min, max(max) AS max, sum(count)::int AS count
               FROM (${HOURS}) h
              GROUP BY 1, 2 ORDER BY 1, 2`;
    }
    return this.dataSource.query(sql, params);
  }
}
