import type { IsoDate, IsoDateTime } from './common.js';
import type { TrayPrice } from './crops.js';

export type LineStatus =
  | 'waitlisted'
  | 'confirmed'
  | 'short'
  | 'in_production'
  | 'ready'
  | 'partly_delivered'
  | 'delivered'
  | 'cancelled'
  | 'lapsed';

export type OrderStatus = LineStatus | 'settled' | 'open';

/** Every summary status an order can show, in the order a person works through them. */
export const ORDER_SUMMARY_STATUSES: readonly OrderStatus[] = [
  'waitlisted',
  'confirmed',
  'short',
  'in_production',
  'ready',
  'partly_delivered',
  'delivered',
  'settled',
  'cancelled',
  'lapsed',
  'open',
];

/**
 * Lines seedlings may be delivered on: confirmed (however far their batch has come) or short, and
 * not yet delivered in full. `in_production` and `ready` are what a confirmed line shows on the
 * wire; the api stores them as `confirmed`.
 */
export const DELIVERABLE_LINE_STATUSES: readonly LineStatus[] = [
  'confirmed',
  'in_production',
  'ready',
  'short',
  'partly_delivered',
];

export function isDeliverableLine(status: string): boolean {
  return (DELIVERABLE_LINE_STATUSES as readonly string[]).includes(status);
}

/** A party secretary's split of a line between households. */
export interface HouseholdLine {
  name: string;
  quantity: number;
  delivered: number;
}

/** What a short line can have instead: part on the date, the rest later. */
export interface ShortAlternative {
  partialQuantity: number;
  partialDate: IsoDate;
  nextDate: IsoDate | null;
}

/** A batch serving a line, with its stage and ready window (for the buyer's progress view). */
export interface LineAllocation {
  batchId: string;
  batchCode: string;
  zone: string;
  stage: string;
  sowDate: IsoDate;
  readyFrom: IsoDate;
  readyUntil: IsoDate;
  quantity: number;
  date: IsoDate;
}

export interface OrderLineResponse {
  id: string;
  crop: string;
  cultivar: string | null;
  cells: number | null;
  grafted: boolean;
  ownSeed: boolean;
  quantity: number;
  wantedFrom: IsoDate;
  wantedUntil: IsoDate;
  priceFen: number;
  amountFen: number;
  status: LineStatus;
  /** The promised pickup date of a confirmed (or short) line. */
  confirmedDate: IsoDate | null;
  /** A waitlisted line's earliest possible date. */
  earliestDate: IsoDate | null;
  missing: number;
  alternative: ShortAlternative | null;
  delivered: number;
  households: HouseholdLine[];
  allocations: LineAllocation[];
  /**
   * A waitlisted line's place among the waitlisted lines of its crop (1 = served first when
   * seedlings free up); null for any other line.
   */
  queuePosition: number | null;
  /** Whether the buyer may still cancel or change the line themselves (before the cut-off). */
  changeable: boolean;
  /** The last day the buyer may cancel or change it; null when no cut-off applies (waitlisted, short). */
  changeableUntil: IsoDate | null;
}

export interface PaymentResponse {
  id: string;
  orderId: string;
  /** Negative for a refund. */
  amountFen: number;
  date: IsoDate;
  at: IsoDateTime;
  method: string;
  note: string | null;
  byName: string;
}

export interface DeliveryItem {
  lineId: string | null;
  crop: string;
  quantity: number;
  priceFen: number;
  households: { name: string; quantity: number }[];
  /**
   * The batches the line drew on when it was delivered (its allocations then): the slip prints their
   * climate passports. Absent on deliveries recorded before it was kept.
   */
  batchIds?: string[];
}

export interface DeliveryResponse {
  id: string;
  orderId: string | null;
  batchId: string | null;
  date: IsoDate;
  at: IsoDateTime;
  items: DeliveryItem[];
  quantity: number;
  amountFen: number;
  returnedTrays: number;
  buyerName: string | null;
  village: string | null;
  note: string | null;
  byName: string;
}

export interface OrderResponse {
  id: string;
  number: number;
  buyer: { id: string; name: string; village: string; kind: string } | null;
  placedAt: IsoDateTime;
  placedBy: string;
  status: OrderStatus;
  totalFen: number;
  depositFen: number;
  depositDue: IsoDate;
  paidFen: number;
  balanceFen: number;
  deliveredFen: number;
  depositWarnedAt: IsoDateTime | null;
  note: string | null;
  lines: OrderLineResponse[];
  /** Only on a single order (`GET /api/orders/:id`). */
  payments?: PaymentResponse[];
  deliveries?: DeliveryResponse[];
}

export interface OrderHistoryEntry {
  at: IsoDateTime;
  by: string;
  actorKind: string;
  action: string;
  details: Record<string, unknown> | null;
}

export interface DeliveryResultResponse {
  delivery: DeliveryResponse;
  order: OrderResponse;
}

export interface AvailabilityQuery {
  crop: string;
  quantity: number;
  date: IsoDate;
  cultivar?: string;
  tray?: number;
  grafted?: boolean;
}

export interface AvailabilityResponse {
  crop: string;
  quantity: number;
  date: IsoDate;
  /** True when an order placed now would be confirmed for `date`. */
  canConfirm: boolean;
  /** `date` when it can be confirmed, else the earliest later date that works, or null. */
  earliestDate: IsoDate | null;
}

/**
 * The order book's filters and paging. Orders come newest first; the next page is asked for with
 * `before` = the last order's `placedAt` (placing instants are unique), until a page comes back
 * shorter than `limit`.
 */
export interface OrdersQuery {
  buyerId?: string;
  village?: string;
  lineStatus?: string;
  /** Orders with a line promised (confirmed) on this date. */
  date?: IsoDate;
  /** Orders with a line of this crop. */
  crop?: string;
  /** Orders with a line still to hand over on this pickup day (confirmed, else earliest, else wanted). */
  pickup?: IsoDate;
  /** Orders whose summary status is this (as `OrderResponse.status` reads). */
  status?: OrderStatus;
  /** Orders placed before this instant: the previous page's last `placedAt`. */
  before?: IsoDateTime;
  limit?: number;
}

export interface HouseholdLineRequest {
  name: string;
  quantity: number;
}

export interface OrderLineRequest {
  crop: string;
  quantity: number;
  wantedDate: IsoDate;
  wantedUntil?: IsoDate;
  cultivar?: string;
  cells?: number;
  grafted?: boolean;
  ownSeed?: boolean;
  /** Managers only: price per seedling in fen. */
  priceFen?: number;
  households?: HouseholdLineRequest[];
}

export interface PlaceOrderRequest {
  /** Managers ordering for a buyer. */
  buyerId?: string;
  lines: OrderLineRequest[];
  note?: string;
}

export interface ConfirmLineRequest {
  lineId: string;
  date?: IsoDate;
  batchId?: string;
  reason?: string;
}

export interface CancelOrderRequest {
  lineIds?: string[];
  reason?: string;
}

export interface ChangeLineRequest {
  quantity?: number;
  wantedDate?: IsoDate;
  wantedUntil?: IsoDate;
  /** Another variety of the line's crop (null: any variety): matched again, priced as that variety. */
  cultivar?: string | null;
  reason?: string;
}

export interface PaymentRequest {
  amountFen: number;
  date?: IsoDate;
  method?: string;
  note?: string;
}

export interface DeliveryItemRequest {
  lineId: string;
  quantity: number;
  households?: HouseholdLineRequest[];
}

export interface DeliveryRequest {
  date?: IsoDate;
  items: DeliveryItemRequest[];
  returnedTrays?: number;
  note?: string;
}

export interface WalkInSaleRequest {
  batchId: string;
  quantity: number;
  priceFen?: number;
  buyerName?: string;
  village?: string;
  date?: IsoDate;
  returnedTrays?: number;
}

export type ShortfallPolicy = 'fifo' | 'pro_rata';

/** What happens to a paid deposit when the buyer cancels before the cut-off. */
export type DepositOnCancel = 'refund' | 'keep';

/** The nursery as buyers see it: on the order page and printed on confirmations. */
export interface NurseryInfo {
  name: string;
  address: string;
  pickupPlace: string;
  /** How a deposit is paid (cash at the office, WeChat to the manager's number …). */
  depositPayment: string;
  phone: string;
}

export interface OrderSettingsResponse {
  /** Deposit as a share of the order total (default 30 %). */
  depositShare: number;
  /** Days after placing the deposit is due (default 7). */
  depositDueDays: number;
  /** Days after the warning before an unpaid reservation lapses (default 2). */
  lapseGraceDays: number;
  shortfallPolicy: ShortfallPolicy;
  /** Refill (补苗) trays per planned sowing (default 2). */
  refillTrays: number;
  /** How far ahead sowings are planned and dates searched (days). */
  horizonDays: number;
  /**
   * A buyer cancels or changes a promised line up to this many days before its date, and not once
   * a batch serving it is sown (default 14); after that only the manager does.
   */
  cancelCutoffDays: number;
  /** A paid deposit when a buyer cancels before the cut-off (default: refunded in full). */
  depositOnCancel: DepositOnCancel;
  nursery: NurseryInfo;
}

export type UpdateOrderSettingsRequest = Partial<Omit<OrderSettingsResponse, 'nursery'>> & {
  nursery?: Partial<NurseryInfo>;
};

/** A variety a buyer can order by name, with its prices. */
export interface CatalogueVariety {
  name: string;
  nameEn: string | null;
  prices: TrayPrice[];
}

/** One crop of what can be ordered, with its prices and the earliest pickup dates right now. */
export interface CatalogueCrop {
  key: string;
  nameZh: string;
  nameEn: string;
  /** Cells per tray, the default first. */
  trays: number[];
  graft: 'none' | 'rare' | 'optional' | 'common';
  /** Fen per seedling in the default tray: the nursery's seed; grafted (null when the crop is not grafted); own seed (来种代育). */
  priceFen: number;
  graftedPriceFen: number | null;
  ownSeedPriceFen: number;
  /** The whole price table, one row per tray. */
  prices: TrayPrice[];
  /** Its varieties, each with its own price table (its crop's where it sets none). */
  varieties: CatalogueVariety[];
  /** Earliest pickup for `sampleQuantity` seedlings (default tray, not grafted), null beyond the horizon. */
  earliestSample: IsoDate | null;
  /** The buyer's last quantity of this crop (else of their last line), and its earliest pickup. */
  lastQuantity: number | null;
  earliestLast: IsoDate | null;
}

export interface OrderCatalogueResponse {
  /** The nursery's today (the earliest dates count from it). */
  today: IsoDate;
  /** When the earliest dates were computed (they are kept until a batch or an order changes). */
  computedAt: IsoDateTime;
  sampleQuantity: number;
  /** Seedlings one line may ask for. */
  minQuantity: number;
  maxQuantity: number;
  crops: CatalogueCrop[];
  nursery: NurseryInfo;
  depositShare: number;
  depositDueDays: number;
  cancelCutoffDays: number;
  depositOnCancel: DepositOnCancel;
}

/** What placing the order now would do to each line (nothing is reserved). */
export interface DryRunLine {
  outcome: 'confirmed' | 'waitlisted';
  /** The date a confirmed line would be promised for. */
  date: IsoDate | null;
  /** A waitlisted line's earliest date that works now, or null within the horizon. */
  earliestDate: IsoDate | null;
  priceFen: number;
  amountFen: number;
}

export interface OrderDryRunResponse {
  lines: DryRunLine[];
  totalFen: number;
  depositFen: number;
  depositDue: IsoDate;
}
