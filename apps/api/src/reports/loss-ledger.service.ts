import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { LossEntry, LossLedgerResponse, ReportBucket } from '#contracts';
import { type LocationEvent, batchStays } from '../batches/batch-entries.js';
import { germinationRoomOf } from '../zones/germination-room.js';
import { CAUSE_RULES, type Excursion, LINK_DAYS, linkedExcursions } from './loss-links.js';

const NURSERY_TZ = 'Asia/Shanghai';

interface CullRow {
  batch_id: string;
  at: Date;
  month: string;
  details: Record<string, unknown>;
  code: string;
  crop: string;
  zone: string;
  benches: string | null;
  trays: number;
  events: (LocationEvent & { at: string })[];
}

/**
 * The loss ledger (issue "a loss ledger tied to the climate"): the year's culls, each with its
 * cause, the stage its batch was at, and the climate events (raised alarms) its cause can come from
 * at the places the batch stood in during the week before. A read model over batch events and
 * alarms: nothing is stored apart.
 */
@Injectable()
export class LossLedgerService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async ledger(year: number): Promise<LossLedgerResponse> {
    const culls: CullRow[] = await this.dataSource.query(
      `SELECT e.batch_id, e.at, to_char(e.at AT TIME ZONE $3, 'YYYY-MM') AS month, e.details,
              b.code, b.crop, b.zone, b.benches, b.trays,
              (SELECT json_agg(json_build_object('kind', l.kind, 'details', l.details, 'at', l.at) ORDER BY l.id)
                 FROM batch_events l
                WHERE l.batch_id = e.batch_id AND l.kind IN ('created', 'sow', 'move', 'stage')) AS events
         FROM batch_events e JOIN batches b ON b.id = e.batch_id
        WHERE e.kind IN ('count', 'stage') AND (e.details->>'culled') ~ '^[0-9]+$'
          AND (e.details->>'culled')::int > 0
          AND e.at >= make_timestamptz($1, 1, 1, 0, 0, 0, $3)
          AND e.at < make_timestamptz($2, 1, 1, 0, 0, 0, $3)
        ORDER BY e.at DESC, e.id DESC`,
      [year, year + 1, NURSERY_TZ],
    );
    const rules = [...new Set(Object.values(CAUSE_RULES).flat())];
    const alarmRows: {
      id: string;
      rule: string;
      zone: string;
      severity: string;
      raised_at: Date;
      cleared_at: Date | null;
    }[] = await this.dataSource.query(
      `SELECT id, rule, zone, severity, raised_at, cleared_at FROM alarms
        WHERE raised_at IS NOT NULL AND rule = ANY($1::text[])
          AND raised_at < make_timestamptz($3, 1, 1, 0, 0, 0, $4)
          AND (cleared_at IS NULL
               OR cleared_at >= make_timestamptz($2, 1, 1, 0, 0, 0, $4) - make_interval(days => $5))`,
      [rules, year, year + 1, NURSERY_TZ, LINK_DAYS],
    );
    const excursions: Excursion[] = alarmRows.map((row) => ({
      id: row.id,
      rule: row.rule,
      zone: row.zone,
      severity: row.severity,
      raisedAt: row.raised_at.getTime(),
      clearedAt: row.cleared_at?.getTime() ?? null,
    }));
    const germinationRoom = await germinationRoomOf(this.dataSource);
    const entries: LossEntry[] = culls.map((row) => {
      const events = row.events ?? [];
      const at = row.at.getTime();
      const stays = batchStays(
        { zone: row.zone, benches: row.benches, trays: row.trays },
        events.filter((event) => Date.parse(event.at) <= at),
        { germinationRoom },
      );
      const cause = typeof row.details.cullReason === 'string' ? row.details.cullReason : 'other';
      return {
        batchId: row.batch_id,
        code: row.code,
        crop: row.crop,
        stage: stageAt(events, at, row.details),
        at: row.at.toISOString(),
        month: row.month,
        cause,
        seedlings: Number(row.details.culled),
        excursions: linkedExcursions({ at, cause }, stays, excursions).map((e) => ({
          id: e.id,
          rule: e.rule,
          zone: e.zone,
          severity: e.severity,
          raisedAt: new Date(e.raisedAt).toISOString(),
          clearedAt: e.clearedAt === null ? null : new Date(e.clearedAt).toISOString(),
        })),
      };
    });
    const byCause = new Map<string, { cause: string; seedlings: number; linkedSeedlings: number }>();
    for (const entry of entries) {
      const bucket = byCause.get(entry.cause) ?? { cause: entry.cause, seedlings: 0, linkedSeedlings: 0 };
      bucket.seedlings += entry.seedlings;
      if (entry.excursions.length > 0) bucket.linkedSeedlings += entry.seedlings;
      byCause.set(entry.cause, bucket);
    }
    return {
      year,
      culls: entries,
      byCause: [...byCause.values()].sort((a, b) => b.seedlings - a.seedlings),
      byCrop: buckets(entries, (e) => e.crop),
      byStage: buckets(entries, (e) => e.stage),
      byMonth: buckets(entries, (e) => e.month).sort((a, b) => a.key.localeCompare(b.key)),
    };
  }
}

/** The batch's stage when culled: a whole-batch cull names the stage it left, a count the last one reached. */
function stageAt(
  events: readonly (LocationEvent & { at: string })[],
  at: number,
  details: Record<string, unknown>,
) {
  if (typeof details.from === 'string') return details.from;
  let stage = 'sown';
  for (const event of events) {
    if (Date.parse(event.at) > at) break;
    if (event.kind === 'created' && typeof event.details.stage === 'string') stage = event.details.stage;
    if (event.kind === 'sow') stage = 'sown';
    if (event.kind === 'stage' && typeof event.details.to === 'string') stage = event.details.to;
  }
  return stage;
}

function buckets(entries: readonly LossEntry[], keyOf: (entry: LossEntry) => string): ReportBucket[] {
  const sums = new Map<string, number>();
  for (const entry of entries) sums.set(keyOf(entry), (sums.get(keyOf(entry)) ?? 0) + entry.seedlings);
  return [...sums.entries()]
    .map(([key, seedlings]) => ({ key, seedlings, fen: 0 }))
    .sort((a, b) => b.seedlings - a.seedlings);
}
