// What a climate passport is computed from and where it is kept: the batch and its events, the
// stored readings of the sensors where it stood, the alarms raised there and what was done about
// them, and the climate_passports row itself.
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { PassportPiece } from '#contracts';
import type { LocationEvent } from '../batches/batch-entries.js';
import { benchSensorsOf } from '../zones/bench-sensors.js';
import { germinationRoomOf } from '../zones/germination-room.js';
import type { Sample } from './held-readings.js';

export interface PassportBatchRow {
  id: string;
  code: string;
  crop: string;
  cultivar: string | null;
  sowDate: string;
  stage: string;
  zone: string;
  benches: string | null;
  trays: number;
  events: (LocationEvent & { at: string })[];
}

/** One sensor's stored readings of one metric, with the device's reporting interval. */
export interface SeriesReadings {
  device: string;
  kind: string;
  metric: string;
  intervalS: number;
  samples: Sample[];
}

export interface ExcursionRow {
  id: string;
  rule: string;
  severity: string;
  raisedAt: Date;
  clearedAt: Date | null;
  acknowledgedBy: string | null;
  ackComment: string | null;
  observations: string[];
}

export interface StoredPassport {
  batchId: string;
  token: string | null;
  pieces: PassportPiece[];
  through: Date;
  storedAt: Date;
}

@Injectable()
export class PassportRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async batch(id: string): Promise<PassportBatchRow | null> {
    const rows: PassportBatchRow[] = await this.dataSource.query(
      `SELECT b.id, b.code, b.crop, b.cultivar, b.sow_date::text AS "sowDate", b.stage, b.zone, b.benches, b.trays,
              coalesce((SELECT json_agg(json_build_object('kind', e.kind, 'details', e.details, 'at', e.at)
                                        ORDER BY e.id)
                          FROM batch_events e
                         WHERE e.batch_id = b.id AND e.kind IN ('created', 'sow', 'move', 'stage', 'graft')), '[]') AS events
         FROM batches b WHERE b.id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }

  germinationRoom(): Promise<string | null> {
    return germinationRoomOf(this.dataSource);
  }

  benchSensors(): Promise<Map<string, string>> {
    return benchSensorsOf(this.dataSource);
  }

  /** Each zone's kind (greenhouse, germination, healing, outdoor) and names, by code. */
  async zones(): Promise<Map<string, { kind: string; name: string; nameEn: string | null }>> {
    const rows: { code: string; kind: string; name: string; name_en: string | null }[] =
      await this.dataSource.query('SELECT code, kind, name, name_en FROM zones');
    return new Map(rows.map((row) => [row.code, { kind: row.kind, name: row.name, nameEn: row.name_en }]));
  }

  /**
   * The stored readings of one zone's devices of `kinds`, for `metrics`, over [from, until), each
   * series oldest first. It reads back `holdIntervals` × the longest interval before `from`, so the
   * last reading before the window can hold into it. `devices` narrows it to the named devices (a
   * bench's own probes).
   */
  async readings(
    zone: string,
    kinds: readonly string[],
    metrics: readonly string[],
    from: Date,
    until: Date,
    holdIntervals: number,
    devices?: readonly string[],
  ): Promise<SeriesReadings[]> {
    const series: { id: number; device: string; kind: string; metric: string; interval_s: number }[] =
      await this.dataSource.query(
        `SELECT s.id, d.device, d.kind, s.metric, d.interval_s
           FROM reading_series s JOIN devices d ON d.id = s.device_id
          WHERE d.zone_code = $1 AND d.kind = ANY($2::text[]) AND s.metric = ANY($3::text[])
            AND ($4::text[] IS NULL OR d.device = ANY($4::text[]))
          ORDER BY d.device, s.metric`,
        [zone, kinds, metrics, devices ?? null],
      );
    if (series.length === 0) return [];
    // Arrays of numbers rather than one row per reading: a batch's stage is up to ~100,000 readings
    // per sensor, and one row each would cost more to move than to judge.
    const rows: { series_id: number; ts: number[]; value: number[] }[] = await this.dataSource.query(
      `SELECT series_id, array_agg((extract(epoch FROM ts) * 1000)::float8 ORDER BY ts) AS ts,
              array_agg(value ORDER BY ts) AS value
         FROM readings WHERE series_id = ANY($1::int[]) AND ts >= $2 AND ts < $3
        GROUP BY series_id`,
      [
        series.map((s) => s.id),
        new Date(from.getTime() - holdIntervals * 1000 * Math.max(...series.map((s) => s.interval_s))),
        until,
      ],
    );
    const byId = new Map(rows.map((row) => [row.series_id, row]));
    return series.map((s) => {
      const row = byId.get(s.id);
      return {
        device: s.device,
        kind: s.kind,
        metric: s.metric,
        intervalS: s.interval_s,
        samples: row ? row.ts.map((ts, i) => ({ ts: Number(ts), value: Number(row.value[i]) })) : [],
      };
    });
  }

  /** Alarms of `rules` raised in a zone and lasting into [from, until), with what was done about them. */
  async excursions(zone: string, rules: readonly string[], from: Date, until: Date): Promise<ExcursionRow[]> {
    return this.dataSource.query(
      `SELECT a.id, a.rule, a.severity, a.raised_at AS "raisedAt", a.cleared_at AS "clearedAt",
              a.acknowledged_by AS "acknowledgedBy", a.ack_comment AS "ackComment",
              coalesce((SELECT json_agg(o.text ORDER BY o.created_at) FROM observations o WHERE o.alarm_id = a.id),
                       '[]') AS observations
         FROM alarms a
        WHERE a.zone = $1 AND a.rule = ANY($2::text[]) AND a.raised_at IS NOT NULL
          AND a.raised_at < $4 AND (a.cleared_at IS NULL OR a.cleared_at > $3)
        ORDER BY a.raised_at`,
      [zone, rules, from, until],
    );
  }

  stored(batchId: string): Promise<StoredPassport | null> {
    return this.findOne('batch_id', batchId);
  }

  byToken(token: string): Promise<StoredPassport | null> {
    return this.findOne('token', token);
  }

  private async findOne(column: 'batch_id' | 'token', value: string): Promise<StoredPassport | null> {
    const rows: StoredPassport[] = await this.dataSource.query(
      `SELECT batch_id AS "batchId", token, pieces, through, stored_at AS "storedAt"
         FROM climate_passports WHERE ${column} = $1`,
      [value],
    );
    return rows[0] ?? null;
  }

  /** Keeps the figures (the token stays as it is; a new row has none). */
  async store(
    batchId: string,
    pieces: readonly PassportPiece[],
    through: Date,
    storedAt: Date,
  ): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO climate_passports (batch_id, pieces, through, stored_at) VALUES ($1, $2::jsonb, $3, $4)
       ON CONFLICT (batch_id) DO UPDATE SET pieces = EXCLUDED.pieces, through = EXCLUDED.through,
                                            stored_at = EXCLUDED.stored_at`,
      [batchId, JSON.stringify(pieces), through, storedAt],
    );
  }

  async discard(batchId: string): Promise<void> {
    await this.dataSource.query('DELETE FROM climate_passports WHERE batch_id = $1', [batchId]);
  }

  /** Sets the link's token when it has none; answers the token in force. */
  async ensureToken(batchId: string, token: string): Promise<string> {
    const rows: { token: string }[] = await this.dataSource.query(
      `UPDATE climate_passports SET token = coalesce(token, $2) WHERE batch_id = $1 RETURNING token`,
      [batchId, token],
    );
    return rows[0].token;
  }

  async setToken(batchId: string, token: string | null): Promise<void> {
    await this.dataSource.query('UPDATE climate_passports SET token = $2 WHERE batch_id = $1', [
      batchId,
      token,
    ]);
  }

  /** The batches a delivery's order lines drew on (their allocations). */
  async batchesOfLines(lineIds: readonly string[]): Promise<string[]> {
    const rows: { batch_id: string }[] = await this.dataSource.query(
      'SELECT DISTINCT batch_id FROM allocations WHERE line_id = ANY($1::uuid[]) ORDER BY batch_id',
      [lineIds],
    );
    return rows.map((row) => row.batch_id);
  }
}
