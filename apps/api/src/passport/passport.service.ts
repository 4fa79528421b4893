// The climate passport (气候档案) of a batch: computed from its events and the stored readings,
// stored when a stage closes and when it is delivered, shown to the manager and the adviser, and
// behind a revocable link to the buyer (docs/agronomy.md, "The climate passport").
import { randomBytes } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import QRCode from 'qrcode';
import {
  type ClimatePassportResponse,
  type PassportFigure,
  type PassportPiece,
  climateStageOf,
} from '#contracts';
import { batchStays } from '../batches/batch-entries.js';
import { DomainError } from '../common/domain-error.js';
import { CropsService } from '../crops/crops.service.js';
import { MatchingService } from '../matching/matching.service.js';
import { houseLimits } from '../thresholds/house-limits.js';
import { ThresholdsReadModel, probesOf } from '../thresholds/thresholds.read-model.js';
import {
  HOLD_INTERVALS,
  type HeldSeries,
  type RangeTime,
  addToRange,
  degreeDaysOf,
  switchRuns,
  visitHeld,
} from './held-readings.js';
import { degreeDayBaseC, passportBands } from './passport-bands.js';
import { type PassportLabels, renderPassportPage, renderSlipPassport } from './passport-page.js';
import { type PieceWindow, pieceKey, pieceWindows, stagePeriods } from './passport-pieces.js';
import { type PassportBatchRow, PassportRepository, type SeriesReadings } from './passport.repository.js';
import { passportSummary } from './passport-summary.js';

/** The alarms that are climate events in a batch's life (not a sensor's, a disk's or a backup's). */
export const PASSPORT_RULES = [
  'frost',
  'low-temperature',
  'overheat',
  'overheat-critical',
  'high-humidity',
  'healing-humidity-low',
  'dry-substrate',
  'cold-wet-root-zone',
  'heater-failure',
  'irrigation-runaway',
  'irrigation-ineffective',
  'bench-heat-fault',
  'co2-high-heater',
  'chilling-hours',
  'power-failure',
] as const;

const METRIC_SOURCES = [
  { metric: 'air_temp_c', kinds: ['env'] },
  { metric: 'substrate_vwc_pct', kinds: ['substrate'] },
  { metric: 'air_rh_pct', kinds: ['env'] },
] as const;

@Injectable()
export class PassportService {
  private readonly logger = new Logger(PassportService.name);

  constructor(
    private readonly repository: PassportRepository,
    private readonly crops: CropsService,
    private readonly thresholds: ThresholdsReadModel,
    private readonly matching: MatchingService,
  ) {}

  /**
   * The passport as it stands now, for the manager and the adviser: the stored figures of the
   * pieces that ended, the open ones computed afresh. Nothing is written.
   */
  async live(batchId: string): Promise<ClimatePassportResponse> {
    const batch = await this.requireBatch(batchId);
    const stored = await this.repository.stored(batchId);
    const through = this.matching.nowMs();
    const pieces = await this.pieces(batch, through, stored?.pieces ?? []);
    return this.response(batch, pieces, through, stored?.storedAt ?? null, stored?.token ?? null);
  }

  /**
   * Computes and keeps the passport up to now: a stage closed, or the batch was delivered. Pieces
   * already stored as ended are kept as they are, so their figures survive the readings' retention.
   */
  async store(batchId: string): Promise<void> {
    const batch = await this.repository.batch(batchId);
    if (!batch) return;
    const stored = await this.repository.stored(batchId);
    const now = this.matching.nowMs();
    const pieces = await this.pieces(batch, now, stored?.pieces ?? []);
    await this.repository.store(batchId, pieces, new Date(now), new Date(now));
  }

  /**
   * Stores after an entry has committed; a failure is logged, never the entry's: the next stage
   * close or delivery stores it again, and the live view computes it meanwhile.
   */
  async storeQuietly(batchIds: readonly string[]): Promise<void> {
    for (const id of batchIds) {
      try {
        await this.store(id);
      } catch (error) {
        this.logger.warn(`Climate passport of batch ${id} not stored: ${(error as Error).message}`);
      }
    }
  }

  /** The batches some order lines draw on now (their allocations). */
  batchesOfLines(lineIds: readonly string[]): Promise<string[]> {
    return this.repository.batchesOfLines(lineIds);
  }

  /** Stores the passports of a delivery's batches and gives each a link token (kept if it has one). */
  async forDelivery(batchIds: readonly string[]): Promise<void> {
    for (const id of batchIds) {
      // One batch's failure leaves the others their passport and link (the slip mends it later).
      try {
        await this.store(id);
        await this.repository.ensureToken(id, newToken());
      } catch (error) {
        this.logger.warn(
          `Climate passport of batch ${id} not stored at delivery: ${(error as Error).message}`,
        );
      }
    }
  }

  /**
   * The slip's part for each batch a delivery drew on: its stored passport summary (stored now if
   * the delivery's own storing failed) and the QR code of its link on the nursery's network.
   */
  async slipParts(batchIds: readonly string[], origin: string): Promise<string[]> {
    const parts: string[] = [];
    for (const batchId of batchIds) {
      const batch = await this.repository.batch(batchId);
      if (!batch) continue;
      // Not stored at the delivery (it failed): stored now, with the link the delivery would have
      // made. A passport stored before keeps its token as it is, withdrawn or not.
      let stored = await this.repository.stored(batchId);
      if (stored === null) {
        await this.store(batchId);
        await this.repository.ensureToken(batchId, newToken());
        stored = await this.repository.stored(batchId);
      }
      if (!stored) continue;
      const passport = this.response(
        batch,
        stored.pieces,
        stored.through.getTime(),
        stored.storedAt,
        stored.token,
      );
      const url = stored.token ? `${origin}/api/passports/${stored.token}` : null;
      const link = url
        ? { url, qrSvg: await QRCode.toString(url, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' }) }
        : null;
      parts.push(renderSlipPassport(passport, await this.labels(batch), link));
    }
    return parts;
  }

  /** The buyer's link: the page of the stored figures of the one batch the token names (null: none). */
  async page(token: string): Promise<string | null> {
    const stored = await this.repository.byToken(token);
    const batch = stored ? await this.repository.batch(stored.batchId) : null;
    if (!stored || !batch) return null;
    const passport = this.response(batch, stored.pieces, stored.through.getTime(), stored.storedAt, null);
    return renderPassportPage(passport, await this.labels(batch));
  }

  /** The crop's and the houses' names, for the printed pages. */
  async labels(batch: Pick<PassportBatchRow, 'crop' | 'cultivar'>): Promise<PassportLabels> {
    const [profiles, zones] = await Promise.all([this.crops.profiles(), this.repository.zones()]);
    const profile = profiles.has(batch.crop) ? profiles.profile(batch.crop, batch.cultivar) : null;
    return {
      crop: { zh: profile?.nameZh ?? batch.crop, en: profile?.nameEn ?? batch.crop },
      zones,
    };
  }

  /** A new link for the batch (the old one stops working). */
  async renewLink(batchId: string): Promise<ClimatePassportResponse> {
    await this.requireBatch(batchId);
    if ((await this.repository.stored(batchId)) === null) await this.store(batchId);
    await this.repository.setToken(batchId, newToken());
    return this.live(batchId);
  }

  /** Forgets a stored passport (the demo seed, after dating its batches' entries in the past). */
  async discard(batchId: string): Promise<void> {
    await this.repository.discard(batchId);
  }

  /** The link stops working; the stored figures stay. */
  async revokeLink(batchId: string): Promise<ClimatePassportResponse> {
    await this.requireBatch(batchId);
    await this.repository.setToken(batchId, null);
    return this.live(batchId);
  }

  private async requireBatch(batchId: string): Promise<PassportBatchRow> {
    const batch = await this.repository.batch(batchId);
    if (!batch) throw new DomainError('BATCH_NOT_FOUND', `Batch ${batchId} not found`, 404);
    return batch;
  }

  private response(
    batch: PassportBatchRow,
    pieces: readonly PassportPiece[],
    through: number,
    storedAt: Date | null,
    token: string | null,
  ): ClimatePassportResponse {
    return {
      batchId: batch.id,
      code: batch.code,
      crop: batch.crop,
      cultivar: batch.cultivar,
      sowDate: batch.sowDate,
      storedAt: storedAt?.toISOString() ?? null,
      through: new Date(through).toISOString(),
      pieces: [...pieces],
      summary: passportSummary(pieces),
      token,
    };
  }

  /** Every piece up to `through`: an ended piece already stored is reused, the rest computed. */
  private async pieces(
    batch: PassportBatchRow,
    through: number,
    stored: readonly PassportPiece[],
  ): Promise<PassportPiece[]> {
    const germinationRoom = await this.repository.germinationRoom();
    const events = batch.events.filter((event) => Date.parse(event.at) <= through);
    const stays = batchStays({ zone: batch.zone, benches: batch.benches, trays: batch.trays }, events, {
      germinationRoom,
    });
    const windows = pieceWindows(stagePeriods(events), stays, through);
    const kept = new Map(stored.filter((piece) => piece.closed).map((piece) => [pieceKey(piece), piece]));
    // The catalogue, overrides, houses and bench probes are read only when a piece is computed:
    // a finished batch's passport is all stored pieces.
    let context: Awaited<ReturnType<PassportService['context']>> | undefined;
    const result: PassportPiece[] = [];
    for (const window of windows) {
      const frozen = kept.get(pieceKey(window));
      result.push(frozen ?? (await this.compute(batch, window, (context ??= await this.context()))));
    }
    return result;
  }

  private async context() {
    const [profiles, settings, zones, sensorOf] = await Promise.all([
      this.crops.profiles(),
      this.thresholds.settings(),
      this.repository.zones(),
      this.repository.benchSensors(),
    ]);
    return { profiles, settings, zones, sensorOf };
  }

  /** One piece's figures from the stored readings and alarms. */
  private async compute(
    batch: PassportBatchRow,
    window: PieceWindow,
    context: Awaited<ReturnType<PassportService['context']>>,
  ): Promise<PassportPiece> {
    const { profiles, settings, zones, sensorOf } = context;
    const zoneKind = zones.get(window.zone)?.kind ?? 'greenhouse';
    const known = profiles.has(batch.crop);
    const profile = profiles.profile(
      known ? batch.crop : profiles.emptyHouse.crop,
      known ? batch.cultivar : null,
    );
    const limits = houseLimits(
      { site: '', code: window.zone, kind: zoneKind, hasHeating: true },
      [
        {
          id: batch.id,
          zone: window.zone,
          homeZone: batch.zone,
          trays: window.trays,
          benches: window.benches,
          moistureSensors: [],
          code: batch.code,
          crop: profile.key,
          variety: known ? batch.cultivar : null,
          stage: window.stage,
          readyFrom: null,
          sowDate: batch.sowDate,
          allocated: false,
        },
      ],
      settings,
      profiles,
    );
    const bands = passportBands(
      limits.batchLimits[0].thresholds,
      profile,
      climateStageOf(window.stage),
      zoneKind,
    );
    const probes = probesOf(sensorOf, window.zone, window.benches);
    const from = new Date(window.from);
    const until = new Date(window.until);
    const lookBack = (kinds: readonly string[], metrics: readonly string[], devices?: readonly string[]) =>
      this.repository.readings(window.zone, kinds, metrics, from, until, HOLD_INTERVALS, devices);
    const envAndSubstrate = await lookBack(
      ['env', 'substrate'],
      METRIC_SOURCES.map((source) => source.metric),
    );
    const ownProbes = probes.length > 0 ? await lookBack(['substrate'], ['substrate_vwc_pct'], probes) : [];
    const baseC = degreeDayBaseC(profile);
    let warmth = 0;
    // One pass over each figure's readings; the air's pass also sums the degree-days.
    const figures: PassportFigure[] = METRIC_SOURCES.map(({ metric, kinds }) => {
      const benches = metric === 'substrate_vwc_pct' && ownProbes.some((s) => s.samples.length > 0);
      const series = (benches ? ownProbes : envAndSubstrate).filter(
        (s) => s.metric === metric && (kinds as readonly string[]).includes(s.kind),
      );
      const band = bands[metric];
      const range: RangeTime = { inMs: 0, belowMs: 0, aboveMs: 0, noDataMs: 0 };
      visitHeld(series.map(held), window.from, window.until, (spanFrom, spanUntil, value) => {
        addToRange(range, band, spanUntil - spanFrom, value);
        if (metric === 'air_temp_c') warmth += degreeDaysOf(spanUntil - spanFrom, value, baseC);
      });
      const basis = benches
        ? ('benches' as const)
        : series.length > 0
          ? ('house' as const)
          : ('none' as const);
      return {
        metric,
        lo: band.lo,
        hi: band.hi,
        ...range,
        ...(metric === 'substrate_vwc_pct' ? { basis } : {}),
      };
    });
    const booms = await lookBack(['boom'], ['irrigation_on']);
    let irrigations = 0;
    let irrigationMs = 0;
    for (const boom of booms) {
      const runs = switchRuns(
        boom.samples,
        boom.intervalS * 1000 * HOLD_INTERVALS,
        window.from,
        window.until,
      );
      irrigations += runs.runs;
      irrigationMs += runs.onMs;
    }
    const excursions = await this.repository.excursions(window.zone, PASSPORT_RULES, from, until);
    return {
      stage: window.stage,
      zone: window.zone,
      benches: window.benches,
      trays: window.trays,
      from: from.toISOString(),
      until: until.toISOString(),
      closed: window.closed,
      figures,
      degreeDays: Math.round(warmth * 10) / 10,
      baseC,
      irrigations,
      irrigationMinutes: Math.round(irrigationMs / 60_000),
      excursions: excursions.map((row) => ({
        alarmId: row.id,
        rule: row.rule,
        severity: row.severity,
        raisedAt: row.raisedAt.toISOString(),
        clearedAt: row.clearedAt?.toISOString() ?? null,
        acknowledgedBy: row.acknowledgedBy,
        ackComment: row.ackComment,
        observations: row.observations,
      })),
    };
  }
}

/** A series as the hold arithmetic takes it: a reading stands for up to 3 × its device's interval. */
function held(series: SeriesReadings): HeldSeries {
  return { samples: series.samples, holdMs: series.intervalS * 1000 * HOLD_INTERVALS };
}

/** 128 random bits, base64url: the link's secret. */
function newToken(): string {
  return randomBytes(16).toString('base64url');
}
