import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

export interface SeriesKey {
  readonly deviceId: string;
  readonly metric: string;
}

/**
 * The id of each series (device and metric) in `reading_series`, which raw readings and the ingest
 * journal store instead of the device uuid and metric text (migration 1795919000000). Ids are
 * created on first sight and never change or go away, so they are cached for the process's life.
 */
@Injectable()
export class ReadingSeriesRepository {
  private readonly ids = new Map<string, Map<string, number>>();

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * The series id of each key, in order; creates the series not seen before. Those are committed
   * on their own, ahead of the batch that needs them: a series without readings is harmless.
   */
  async idsFor(keys: readonly SeriesKey[]): Promise<Int32Array> {
    const out = new Int32Array(keys.length);
    const missing: SeriesKey[] = [];
    for (let i = 0; i < keys.length; i++) {
      const id = this.ids.get(keys[i].deviceId)?.get(keys[i].metric);
      if (id === undefined) missing.push(keys[i]);
      else out[i] = id;
    }
    if (missing.length === 0) return out;
    await this.load(missing);
    for (let i = 0; i < keys.length; i++) {
      if (out[i] !== 0) continue;
      const id = this.ids.get(keys[i].deviceId)?.get(keys[i].metric);
      if (id === undefined) throw new Error(`no series for ${keys[i].deviceId} ${keys[i].metric}`);
      out[i] = id;
    }
    return out;
  }

  /**
   * Reads the ids of series that exist, then inserts the rest (so a restart does not spend a
   * sequence value per known series). A series another api inserts at the same moment is skipped
   * by this insert and invisible to its snapshot: the loop reads again.
   */
  private async load(keys: readonly SeriesKey[]): Promise<void> {
    let left = keys;
    for (let attempt = 0; left.length > 0 && attempt < 3; attempt++) {
      this.learn(
        left,
        await this.dataSource.query<SeriesRow[]>(
          `SELECT s.id, s.device_id, s.metric FROM reading_series s
             JOIN unnest($1::uuid[], $2::text[]) AS u(device_id, metric) USING (device_id, metric)`,
          [left.map((k) => k.deviceId), left.map((k) => k.metric)],
        ),
      );
      left = left.filter((k) => this.ids.get(k.deviceId)?.get(k.metric) === undefined);
      if (left.length === 0) return;
      this.learn(
        left,
        await this.dataSource.query<SeriesRow[]>(
          `INSERT INTO reading_series (device_id, metric)
           SELECT DISTINCT device_id, metric FROM unnest($1::uuid[], $2::text[]) AS u(device_id, metric) ORDER BY 1, 2
           ON CONFLICT (device_id, metric) DO NOTHING
           RETURNING id, device_id, metric`,
          [left.map((k) => k.deviceId), left.map((k) => k.metric)],
        ),
      );
      left = left.filter((k) => this.ids.get(k.deviceId)?.get(k.metric) === undefined);
    }
  }

  /** Caches ids under the callers' spelling of the device id (PostgreSQL answers in lower case). */
  private learn(keys: readonly SeriesKey[], rows: readonly SeriesRow[]): void {
    const found = new Map(rows.map((row) => [`${row.device_id}/${row.metric}`, row.id]));
    for (const key of keys) {
      const id = found.get(`${key.deviceId.toLowerCase()}/${key.metric}`);
      if (id === undefined) continue;
      let metrics = this.ids.get(key.deviceId);
      if (!metrics) this.ids.set(key.deviceId, (metrics = new Map<string, number>()));
      metrics.set(key.metric, id);
    }
  }
}

interface SeriesRow {
  readonly id: number;
  readonly device_id: string;
  readonly metric: string;
}
