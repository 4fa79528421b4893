import {
  FINAL_BATCH_STAGES,
  isDeliverableLine,
  type BatchResponse,
  type BatchStage,
  type CropResponse,
  type NumberRange,
  type OrderResponse,
} from '#contracts';

/**
 * 今日工作: what is due today or overdue, derived from the sowing plan (planned batches), the live
 * batches and the orders, with the crop catalogue's days (docs/domain.md §1.3, §3.3). Pure: the
 * view renders the items in the page's language and each one opens the form that does it.
 */
export type WorkKind =
  | 'sow'
  | 'leaveGermination'
  | 'countEmergence'
  | 'graft'
  | 'healing'
  | 'survival'
  | 'hardening'
  | 'ready'
  | 'overAging'
  | 'deliver';

/** The forms of the batch page (views/batch-records/batch-page.tsx). */
export type BatchAction = 'sow' | 'stage' | 'counts' | 'cull' | 'move' | 'graft' | 'survival' | 'correction';

export interface WorkItem {
  kind: WorkKind;
  batch: BatchResponse;
  /** The form the item opens; null opens the batch page alone. */
  action: BatchAction | null;
  /** The date it is due (YYYY-MM-DD). */
  due: string;
  /** Days past due; 0 when due today, negative when it is coming (deliveries, over-aging). */
  overdueDays: number;
  /** A stage change's target stage. */
  stage?: BatchStage;
  /** A delivery to prepare: the order's number and the seedlings still to hand over on the line. */
  order?: { number: number; quantity: number };
}

export interface WorkInputs {
  batches: readonly BatchResponse[];
  crops: ReadonlyMap<string, Pick<CropResponse, 'emergeDays' | 'hardDays'>>;
  /** The codes of the germination rooms (zones of kind `germination`). */
  germinationRooms: ReadonlySet<string>;
  orders: readonly OrderResponse[];
  /** The nursery's date (YYYY-MM-DD). */
  today: string;
}

/** Stages a line is delivered from, as the manager's delivery form allows (docs/orders.md). */
/** Pickups this many days ahead are prepared today (trays counted, labelled, hardened off). */
const DELIVERY_LOOKAHEAD_DAYS = 1;
/** Ready batches with seedlings nobody has ordered are flagged this many days before they over-age. */
const OVER_AGING_WARNING_DAYS = 2;
const ORDER: readonly WorkKind[] = [
  'sow',
  'leaveGermination',
  'countEmergence',
  'graft',
  'healing',
  'survival',
  'hardening',
  'ready',
  'overAging',
  'deliver',
];

export function addDays(date: string, days: number): string {
  const ms = Date.parse(`${date.slice(0, 10)}T00:00:00Z`) + days * 86_400_000;
  return new Date(ms).toISOString().slice(0, 10);
}

function daysFrom(from: string, to: string): number {
  return Math.round(
    (Date.parse(`${to.slice(0, 10)}T00:00:00Z`) - Date.parse(`${from.slice(0, 10)}T00:00:00Z`)) / 86_400_000,
  );
}

/** The middle of a range, rounded up, as libs/agronomy `germinationRoomDays` counts it (§1.3). */
const middle = (range: NumberRange) => Math.ceil((range.lo + range.hi) / 2);

export function todaysWork({ batches, crops, germinationRooms, orders, today }: WorkInputs): WorkItem[] {
  const items: WorkItem[] = [];
  const add = (item: Omit<WorkItem, 'overdueDays'>, lookahead = 0) => {
    const overdueDays = daysFrom(item.due, today);
    if (overdueDays >= -lookahead) items.push({ ...item, overdueDays });
  };
  for (const batch of batches) {
    const crop = crops.get(batch.crop);
    if (batch.stage === 'planned') {
      add({ kind: 'sow', batch, action: 'sow', due: batch.sowDate });
      continue;
    }
    if (FINAL_BATCH_STAGES.includes(batch.stage)) continue;
    const germinating = batch.stage === 'sown' || batch.stage === 'germinating';
    // Trays leave the germination room at about 60 % pushing through (§1.3): the middle of emerge days.
    const emergedBy = crop ? addDays(batch.sowDate, middle(crop.emergeDays)) : null;
    // Trays still in the germination room (sown there, or sown for a house and not moved yet).
    const inGermination = batch.locations.some((place) => germinationRooms.has(place.zone));
    if (emergedBy && inGermination && (germinating || batch.stage === 'emerged'))
      add({ kind: 'leaveGermination', batch, action: 'move', due: emergedBy });
    if (emergedBy && germinating && batch.emerged === null)
      add({ kind: 'countEmergence', batch, action: 'counts', due: emergedBy });
    // A line ordered grafted plans a grafted batch: it waits for its rootstock link (§3.3).
    if (
      batch.grafted &&
      batch.rootstockBatchId === null &&
      (batch.stage === 'emerged' || batch.stage === 'true_leaf')
    )
      add({ kind: 'graft', batch, action: 'graft', due: today });
    // The rootstock batch is marked grafted too; the scion (grafted, linked) is the one that heals.
    if (batch.stage === 'grafted' && batch.grafted)
      add({ kind: 'healing', batch, action: 'stage', due: today, stage: 'healing' });
    if (batch.stage === 'healing' && batch.survived === null)
      add({ kind: 'survival', batch, action: 'survival', due: today });
    if (
      crop &&
      (batch.stage === 'emerged' || batch.stage === 'true_leaf') &&
      !(batch.grafted && !batch.rootstockBatchId)
    )
      add({
        kind: 'hardening',
        batch,
        action: 'stage',
        due: addDays(batch.readyFrom, -crop.hardDays.hi),
        stage: 'hardening',
      });
    if (batch.stage === 'hardening')
      add({ kind: 'ready', batch, action: 'stage', due: batch.readyFrom, stage: 'ready' });
    if ((batch.stage === 'hardening' || batch.stage === 'ready') && batch.free > 0)
      add({ kind: 'overAging', batch, action: null, due: batch.readyUntil }, OVER_AGING_WARNING_DAYS);
  }
  const byId = new Map(batches.map((b) => [b.id, b]));
  for (const order of orders)
    for (const line of order.lines) {
      const remaining = line.quantity - line.delivered;
      const batch = byId.get(line.allocations[0]?.batchId ?? '');
      if (!isDeliverableLine(line.status) || !line.confirmedDate || remaining <= 0 || !batch) continue;
      add(
        {
          kind: 'deliver',
          batch,
          action: null,
          due: line.confirmedDate,
          order: { number: order.number, quantity: remaining },
        },
        DELIVERY_LOOKAHEAD_DAYS,
      );
    }
  return items.sort(
    (a, b) =>
      a.due.localeCompare(b.due) ||
      ORDER.indexOf(a.kind) - ORDER.indexOf(b.kind) ||
      a.batch.code.localeCompare(b.batch.code),
  );
}
