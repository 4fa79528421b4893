// The technician's records on a batch besides its stage: counts (and culls), moves between houses,
// sowing a planned batch, grafting onto a rootstock batch, and corrections of a wrong count.
import { Injectable } from '@nestjs/common';
import { emergeFractionFor, readyWindow, seasonOf } from '#agronomy';
import type { AuthUser } from '../auth/auth-user.js';
import { DomainError } from '../common/domain-error.js';
import { CropsService } from '../crops/crops.service.js';
import { BenchesService } from '../zones/benches.service.js';
import { MatchingService } from '../matching/matching.service.js';
import { type Batch, FINAL_STAGES } from './batch.entity.js';
import { batchLocations, mainZone } from './batch-entries.js';
import type {
  CorrectionDto,
  CountEventDto,
  GraftBatchDto,
  MoveBatchDto,
  SowBatchDto,
} from './batches.dto.js';
import { BatchesRepository } from './batches.repository.js';
import { BatchesService } from './batches.service.js';

@Injectable()
export class BatchRecordsService {
  constructor(
    private readonly batches: BatchesRepository,
    private readonly lifecycle: BatchesService,
    private readonly matching: MatchingService,
    private readonly crops: CropsService,
    private readonly benchRecords: BenchesService,
  ) {}

  async count(id: string, input: CountEventDto, user: AuthUser) {
    if ((input.culled ?? 0) > 0 && input.cullReason === undefined)
      throw DomainError.invalid('CULL_REASON_REQUIRED', 'cullReason is required with culled');
    const { run } = await this.lifecycle.change(
      id,
      user,
      input.culled ? `culled: ${input.cullReason}` : 'counts',
      async (batch, tx) => {
        if (FINAL_STAGES.includes(batch.stage))
          throw DomainError.conflict('BATCH_CLOSED', `Batch is ${batch.stage}`, { stage: batch.stage });
        const changes: Partial<Batch> = {};
        if (input.emerged !== undefined) changes.emerged = input.emerged;
        if (input.survived !== undefined) {
          if (!batch.grafted)
            throw DomainError.invalid('VALIDATION_FAILED', 'survived is counted on a grafted batch');
          changes.survived = input.survived;
        }
        if (input.refilled !== undefined) changes.refilled = batch.refilled + input.refilled;
        if (input.culled !== undefined) {
          changes.culled = batch.culled + input.culled;
          // Once saleable seedlings are counted, a later cull comes out of them.
          if (batch.saleable !== null && input.saleable === undefined)
            changes.saleable = Math.max(0, batch.saleable - input.culled);
        }
        if (input.saleable !== undefined) changes.saleable = input.saleable;
        await this.batches.update(tx, batch.id, changes);
        return { kind: 'count' as const, details: { ...input } };
      },
    );
    const entry = await this.lifecycle.entry(id, user, run);
    return {
      ...entry,
      shortLines: [...run.outcomes.values()].filter((outcome) => outcome.outcome === 'short'),
    };
  }

  /**
   * Some or all trays to another house (and benches): one batch, a `move` event (trays, from, to,
   * benches); where its trays stand is derived from those events (their climate is judged there),
   * and the house holding most of them is its home house for capacity, matching and reports.
   */
  async move(id: string, input: MoveBatchDto, user: AuthUser) {
    await this.lifecycle.checkZone(input.zone);
    // Chosen bench records also label the place, so their trays stand apart from the rest of the
    // house's, exactly as a typed-in bench text does.
    const chosen = input.benchIds ? await this.benchRecords.inZone(input.zone, input.benchIds) : [];
    const benchText =
      input.benches ??
      (chosen.length > 0
        ? chosen
            .map((b) => b.name)
            .join(', ')
            .slice(0, 200)
        : null);
    const germinationRoom = await this.lifecycle.germinationRoom();
    const { run } = await this.lifecycle.change(id, user, 'moved', async (batch, tx) => {
      // A planned batch stands nowhere yet, and a closed one has no trays left to move.
      if (batch.stage === 'planned')
        throw DomainError.conflict('BATCH_NOT_SOWN', 'A planned batch has no trays to move yet');
      if (FINAL_STAGES.includes(batch.stage))
        throw DomainError.conflict('BATCH_CLOSED', `Batch is ${batch.stage}`, { stage: batch.stage });
      const events = await this.batches.events(id);
      const start = { zone: batch.zone, benches: batch.benches, trays: batch.trays };
      const places = batchLocations(start, events, { germinationRoom });
      // Without a `from`, the trays come from where most of them stand (the germination room too).
      const from = input.from ?? mainZone(places, batch.zone);
      const standing = places
        .filter(
          (p) => p.zone === from && (input.fromBenches === undefined || p.benches === input.fromBenches),
        )
        .reduce((sum, p) => sum + p.trays, 0);
      const trays = input.trays ?? standing;
      if (trays === 0 || trays > standing)
        throw DomainError.invalid(
          'VALIDATION_FAILED',
          `${standing} trays of this batch stand there; cannot move ${trays}`,
        );
      const details = {
        trays,
        from,
        fromBenches: input.fromBenches ?? null,
        to: input.zone,
        benches: benchText,
        ...(chosen.length > 0 ? { benchIds: chosen.map((b) => b.id) } : {}),
        note: input.note ?? null,
      };
      const after = batchLocations(start, [...events, { kind: 'move', details }], { germinationRoom });
      const zone = mainZone(after, batch.zone, germinationRoom);
      const benches = after
        .filter((p) => p.zone === zone)
        .map((p) => p.benches ?? '')
        .filter(Boolean);
      await this.batches.update(tx, batch.id, {
        zone,
        benches: benches.length > 0 ? benches.join(', ').slice(0, 200) : null,
      });
      return { kind: 'move' as const, details };
    });
    return this.lifecycle.entry(id, user, run);
  }

  /**
   * A planned batch becomes sown with what was used: trays, cells, seed lot. The lot's germination
   * test sets the expected emergence (the crop's seasonal default otherwise); the sowing date moves
   * the ready window.
   */
  async sow(id: string, input: SowBatchDto, user: AuthUser) {
    const profiles = await this.crops.profiles();
    let crop = '';
    let cultivar: string | null = null;
    if (input.zone !== undefined) await this.lifecycle.checkZone(input.zone);
    const { run } = await this.lifecycle.change(id, user, 'planned batch sown', async (batch, tx) => {
      if (batch.stage !== 'planned')
        throw DomainError.conflict('BATCH_CLOSED', `Batch is ${batch.stage}, not planned`, {
          stage: batch.stage,
        });
      cultivar = input.cultivar?.trim() || batch.cultivar;
      crop = batch.crop;
      const profile = profiles.profile(batch.crop, cultivar);
      const date = input.date ?? this.matching.today();
      const cells = input.cells ?? batch.cells;
      const window = readyWindow(profile, date, batch.grafted, profile.holdDays);
      const emergePct =
        input.germinationPct !== undefined
          ? input.germinationPct / 100
          : emergeFractionFor(profile, seasonOf(date));
      const zone = input.zone ?? batch.zone;
      const benches = input.benches ?? batch.benches;
      await this.batches.update(tx, batch.id, {
        stage: 'sown',
        cultivar,
        trays: input.trays,
        cells,
        cellsSown: input.trays * cells,
        refillTrays: Math.min(batch.refillTrays, input.trays - 1),
        seedLot: input.seedLot,
        sowDate: date,
        emergePct,
        readyFrom: window.readyFrom,
        readyUntil: window.readyUntil,
        zone,
        benches,
      });
      return {
        kind: 'sow' as const,
        details: {
          planned: { trays: batch.trays, cells: batch.cells, sowDate: batch.sowDate, zone: batch.zone },
          trays: input.trays,
          cells,
          cultivar,
          seedLot: input.seedLot,
          germinationPct: input.germinationPct ?? null,
          expectedEmergence: emergePct,
          date,
          zone,
          benches,
          note: input.note ?? null,
        },
      };
    });
    // A cultivar typed at sowing becomes a variety of the catalogue (nothing of its own yet).
    await this.crops.noteCultivar(crop, cultivar);
    return this.lifecycle.entry(id, user, run);
  }

  /**
   * Scions of this batch grafted onto a rootstock batch: the two stay separate batches, linked by
   * the scion's rootstockBatchId and a graft event on each (date, count, who). The scion batch
   * becomes grafted (its ready window grows by the crop's grafting days) and enters healing later
   * by a stage change; its survival is counted after healing (`survived`).
   */
  async graft(id: string, input: GraftBatchDto, user: AuthUser) {
    const profiles = await this.crops.profiles();
    if (input.rootstockBatchId === id)
      throw DomainError.invalid('VALIDATION_FAILED', 'A batch is not its own rootstock');
    const date = input.date ?? this.matching.today();
    const { run } = await this.lifecycle.change(id, user, 'grafted', async (scion, tx, matchRun) => {
      if (FINAL_STAGES.includes(scion.stage) || scion.stage === 'planned')
        throw DomainError.conflict('BATCH_CLOSED', `Batch is ${scion.stage}`, { stage: scion.stage });
      const rootstock = await this.batches.forUpdate(tx, input.rootstockBatchId);
      if (!rootstock)
        throw new DomainError('BATCH_NOT_FOUND', `Batch ${input.rootstockBatchId} not found`, 404);
      if (FINAL_STAGES.includes(rootstock.stage) || rootstock.stage === 'planned')
        throw DomainError.conflict('BATCH_CLOSED', `Rootstock batch is ${rootstock.stage}`, {
          stage: rootstock.stage,
        });
      const crop = profiles.profile(scion.crop, scion.cultivar);
      const window = readyWindow(crop, scion.sowDate, true, crop.holdDays);
      await this.batches.update(tx, scion.id, {
        grafted: true,
        rootstockBatchId: rootstock.id,
        stage: 'grafted',
        readyFrom: window.readyFrom,
        readyUntil: window.readyUntil,
      });
      const details = {
        date,
        count: input.count,
        scionBatchId: scion.id,
        scionCode: scion.code,
        rootstockBatchId: rootstock.id,
        rootstockCode: rootstock.code,
        note: input.note ?? null,
      };
      await this.batches.addEvent(tx, {
        batchId: rootstock.id,
        at: new Date(this.matching.nowMs()),
        kind: 'graft',
        details,
        byName: user.name,
      });
      await this.batches.update(tx, rootstock.id, { stage: 'grafted' });
      matchRun.touchBatch(rootstock.id, rootstock.zone);
      return { kind: 'graft' as const, details };
    });
    return this.lifecycle.entry(id, user, run);
  }

  /** A wrong count is set right by a correction entry (from, to, why); the history keeps both. */
  async correct(id: string, input: CorrectionDto, user: AuthUser) {
    const { run } = await this.lifecycle.change(id, user, `correction: ${input.field}`, async (batch, tx) => {
      const before = batch[input.field];
      await this.batches.update(tx, batch.id, { [input.field]: input.value });
      return {
        kind: 'correction' as const,
        details: { field: input.field, from: before, to: input.value, reason: input.reason },
      };
    });
    return this.lifecycle.entry(id, user, run);
  }
}
