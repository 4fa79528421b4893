import type { DataSource } from 'typeorm';

/**
 * The id of each series (device and metric) in `reading_series`, which raw readings and the ingest
 * journal store instead of the device uuid and metric text (migration 1795919000000). Ids are
 * created on first sight and never change or go away, so they are cached for the process's life.
 */
export class ReadingSeriesDirectory {
  private readonly ids = new Map<string, Map<string, number>>();

  constructor(private readonly dataSource: DataSource) {}

  /** The series id of each (deviceId, metric), in order; creates the series not seen before. */
  async idsFor(keys: readonly { readonly deviceId: string; readonly metric: string }[]): Promise<Int32Array> {
    const out = new Int32Array(keys.length);
    const missing: { deviceId: string; metric: string }[] = [];
    for (let i = 0; i < keys.length; i++) {
      const id = this.ids.get(keys[i].deviceId)?.get(keys[i].metric);
      if (id === undefined) missing.push(keys[i]);
      else out[i] = id;
    }
    if (missing.length === 0) return out;
    await this.create(missing);
    for (let i = 0; i < keys.length; i++) {
      if (out[i] !== 0) continue;
      const id = this.ids.get(keys[i].deviceId)?.get(keys[i].metric);
      if (id === undefined) throw new Error(`no series for ${keys[i].deviceId} ${keys[i].metric}`);
      out[i] = id;
    }
    return out;
  }

  /**
   * Inserts the series (committed on its own: a series without readings is harmless) and learns
   * the ids of those that existed. A series another api inserts at the same moment is invisible to
   * this statement's snapshot and skipped by its insert: the loop asks again for what is left.
   */
  private async create(keys: readonly { deviceId: string; metric: string }[]): Promise<void> {
    let left = keys;
    for (let attempt = 0; left.length > 0 && attempt < 3; attempt++) {
      const rows = await this.dataSource.query<{ id: number; device_id: string; metric: string }[]>(
        `WITH wanted AS (
           SELECT DISTINCT device_id, metric FROM unnest($1::uuid[], $2::text[]) AS u(device_id, metric)
         ), added AS (
           INSERT INTO reading_series (device_id, metric) SELECT device_id, metric FROM wanted ORDER BY 1, 2
           ON CONFLICT (device_id, metric) DO NOTHING
           RETURNING id, device_id, metric
         )
         SELECT id, device_id, metric FROM added
         UNION ALL
         SELECT s.id, s.device_id, s.metric FROM reading_series s JOIN wanted USING (device_id, metric)`,
        [left.map((k) => k.deviceId), left.map((k) => k.metric)],
      );
      for (const row of rows) this.remember(row.device_id, row.metric, row.id);
      left = left.filter((k) => this.ids.get(k.deviceId)?.get(k.metric) === undefined);
    }
  }

  private remember(deviceId: string, metric: string, id: number): void {
    let metrics = this.ids.get(deviceId);
    if (!metrics) this.ids.set(deviceId, (metrics = new Map<string, number>()));
    metrics.set(metric, id);
  }
}
