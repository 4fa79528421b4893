import { Inject, Injectable } from '@nestjs/common';
import {
  type CropCatalogue,
  DEFAULT_HOLD_DAYS,
  type MatchingBatch,
  type MatchingOrderLine,
  type MatchingState,
  type NurseryCapacity,
  type OrderLineStatus,
  type PlanningLoss,
  finishedBatchOf,
  forecastSaleable,
  planningLossTable,
  planningLosses,
} from '#agronomy';
import type { AppConfig } from '#config';
import type { Clock } from '#contracts';
import { nurseryDate } from '../common/nursery-date.js';
import { APP_CONFIG, CLOCK } from '../common/tokens.js';
import type { Tx } from '../common/transaction.js';
import { CropsService } from '../crops/crops.service.js';
import type { Zone } from '../zones/zone.entity.js';
import { ZonesRepository } from '../zones/zones.repository.js';
import {
  type AllocationRowData,
  type BatchRow,
  type LineRow,
  MatchingRepository,
} from './matching.repository.js';
import { type OrderSettings, OrderSettingsService } from './order-settings.js';

export interface MatchingContext {
  settings: OrderSettings;
  catalogue: CropCatalogue;
  zones: Zone[];
  /** Per crop and sowing season, the loss new sowings are sized with (catalogue or own history). */
  planningLosses: PlanningLoss[];
}

/** The engine's input, with the rows it was built from (a run compares its result with them). */
export type LoadedMatchingState = MatchingState & {
  rows: { batches: BatchRow[]; lines: LineRow[]; allocations: AllocationRowData[] };
};

/** Forecast saleable seedlings of a stored batch, less what was sold over the counter. */
export function batchForecast(batch: BatchRow): number {
  const forecast = forecastSaleable({
    cellsSown: Math.max(0, batch.trays - batch.refillTrays) * batch.cells,
    // After grafting the survivors are the batch's living plants, whatever emerged before.
    emerged: batch.survived ?? batch.emerged,
    refilled: batch.refilled,
    culled: batch.culled,
    saleable: batch.saleable,
    emergePct: batch.emergePct,
    saleablePct: batch.saleablePct,
  });
  return Math.max(0, forecast - batch.walkInSold);
}

/**
 * Reads the state the pure matching engine of libs/agronomy works on: live batches, allocations,
 * matchable lines and the nursery's capacity. A matching run and the occupancy calendar read the same.
 */
@Injectable()
export class MatchingStateReader {
  constructor(
    private readonly repository: MatchingRepository,
    private readonly crops: CropsService,
    private readonly zones: ZonesRepository,
    private readonly settings: OrderSettingsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  nowMs(): number {
    return this.clock.now();
  }

  /** The calendar date at the nursery, in its configured time zone. */
  today(): string {
    return nurseryDate(this.clock.now(), this.config.nurseryTimeZone);
  }

  /**
   * What a run reads before it locks anything: settings, the crop catalogue, the zones, and the
   * losses of the closed batches (a batch closing inside a run changes the next run's plan, not its own).
   */
  async context(): Promise<MatchingContext> {
    const catalogue = await this.crops.catalogue();
    return {
      settings: await this.settings.get(),
      catalogue,
      zones: await this.zones.list(this.config.siteCode),
      planningLosses: await this.planningLosses(catalogue),
    };
  }

  /** Every crop and season: the catalogue's loss, the history's and the one plans use. */
  async planningLosses(catalogue?: CropCatalogue): Promise<PlanningLoss[]> {
    const crops = catalogue ?? (await this.crops.catalogue());
    const closed = await this.repository.closedBatchCounts(this.repository.reader);
    const finished = closed.flatMap((counts) => {
      const crop = crops[counts.crop] as CropCatalogue[string] | undefined;
      const batch = crop ? finishedBatchOf(counts, crop) : null;
      return batch ? [batch] : [];
    });
    return planningLosses(crops, finished);
  }

  /** The engine's input read through `tx`; the live batch rows are locked FOR UPDATE when `forUpdate`. */
  async load(
    tx: Tx,
    forUpdate: boolean,
    { settings, catalogue, zones, planningLosses: losses }: MatchingContext,
  ): Promise<LoadedMatchingState> {
    const batches = await this.repository.liveBatches(tx, forUpdate);
    const allocations = await this.repository.allocations(tx);
    const lines = await this.repository.matchableLines(tx);
    const capacity: NurseryCapacity = {
      zones: zones
        .filter((zone) => zone.kind === 'greenhouse')
        .map((zone) => ({
          zone: zone.code,
          benchTrays: zone.trayCapacity ?? Math.floor((zone.benchAreaM2 ?? 0) * (zone.traysPerM2 ?? 0)),
        })),
      germinationRoomTrays: zones
        .filter((zone) => zone.kind === 'germination')
        .reduce((sum, zone) => sum + (zone.trayCapacity ?? 0), 0),
    };
    return {
      batches: batches.map((batch) => toMatchingBatch(batch)),
      allocations: allocations.map(({ lineId, batchId, quantity }) => ({ lineId, batchId, quantity })),
      lines: lines.map((line) => toMatchingLine(line)),
      catalogue,
      capacity,
      settings: {
        refillTrays: settings.refillTrays,
        shortfallPolicy: settings.shortfallPolicy,
        horizonDays: settings.horizonDays,
        holdDays: DEFAULT_HOLD_DAYS,
      },
      today: this.today(),
      planningLoss: planningLossTable(losses),
      rows: { batches, lines, allocations },
    };
  }
}

function toMatchingBatch(batch: BatchRow): MatchingBatch {
  return {
    id: batch.id,
    crop: batch.crop,
    cultivar: batch.cultivar,
    cells: batch.cells,
    grafted: batch.grafted,
    seedOwner: batch.seedOwner,
    zone: batch.zone,
    sowDate: batch.sowDate,
    trays: batch.trays,
    readyFrom: batch.readyFrom,
    readyUntil: batch.readyUntil,
    forecastSaleable: batchForecast(batch),
    status: batch.stage === 'planned' ? 'planned' : 'active',
  };
}

function toMatchingLine(line: LineRow): MatchingOrderLine {
  const placedAt = line.placedAt as unknown;
  return {
    id: line.id,
    orderId: line.orderId,
    placedAt: placedAt instanceof Date ? placedAt.toISOString() : String(placedAt),
    crop: line.crop,
    quantity: line.quantity,
    wantedFrom: line.wantedFrom,
    wantedUntil: line.wantedUntil,
    cultivar: line.cultivar,
    cells: line.cells,
    grafted: line.grafted,
    seedOwner: line.seedOwner,
    status: line.status as OrderLineStatus,
    confirmedDate: line.confirmedDate,
  };
}
