import type { ClosedBatchCounts } from '#agronomy';
import { FINAL_BATCH_STAGES } from '#contracts';
import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Tx } from '../common/transaction.js';
import type { ShortAlternativeJson, StoredLineStatus } from './line-status.js';

/** One advisory lock serialises every matching run: all runs share bench and germination-room space. */
const MATCHING_LOCK_KEY = 5_202_611;

export interface BatchRow {
  id: string;
  code: string;
  crop: string;
  cultivar: string | null;
  cells: number;
  grafted: boolean;
  seedOwner: string;
  zone: string;
  trays: number;
  cellsSown: number;
  refillTrays: number;
  sowDate: string;
  stage: string;
  emerged: number | null;
  /** Grafted plants alive after healing: the living count from then on (see batchForecast). */
  survived: number | null;
  refilled: number;
  culled: number;
  saleable: number | null;
  walkInSold: number;
  emergePct: number;
  saleablePct: number;
  readyFrom: string;
  readyUntil: string;
}

export interface LineRow {
  id: string;
  orderId: string;
  buyerId: string;
  placedAt: string;
  crop: string;
  cultivar: string | null;
  cells: number | null;
  grafted: boolean;
  seedOwner: string;
  quantity: number;
  wantedFrom: string;
  wantedUntil: string;
  status: StoredLineStatus;
  confirmedDate: string | null;
  earliestDate: string | null;
  missing: number;
}

export interface AllocationRowData {
  lineId: string;
  batchId: string;
  quantity: number;
  date: string;
}

export interface LineUpdate {
  id: string;
  status: StoredLineStatus;
  confirmedDate: string | null;
  earliestDate: string | null;
  missing: number;
  alternative: ShortAlternativeJson | null;
}

export interface NewPlannedBatch {
  crop: string;
  cultivar: string | null;
  cells: number;
  grafted: boolean;
  seedOwner: string;
  zone: string;
  trays: number;
  cellsSown: number;
  refillTrays: number;
  sowDate: string;
  emergePct: number;
  saleablePct: number;
  readyFrom: string;
  readyUntil: string;
}

const BATCH_COLUMNS = `id, code, crop, cultivar, cells, grafted, seed_owner AS "seedOwner", zone, trays,
  cells_sown AS "cellsSown", refill_trays AS "refillTrays", sow_date AS "sowDate", stage, emerged, survived, refilled,
  culled, saleable, walk_in_sold AS "walkInSold", emerge_pct AS "emergePct", saleable_pct AS "saleablePct",
  ready_from AS "readyFrom", ready_until AS "readyUntil"`;

/** Lines the engine still moves: placed and neither delivered, cancelled nor lapsed. */
const MATCHABLE = `('waitlisted', 'confirmed', 'short')`;

@Injectable()
export class MatchingRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** Reads outside a transaction (availability answers) use the pool directly. */
  get reader(): Tx {
    return this.dataSource.manager;
  }

  /** Buyer record id → the buyer's user account id (or null). */
  async buyerUsers(buyerIds: readonly string[]): Promise<Map<string, string | null>> {
    if (buyerIds.length === 0) return new Map();
    const rows: { id: string; userId: string | null }[] = await this.dataSource.query(
      'SELECT id, user_id AS "userId" FROM buyers WHERE id = ANY($1::uuid[])',
      [buyerIds],
    );
    return new Map(rows.map((row) => [row.id, row.userId]));
  }

  /** Batch id → the user accounts of the buyers with an open line served by it. */
  async buyerUsersOfBatches(batchIds: readonly string[]): Promise<Map<string, string[]>> {
    if (batchIds.length === 0) return new Map();
    const rows: { batchId: string; userId: string }[] = await this.dataSource.query(
      `SELECT DISTINCT a.batch_id AS "batchId", b.user_id AS "userId"
       FROM allocations a
       JOIN order_lines l ON l.id = a.line_id
       JOIN orders o ON o.id = l.order_id
       JOIN buyers b ON b.id = o.buyer_id
       WHERE a.batch_id = ANY($1::uuid[]) AND b.user_id IS NOT NULL`,
      [batchIds],
    );
    const out = new Map<string, string[]>();
    for (const row of rows) out.set(row.batchId, [...(out.get(row.batchId) ?? []), row.userId]);
    return out;
  }

  async lock(tx: Tx): Promise<void> {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MATCHING_LOCK_KEY]);
  }

  /** Live batches (not sold out, culled or over-aged), locked FOR UPDATE when `forUpdate`. */
  async liveBatches(tx: Tx, forUpdate: boolean): Promise<BatchRow[]> {
    return tx.query(
      `SELECT ${BATCH_COLUMNS} FROM batches WHERE stage <> ALL($1::text[])
       ORDER BY id ${forUpdate ? 'FOR UPDATE' : ''}`,
      [FINAL_BATCH_STAGES],
    );
  }

  /**
   * Every closed batch (sold out, culled or over-aged) with its counts and its culls summed by cause
   * (over-aging left out: unsold saleable seedlings), for the history the sowing plan sizes with.
   * Culls come from the count and whole-batch cull events, as in the loss ledger.
   */
  async closedBatchCounts(tx: Tx): Promise<ClosedBatchCounts[]> {
    return tx.query(
      `SELECT b.crop, b.sow_date AS "sowDate", b.cells, b.trays, b.refill_trays AS "refillTrays", b.emerged,
              b.survived, b.refilled, b.culled, b.saleable,
              coalesce((SELECT json_object_agg(c.cause, c.seedlings) FROM (
                 SELECT coalesce(e.details->>'cullReason', 'other') AS cause,
                        sum((e.details->>'culled')::int)::int AS seedlings
                   FROM batch_events e
                  WHERE e.batch_id = b.id AND e.kind IN ('count', 'stage')
                    AND (e.details->>'culled') ~ '^[0-9]+$' AND (e.details->>'culled')::int > 0
                    AND coalesce(e.details->>'cullReason', '') <> 'over_aged'
                  GROUP BY 1) c), '{}'::json) AS culls
         FROM batches b WHERE b.stage = ANY($1::text[])`,
      [FINAL_BATCH_STAGES],
    );
  }

  /** The sowing dates of the planned batches, crop by crop. */
  async plannedSowings(tx: Tx): Promise<{ crop: string; sowDate: string }[]> {
    return tx.query(`SELECT crop, sow_date AS "sowDate" FROM batches WHERE stage = 'planned'`);
  }

  async allocations(tx: Tx): Promise<AllocationRowData[]> {
    return tx.query(
      `SELECT a.line_id AS "lineId", a.batch_id AS "batchId", a.quantity, a.date FROM allocations a
       JOIN batches b ON b.id = a.batch_id WHERE b.stage <> ALL($1::text[])`,
      [FINAL_BATCH_STAGES],
    );
  }

  async matchableLines(tx: Tx): Promise<LineRow[]> {
    return tx.query(
      `SELECT l.id, l.order_id AS "orderId", o.buyer_id AS "buyerId", o.placed_at AS "placedAt", l.crop,
        l.cultivar, l.cells, l.grafted, l.seed_owner AS "seedOwner", l.quantity, l.wanted_from AS "wantedFrom",
        l.wanted_until AS "wantedUntil", l.status, l.confirmed_date AS "confirmedDate",
        l.earliest_date AS "earliestDate", l.missing
       FROM order_lines l JOIN orders o ON o.id = l.order_id
       WHERE l.status IN ${MATCHABLE} ORDER BY o.placed_at, l.id`,
    );
  }

  async insertPlannedBatches(tx: Tx, batches: readonly NewPlannedBatch[]): Promise<string[]> {
    const ids: string[] = [];
    for (const batch of batches) {
      const id = randomUUID();
      ids.push(id);
      await tx.query(
        `INSERT INTO batches (id, code, crop, cultivar, cells, grafted, seed_owner, zone, trays, cells_sown,
          refill_trays, sow_date, stage, emerge_pct, saleable_pct, ready_from, ready_until, note)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 'planned', $13, $14, $15, $16, 'planned by matching')`,
        [
          id,
          `P${id.slice(0, 8).toUpperCase()}`,
          batch.crop,
          batch.cultivar,
          batch.cells,
          batch.grafted,
          batch.seedOwner,
          batch.zone,
          batch.trays,
          batch.cellsSown,
          batch.refillTrays,
          batch.sowDate,
          batch.emergePct,
          batch.saleablePct,
          batch.readyFrom,
          batch.readyUntil,
        ],
      );
    }
    return ids;
  }

  /** Replaces the allocations of the given lines with `next`. */
  async replaceAllocations(
    tx: Tx,
    lineIds: readonly string[],
    next: readonly AllocationRowData[],
  ): Promise<void> {
    if (lineIds.length > 0)
      await tx.query('DELETE FROM allocations WHERE line_id = ANY($1::uuid[])', [lineIds]);
    if (next.length === 0) return;
    await tx.query(
      `INSERT INTO allocations (line_id, batch_id, quantity, date)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::int[], $4::date[])`,
      [
        next.map((a) => a.lineId),
        next.map((a) => a.batchId),
        next.map((a) => a.quantity),
        next.map((a) => a.date),
      ],
    );
  }

  async updateLines(tx: Tx, updates: readonly LineUpdate[]): Promise<void> {
    if (updates.length === 0) return;
    await tx.query(
      `UPDATE order_lines l SET status = u.status, confirmed_date = u.confirmed_date,
         earliest_date = u.earliest_date, missing = u.missing, alternative = u.alternative
       FROM unnest($1::uuid[], $2::varchar[], $3::date[], $4::date[], $5::int[], $6::jsonb[])
         AS u(id, status, confirmed_date, earliest_date, missing, alternative)
       WHERE l.id = u.id`,
      [
        updates.map((u) => u.id),
        updates.map((u) => u.status),
        updates.map((u) => u.confirmedDate),
        updates.map((u) => u.earliestDate),
        updates.map((u) => u.missing),
        updates.map((u) => (u.alternative === null ? null : JSON.stringify(u.alternative))),
      ],
    );
  }

  /** Sowings the engine planned that no line needs any more (an order was cancelled or lapsed). */
  async dropUnusedPlannedBatches(tx: Tx): Promise<string[]> {
    const rows: { id: string; zone: string }[] = await tx.query(
      `WITH dropped AS (DELETE FROM batches b WHERE b.stage = 'planned' AND b.note = 'planned by matching'
         AND NOT EXISTS (SELECT 1 FROM allocations a WHERE a.batch_id = b.id) RETURNING b.id, b.zone)
       SELECT id, zone FROM dropped`,
    );
    return rows.map((row) => row.id);
  }
}
