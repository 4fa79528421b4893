import type { ReportBucket } from '#contracts';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Cost, type CostCategory } from './cost.entity.js';

export type Bucket = ReportBucket;

/** Annual figures straight from SQL: deliveries (items), batches, cull events, payments, costs. */
@Injectable()
export class ReportsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private async buckets(sql: string, params: unknown[]): Promise<Bucket[]> {
    const rows: { key: string | null; seedlings: string | null; fen: string | null }[] =
      await this.dataSource.query(sql, params);
    return rows.map((row) => ({
      key: row.key ?? '',
      seedlings: Number(row.seedlings ?? 0),
      fen: Number(row.fen ?? 0),
    }));
  }

  /** Seedlings delivered (sold) and their value, grouped by crop, village or month of the delivery date. */
  sold(from: string, to: string, groupBy: 'crop' | 'village' | 'month'): Promise<Bucket[]> {
    const key =
      groupBy === 'crop'
        ? "item->>'crop'"
        : groupBy === 'village'
          ? "coalesce(d.village, '')"
          : "to_char(d.date, 'YYYY-MM')";
    return this.buckets(
      `SELECT ${key} AS key, sum((item->>'quantity')::int) AS seedlings,
         sum((item->>'quantity')::bigint * (item->>'priceFen')::bigint) AS fen
       FROM deliveries d CROSS JOIN LATERAL jsonb_array_elements(d.items) AS item
       WHERE d.date >= $1 AND d.date < $2 GROUP BY 1 ORDER BY 1`,
      [from, to],
    );
  }

  sown(from: string, to: string, groupBy: 'crop' | 'month'): Promise<Bucket[]> {
    const key = groupBy === 'crop' ? 'crop' : "to_char(sow_date, 'YYYY-MM')";
    return this.buckets(
      `SELECT ${key} AS key, sum(cells_sown) AS seedlings, 0 AS fen FROM batches
       WHERE stage <> 'planned' AND sow_date >= $1 AND sow_date < $2 GROUP BY 1 ORDER BY 1`,
      [from, to],
    );
  }

  /** Seedlings culled, by the reason given with the count (a whole-batch cull counts under its cause, 'other' when none was given). */
  lost(from: string, to: string, timeZone: string): Promise<Bucket[]> {
    return this.buckets(
      `SELECT coalesce(details->>'cullReason', 'unknown') AS key, sum((details->>'culled')::int) AS seedlings, 0 AS fen
       FROM batch_events WHERE kind IN ('count', 'stage') AND details ? 'culled'
         AND (at AT TIME ZONE $3)::date >= $1 AND (at AT TIME ZONE $3)::date < $2
       GROUP BY 1 ORDER BY 1`,
      [from, to, timeZone],
    );
  }

  async money(
    from: string,
    to: string,
    timeZone: string,
  ): Promise<{ depositsFen: number; orderedFen: number; receivedFen: number }> {
    const [orders] = await this.dataSource.query<{ deposits: string; ordered: string }[]>(
      `SELECT coalesce(sum(o.deposit_fen), 0) AS deposits,
         coalesce(sum((SELECT coalesce(sum(l.quantity * l.price_fen), 0) FROM order_lines l
           WHERE l.order_id = o.id AND l.status NOT IN ('cancelled', 'lapsed'))), 0) AS ordered
       FROM orders o WHERE o.status NOT IN ('cancelled', 'lapsed')
         AND (o.placed_at AT TIME ZONE $3)::date >= $1 AND (o.placed_at AT TIME ZONE $3)::date < $2`,
      [from, to, timeZone],
    );
    const [payments] = await this.dataSource.query<{ received: string }[]>(
      'SELECT coalesce(sum(amount_fen), 0) AS received FROM payments WHERE date >= $1 AND date < $2',
      [from, to],
    );
    return {
      depositsFen: Number(orders?.deposits ?? 0),
      orderedFen: Number(orders?.ordered ?? 0),
      receivedFen: Number(payments?.received ?? 0),
    };
  }

  /** What buyers still owe for seedlings delivered in the period (walk-in sales are paid on the spot). */
  async outstanding(from: string, to: string): Promise<number> {
    const [row] = await this.dataSource.query<{ outstanding: string }[]>(
      `SELECT coalesce(sum(greatest(0, delivered.fen - o.paid_fen)), 0) AS outstanding FROM orders o
       JOIN (SELECT order_id, sum(amount_fen) AS fen FROM deliveries WHERE order_id IS NOT NULL AND date >= $1 AND date < $2
             GROUP BY order_id) delivered ON delivered.order_id = o.id`,
      [from, to],
    );
    return Number(row?.outstanding ?? 0);
  }

  async walkInFen(from: string, to: string): Promise<number> {
    const [row] = await this.dataSource.query<{ fen: string }[]>(
      'SELECT coalesce(sum(amount_fen), 0) AS fen FROM deliveries WHERE order_id IS NULL AND date >= $1 AND date < $2',
      [from, to],
    );
    return Number(row?.fen ?? 0);
  }

  async costsByCategory(from: string, to: string): Promise<{ category: string; fen: number }[]> {
    const rows: { category: string; fen: string }[] = await this.dataSource.query(
      'SELECT category, sum(amount_fen) AS fen FROM costs WHERE date >= $1 AND date < $2 GROUP BY 1 ORDER BY 1',
      [from, to],
    );
    return rows.map((row) => ({ category: row.category, fen: Number(row.fen) }));
  }

  listCosts(from: string, to: string): Promise<Cost[]> {
    return this.dataSource
      .getRepository(Cost)
      .createQueryBuilder('c')
      .where('c.date >= :from AND c.date < :to', { from, to })
      .orderBy('c.date')
      .addOrderBy('c.createdAt')
      .getMany();
  }

  addCost(cost: {
    date: string;
    category: CostCategory;
    amountFen: number;
    note: string | null;
    batchId: string | null;
  }): Promise<Cost> {
    const repository = this.dataSource.getRepository(Cost);
    return repository.save(repository.create(cost));
  }

  async batchExists(id: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query('SELECT 1 FROM batches WHERE id = $1', [id]);
    return rows.length > 0;
  }

  async removeCost(id: string): Promise<boolean> {
    const result = await this.dataSource.getRepository(Cost).delete({ id });
    return (result.affected ?? 0) > 0;
  }
}
