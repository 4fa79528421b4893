import { FINAL_BATCH_STAGES, type BatchAllocationResponse } from '#contracts';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, type SelectQueryBuilder } from 'typeorm';
import type { Tx } from '../common/transaction.js';
import { BatchEvent } from './batch-event.entity.js';
import { Batch } from './batch.entity.js';

export interface BatchFilter {
  zone?: string;
  crop?: string;
  stage?: string;
  /** Buyers: only batches allocated to this buyer's orders. */
  buyerId?: string;
}

export type BatchAllocationView = BatchAllocationResponse;

@Injectable()
export class BatchesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insert(tx: Tx, batch: Omit<Batch, 'id' | 'createdAt' | 'updatedAt'>): Promise<Batch> {
    return tx.getRepository(Batch).save(tx.getRepository(Batch).create(batch));
  }

  /** The batch row locked for the rest of the transaction. */
  forUpdate(tx: Tx, id: string): Promise<Batch | null> {
    return tx
      .getRepository(Batch)
      .createQueryBuilder('b')
      .where('b.id = :id', { id })
      .setLock('pessimistic_write')
      .getOne();
  }

  async update(tx: Tx, id: string, changes: Partial<Batch>): Promise<void> {
    await tx.getRepository(Batch).update({ id }, changes);
  }

  async addEvent(tx: Tx, event: Omit<BatchEvent, 'id'>): Promise<void> {
    await tx.getRepository(BatchEvent).insert({ ...event, details: event.details as never });
  }

  /**
   * Sets the times of a batch's events, oldest first, to `instants` (the demo seed dates its
   * batches' entries in the past; nothing else rewrites a history).
   */
  async dateEvents(batchId: string, instants: readonly Date[]): Promise<void> {
    await this.dataSource.query(
      `UPDATE batch_events e SET at = t.at
         FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM batch_events WHERE batch_id = $1) o,
              unnest($2::timestamptz[]) WITH ORDINALITY AS t(at, n)
        WHERE e.id = o.id AND o.n = t.n`,
      [batchId, instants],
    );
  }

  async remove(tx: Tx, id: string): Promise<void> {
    await tx.getRepository(BatchEvent).delete({ batchId: id });
    await tx.getRepository(Batch).delete({ id });
  }

  findById(id: string, buyerId?: string): Promise<Batch | null> {
    const builder = this.dataSource.getRepository(Batch).createQueryBuilder('b').where('b.id = :id', { id });
    if (buyerId !== undefined) this.scopeToBuyer(builder, buyerId);
    return builder.getOne();
  }

  list(filter: BatchFilter): Promise<Batch[]> {
    const builder = this.dataSource
      .getRepository(Batch)
      .createQueryBuilder('b')
      .orderBy('b.sow_date', 'DESC')
      .addOrderBy('b.code');
    if (filter.zone !== undefined) builder.andWhere('b.zone = :zone', { zone: filter.zone });
    if (filter.crop !== undefined) builder.andWhere('b.crop = :crop', { crop: filter.crop });
    if (filter.stage !== undefined) builder.andWhere('b.stage = :stage', { stage: filter.stage });
    if (filter.buyerId !== undefined) this.scopeToBuyer(builder, filter.buyerId);
    return builder.getMany();
  }

  private scopeToBuyer(builder: SelectQueryBuilder<Batch>, buyerId: string): void {
    builder.andWhere(
      `EXISTS (SELECT 1 FROM allocations a JOIN order_lines l ON l.id = a.line_id JOIN orders o ON o.id = l.order_id
        WHERE a.batch_id = b.id AND o.buyer_id = :buyerId)`,
      { buyerId },
    );
  }

  /** The created, sow and move events of these batches (where their trays stand), oldest first. */
  async locationEvents(batchIds: readonly string[]): Promise<Map<string, BatchEvent[]>> {
    const byBatch = new Map<string, BatchEvent[]>();
    if (batchIds.length === 0) return byBatch;
    const events = await this.dataSource.getRepository(BatchEvent).find({
      where: { batchId: In([...batchIds]), kind: In(['created', 'sow', 'move']) },
      order: { id: 'ASC' },
    });
    for (const event of events) byBatch.set(event.batchId, [...(byBatch.get(event.batchId) ?? []), event]);
    return byBatch;
  }

  events(batchId: string): Promise<BatchEvent[]> {
    return this.dataSource.getRepository(BatchEvent).find({ where: { batchId }, order: { id: 'ASC' } });
  }

  /** Who holds seedlings of a batch; for a buyer caller only their own lines. */
  allocations(batchId: string, buyerId?: string): Promise<BatchAllocationView[]> {
    return this.dataSource.query(
      `SELECT a.line_id AS "lineId", o.id AS "orderId", o.number AS "orderNumber", o.buyer_id AS "buyerId",
         u.name AS "buyerName", u.village, a.quantity, a.date, l.status AS "lineStatus"
       FROM allocations a JOIN order_lines l ON l.id = a.line_id JOIN orders o ON o.id = l.order_id
       JOIN buyers u ON u.id = o.buyer_id
       WHERE a.batch_id = $1 AND ($2::uuid IS NULL OR o.buyer_id = $2::uuid) ORDER BY a.date, o.number`,
      [batchId, buyerId ?? null],
    );
  }

  /**
   * Sown batches past their ready window that no order still waits on (every line holding seedlings
   * on them is delivered, cancelled or lapsed): what is left on them is over-aged (老化苗).
   */
  async pastReadyWindow(today: string): Promise<{ id: string }[]> {
    return this.dataSource.query(
      `SELECT b.id FROM batches b
       WHERE b.ready_until < $1 AND b.stage <> ALL($2::text[])
         AND NOT EXISTS (SELECT 1 FROM allocations a JOIN order_lines l ON l.id = a.line_id
           WHERE a.batch_id = b.id AND l.status IN ('waitlisted', 'confirmed', 'short', 'partly_delivered'))`,
      [today, ['planned', ...FINAL_BATCH_STAGES]],
    );
  }

  async allocatedTotals(batchIds: readonly string[]): Promise<Map<string, number>> {
    if (batchIds.length === 0) return new Map();
    const rows: { batchId: string; total: string }[] = await this.dataSource.query(
      'SELECT batch_id AS "batchId", sum(quantity) AS total FROM allocations WHERE batch_id = ANY($1::uuid[]) GROUP BY batch_id',
      [batchIds],
    );
    return new Map(rows.map((row) => [row.batchId, Number(row.total)]));
  }
}
