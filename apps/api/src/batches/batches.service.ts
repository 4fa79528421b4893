// Seedling batches and their stage: list and read them, create, edit, move one through its stages
// (over-aging on schedule), delete; and the locked, matched change every entry on a batch goes
// through. The technician's other records (counts, moves, sowing, grafting) are batch-records.service.ts.
import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { emergeFractionFor, readyWindow, seasonOf } from '#agronomy';
import type { AppConfig } from '#config';
import type { BatchLocation } from '#contracts';
import type { AuthUser } from '../auth/auth-user.js';
import { BuyersRepository } from '../buyers/buyers.repository.js';
import { DomainError } from '../common/domain-error.js';
import { APP_CONFIG } from '../common/tokens.js';
import { CropsService } from '../crops/crops.service.js';
import { type MatchRun, MatchingService } from '../matching/matching.service.js';
import { batchForecast } from '../matching/matching-state.js';
import type { Tx } from '../common/transaction.js';
import { PassportService } from '../passport/passport.service.js';
import { ZonesRepository } from '../zones/zones.repository.js';
import type { BatchEventKind } from './batch-event.entity.js';
import { type Batch, FINAL_STAGES } from './batch.entity.js';
import {
  type LocationEvent,
  type LocationStay,
  batchLocations,
  batchPlaces,
  entryImpact,
} from './batch-entries.js';
import type { CreateBatchDto, ListBatchesQuery, StageEventDto, UpdateBatchDto } from './batches.dto.js';
import { BatchesRepository } from './batches.repository.js';
import { userActor } from '../audit/audit.repository.js';

const NOBODY = '00000000-0000-0000-0000-000000000000';

export interface BatchView extends Batch {
  forecastSaleable: number;
  allocated: number;
  free: number;
}

@Injectable()
export class BatchesService {
  constructor(
    private readonly batches: BatchesRepository,
    private readonly matching: MatchingService,
    private readonly crops: CropsService,
    private readonly zones: ZonesRepository,
    private readonly buyers: BuyersRepository,
    private readonly passports: PassportService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private async scopeOf(user: AuthUser): Promise<string | undefined> {
    if (user.role !== 'buyer') return undefined;
    return (await this.buyers.findByUser(user.id))?.id ?? NOBODY;
  }

  async list(
    query: ListBatchesQuery,
    user: AuthUser,
  ): Promise<(BatchView & { locations: BatchLocation[] })[]> {
    const rows = await this.batches.list({ ...query, buyerId: await this.scopeOf(user) });
    const totals = await this.batches.allocatedTotals(rows.map((row) => row.id));
    const events = await this.batches.locationEvents(rows.map((row) => row.id));
    const germinationRoom = await this.germinationRoom();
    return rows.map((row) => ({
      ...this.view(row, totals.get(row.id) ?? 0),
      locations: batchLocations(
        { zone: row.zone, benches: row.benches, trays: row.trays },
        events.get(row.id) ?? [],
        { germinationRoom },
      ),
    }));
  }

  async get(id: string, user: AuthUser) {
    const scope = await this.scopeOf(user);
    const batch = await this.batches.findById(id, scope);
    if (!batch) throw new DomainError('BATCH_NOT_FOUND', `Batch ${id} not found`, 404);
    const totals = await this.batches.allocatedTotals([id]);
    const allocations = await this.batches.allocations(id, scope);
    const events = await this.batches.events(id);
    return {
      ...this.view(batch, totals.get(id) ?? 0),
      ...(await this.whereItStood(batch, events)),
      history: events
        // A buyer sees the stages of a batch that serves them, never other customers' sales or
        // who on the staff did what.
        .filter((event) => scope === undefined || event.kind !== 'walk_in')
        .map((event) =>
          scope === undefined
            ? {
                id: event.id,
                at: event.at.toISOString(),
                kind: event.kind,
                by: event.byName,
                ...event.details,
              }
            : { at: event.at.toISOString(), kind: event.kind },
        ),
      allocations,
    };
  }

  async create(input: CreateBatchDto, user: AuthUser) {
    const crop = await this.crops.require(input.crop, input.cultivar ?? null);
    await this.checkZone(input.zone);
    const sowDate = input.sowDate ?? this.matching.today();
    const grafted = input.grafted ?? false;
    const cells = input.cells ?? crop.traysDefault;
    const refillTrays = input.refillTrays ?? 0;
    if (refillTrays >= input.trays)
      throw DomainError.invalid('REFILL_NOT_FEWER', 'refillTrays must be fewer than trays');
    const window = readyWindow(crop, sowDate, grafted, crop.holdDays);
    const { value } = await this.matching.withMatching('batch sown', userActor(user), async (tx, run) => {
      const batch = await this.batches.insert(tx, {
        code: `B${randomUUID().slice(0, 8).toUpperCase()}`,
        crop: input.crop,
        cultivar: input.cultivar ?? null,
        cells,
        grafted,
        rootstockBatchId: input.rootstockBatchId ?? null,
        seedOwner: input.seedOwnerBuyerId ?? 'nursery',
        seedLot: input.seedLot ?? null,
        zone: input.zone,
        benches: input.benches ?? null,
        trays: input.trays,
        cellsSown: input.trays * cells,
        refillTrays,
        sowDate,
        stage: input.stage ?? 'sown',
        emerged: null,
        survived: null,
        refilled: 0,
        culled: 0,
        saleable: null,
        walkInSold: 0,
        emergePct: emergeFractionFor(crop, seasonOf(sowDate)),
        saleablePct: crop.saleablePct,
        readyFrom: window.readyFrom,
        readyUntil: window.readyUntil,
        note: input.note ?? null,
      });
      await this.batches.addEvent(tx, {
        batchId: batch.id,
        at: new Date(this.matching.nowMs()),
        kind: 'created',
        details: {
          stage: batch.stage,
          trays: batch.trays,
          sowDate,
          zone: batch.zone,
          benches: batch.benches,
        },
        byName: user.name,
      });
      run.touchBatch(batch.id, batch.zone);
      return batch.id;
    });
    // A cultivar typed at sowing becomes a variety of the catalogue (nothing of its own yet).
    await this.crops.noteCultivar(input.crop, input.cultivar ?? null);
    return this.get(value, user);
  }

  async update(id: string, changes: UpdateBatchDto, user: AuthUser) {
    await this.change(id, user, 'batch edited', async (batch, tx) => {
      await this.batches.update(tx, batch.id, changes);
      return { kind: 'stage' as const, details: { edited: { ...changes } } };
    });
    return this.get(id, user);
  }

  async stage(id: string, input: StageEventDto, user: AuthUser) {
    const profiles = await this.crops.profiles();
    const { run } = await this.change(id, user, `stage ${input.stage}`, async (batch, tx) => {
      if (FINAL_STAGES.includes(batch.stage))
        throw DomainError.conflict('BATCH_CLOSED', `Batch is ${batch.stage}`, { stage: batch.stage });
      const changes: Partial<Batch> = { stage: input.stage };
      if (input.stage === 'sown' && input.date !== undefined && input.date !== batch.sowDate) {
        const crop = profiles.profile(batch.crop, batch.cultivar);
        const window = readyWindow(crop, input.date, batch.grafted, crop.holdDays);
        Object.assign(changes, {
          sowDate: input.date,
          readyFrom: window.readyFrom,
          readyUntil: window.readyUntil,
        });
      }
      // A culled batch has nothing left to sell: its reservations fall short (shortfall policy). What it
      // still held counts as lost in the annual report, as does what an over-aged batch never sold.
      const details: Record<string, unknown> = {
        from: batch.stage,
        to: input.stage,
        date: input.date ?? null,
        note: input.note ?? null,
      };
      if (input.stage === 'culled') {
        Object.assign(changes, { saleable: 0 });
        Object.assign(details, { culled: batchForecast(batch), cullReason: input.cullReason ?? 'other' });
      }
      if (input.stage === 'over_aged') {
        const allocated = (await this.batches.allocatedTotals([batch.id])).get(batch.id) ?? 0;
        Object.assign(details, {
          culled: Math.max(0, batchForecast(batch) - allocated),
          cullReason: 'over_aged',
        });
      }
      await this.batches.update(tx, batch.id, changes);
      return { kind: 'stage' as const, details };
    });
    return this.entry(id, user, run);
  }

  /** An entry's answer: the batch as it is now and what the entry did to the orders. */
  async entry(id: string, user: AuthUser, run: MatchRun) {
    return { batch: await this.get(id, user), impact: entryImpact(run.lineChanges) };
  }

  async remove(id: string, user: AuthUser): Promise<void> {
    await this.change(id, user, 'batch deleted', async (batch, tx) => {
      const totals = await this.batches.allocatedTotals([batch.id]);
      if ((totals.get(batch.id) ?? 0) > 0)
        throw DomainError.conflict('BATCH_ALLOCATED', 'Seedlings of this batch are promised to orders');
      await this.batches.remove(tx, batch.id);
      return null;
    });
  }

  /** Marks batches past their ready window over-aged once no order waits on them (see the schedule). */
  async overAge(): Promise<string[]> {
    const actor: AuthUser = {
      id: '00000000-0000-0000-0000-000000000000',
      role: 'technician',
      name: 'over-aging',
      phone: '',
    };
    const due = await this.batches.pastReadyWindow(this.matching.today());
    for (const { id } of due)
      await this.stage(id, { stage: 'over_aged', note: 'past the ready window' }, actor);
    return due.map(({ id }) => id);
  }

  /** The one way an entry changes a batch: locked, matched again, recorded as its event. */
  async change(
    id: string,
    user: AuthUser,
    reason: string,
    work: (
      batch: Batch,
      tx: Tx,
      run: MatchRun,
    ) => Promise<{ kind: BatchEventKind; details: Record<string, unknown> } | null>,
  ) {
    let closesStage = false;
    const result = await this.matching.withMatching(reason, userActor(user), async (tx, run) => {
      const batch = await this.batches.forUpdate(tx, id);
      if (!batch) throw new DomainError('BATCH_NOT_FOUND', `Batch ${id} not found`, 404);
      const event = await work(batch, tx, run);
      if (event)
        await this.batches.addEvent(tx, {
          batchId: id,
          at: new Date(this.matching.nowMs()),
          kind: event.kind,
          details: event.details,
          byName: user.name,
        });
      closesStage = event !== null && closesAStage(event);
      run.touchBatch(id, batch.zone);
    });
    // A stage closed: its climate passport figures are stored now, while the raw readings are here.
    if (closesStage) await this.passports.storeQuietly([id]);
    return result;
  }

  /**
   * Where the batch's trays stand now and where they stood before, from its events (the germination
   * room counts as a place when the nursery has one).
   */
  async whereItStood(
    batch: Pick<Batch, 'zone' | 'benches' | 'trays'>,
    events: readonly LocationEvent[],
  ): Promise<{ locations: BatchLocation[]; stays: LocationStay[] }> {
    const germinationRoom = await this.germinationRoom();
    return batchPlaces({ zone: batch.zone, benches: batch.benches, trays: batch.trays }, events, {
      germinationRoom,
    });
  }

  /** The site's germination room, where sown trays stand until moved (null: none). */
  germinationRoom(): Promise<string | null> {
    return this.zones.germinationRoom(this.config.siteCode);
  }

  async checkZone(code: string): Promise<void> {
    if (!(await this.zones.findByCode(this.config.siteCode, code)))
      throw new DomainError('ZONE_NOT_FOUND', `Zone ${code} not found`, 404);
  }

  private view(batch: Batch, allocated: number): BatchView {
    const forecast = FINAL_STAGES.includes(batch.stage) ? 0 : batchForecast(batch);
    return { ...batch, forecastSaleable: forecast, allocated, free: Math.max(0, forecast - allocated) };
  }
}

/** An entry that ends one stage and starts another (a stage change, sowing a planned batch, grafting). */
function closesAStage(event: { kind: BatchEventKind; details: Record<string, unknown> }): boolean {
  if (event.kind === 'stage') return typeof event.details.to === 'string';
  return event.kind === 'sow' || event.kind === 'graft';
}
