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
 * Hourly buckets for $1 (devices), $2 (metric), [$3, $4): from readings_1h for the hours that
 * ended more than a few minutes ago, and summed from readings_1m for the recent ones, because
 * the 1-hour rollup follows the 1-minute one on a timer (TelemetryRepository.rollUpHours, every
 * ROLLUP_HOURS_INTERVAL_MS in telemetry.jobs.ts) and may not hold the last seconds yet.
 */
const HOURS = `
  SELECT device_id, bucket, min, max, sum, count FROM readings_1h
   WHERE device_id = ANY($1::uuid[]) AND metric = $2 AND bucket >= $3 AND bucket < $4
     AND bucket < date_trunc('hour', now() - interval '5 minutes', 'UTC')
  UNION ALL
  SELECT device_id, bucket, min, max, sum, count FROM (
    SELECT device_id, date_trunc('hour', bucket, 'UTC') AS bucket, min(min) AS min, max(max) AS max,
           sum(sum) AS sum, sum(count)::int AS count
      FROM readings_1m
     WHERE device_id = ANY($1::uuid[]) AND metric = $2
       AND bucket >= date_trunc('hour', now() - interval '5 minutes', 'UTC')
       AND bucket >= date_trunc('hour', $3::timestamptz, 'UTC')
       AND bucket < date_trunc('hour', $4::timestamptz, 'UTC') + interval '1 hour'
     GROUP BY 1, 2) recent
   WHERE bucket >= $3 AND bucket < $4`;

/** History and latest values: SQL on the partitioned readings, the rollups and latest_readings. */
@Injectable()
export class ReadingsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async latest(deviceIds: readonly string[]): Promise<LatestRow[]> {
    if (deviceIds.length === 0) return [];
    return this.dataSource.query(
      `SELECT device_id AS "deviceId", metric, ts, value, received_at AS "receivedAt"
         FROM latest_readings WHERE device_id = ANY($1::uuid[]) ORDER BY metric`,
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
      sql = `SELECT device_id AS "deviceId", ts, value FROM readings
              WHERE device_id = ANY($1::uuid[]) AND metric = $2 AND ts >= $3 AND ts < $4 ORDER BY device_id, ts`;
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
