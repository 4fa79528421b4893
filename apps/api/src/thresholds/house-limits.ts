import { climateStageOf } from '#contracts';
import type { CropProfileSet } from './crop-profiles.js';
import { type BandConflict, bandConflicts } from './band-conflicts.js';
import {
  type ActiveCrop,
  type ThresholdOverrides,
  type ZoneKindForAlarms,
  type ZoneThresholds,
  deriveThresholds,
  setpointBand,
} from './thresholds.js';

/** A house (zone) as the thresholds see it. */
export interface HouseRow {
  site: string;
  code: string;
  kind: string;
  hasHeating: boolean;
}

/**
 * A batch still holding seedlings, at one place it stands in: a batch spread over two houses after
 * a partial move is two of these, one per house, each judged where it stands.
 */
export interface HouseBatch {
  id: string;
  /** Where these trays stand now (the germination room, a house). */
  zone: string;
  /** Its home house (`batches.zone`): where most of its trays stand, or the house sown for. */
  homeZone: string;
  /** The trays standing here, and on which benches (null: not said). */
  trays: number;
  benches: string | null;
  /**
   * The substrate probes measuring those benches (bench records' `moistureSensor`): its moisture is
   * judged on them. Empty: no mapping, the house's probes speak for it (the house-wide rule).
   */
  moistureSensors: readonly string[];
  code: string;
  crop: string;
  variety: string | null;
  stage: string;
  readyFrom: string | null;
  sowDate: string | null;
  allocated: boolean;
}

/** An override row a manager set: for a zone ('*' = every zone) and a stage ('' = any stage). */
export interface ThresholdSetting {
  zone: string;
  stage: string;
  thresholds: ThresholdOverrides;
  /** Per-rule timing overrides; the alarms read them, the thresholds only pass them on. */
  rules: Readonly<Record<string, { enabled?: boolean; onDelayMs?: number; offDelayMs?: number } | undefined>>;
}

/** One batch's own limits where it stands: its crop, variety and stage, with the overrides that apply. */
export interface BatchLimits {
  readonly batch: HouseBatch;
  readonly thresholds: ZoneThresholds;
}

/** The limits in force in one house and what they were derived from. */
export interface HouseLimits {
  readonly house: HouseRow;
  readonly batches: readonly HouseBatch[];
  readonly crops: readonly ActiveCrop[];
  /**
   * The house's programme: the band every batch can live with (the highest lower limit, the lowest
   * upper one). Heating holds the warmest night minimum any batch needs even where that band is
   * empty (cold kills, warmth only costs); `conflicts` says where it is empty.
   */
  readonly thresholds: ZoneThresholds;
  /** Each batch (of a crop the catalogue knows) with its own limits: what the alarms judge it by. */
  readonly batchLimits: readonly BatchLimits[];
  /** Where the house's batches share no band ("conflicting crops in one house"). */
  readonly conflicts: readonly BandConflict[];
  /** The setpoint band the control interlocks allow (derived from the thresholds). */
  readonly band: { readonly setpointMinC: number; readonly setpointMaxC: number };
  /** The override rows that apply here, least specific first (the last one wins). */
  readonly applicable: readonly ThresholdSetting[];
}

/**
 * The limits in force in a house: its crops (batches of a known crop, each at the agronomy stage its
 * batch stage maps to) through the crop profiles, then the settings that apply to the house and to
 * a stage present in it, site-wide before zone, stage-less before stage.
 */
export function houseLimits(
  house: HouseRow,
  batches: readonly HouseBatch[],
  settings: readonly ThresholdSetting[],
  profiles: CropProfileSet,
): HouseLimits {
  const kind = house.kind as ZoneKindForAlarms;
  const known = batches.filter((batch) => profiles.has(batch.crop));
  const cropOf = (batch: HouseBatch): ActiveCrop => ({
    crop: batch.crop,
    variety: batch.variety,
    stage: climateStageOf(batch.stage),
  });
  const crops: ActiveCrop[] = known.map(cropOf);
  const applicableTo = (stages: ReadonlySet<string>) =>
    settings
      .filter((s) => (s.zone === '*' || s.zone === house.code) && (s.stage === '' || stages.has(s.stage)))
      .sort(
        (a, b) =>
          Number(a.zone !== '*') - Number(b.zone !== '*') || Number(a.stage !== '') - Number(b.stage !== ''),
      );
  const applicable = applicableTo(new Set(crops.map((crop) => crop.stage)));
  const thresholds = deriveThresholds(
    kind,
    crops,
    profiles,
    applicable.map((s) => s.thresholds),
  );
  const batchLimits = known.map((batch) => {
    const crop = cropOf(batch);
    const own = applicableTo(new Set([crop.stage])).map((s) => s.thresholds);
    return { batch, thresholds: deriveThresholds(kind, [crop], profiles, own) };
  });
  return {
    house,
    batches,
    crops,
    thresholds,
    batchLimits,
    conflicts: bandConflicts(batchLimits, profiles),
    band: setpointBand(thresholds),
    applicable,
  };
}
