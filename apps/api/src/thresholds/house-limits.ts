import { climateStageOf } from '#contracts';
import type { CropProfileSet } from './crop-profiles.js';
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

/** A batch in a house still holding seedlings. */
export interface HouseBatch {
  id: string;
  zone: string;
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

/** The limits in force in one house and what they were derived from. */
export interface HouseLimits {
  readonly house: HouseRow;
  readonly batches: readonly HouseBatch[];
  readonly crops: readonly ActiveCrop[];
  readonly thresholds: ZoneThresholds;
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
  const crops: ActiveCrop[] = batches
    .filter((batch) => profiles.has(batch.crop))
    .map((batch) => ({
      crop: batch.crop,
      variety: batch.variety,
      stage: climateStageOf(batch.stage),
    }));
  const stages = new Set<string>(crops.map((crop) => crop.stage));
  const applicable = settings
    .filter((s) => (s.zone === '*' || s.zone === house.code) && (s.stage === '' || stages.has(s.stage)))
    .sort(
      (a, b) =>
        Number(a.zone !== '*') - Number(b.zone !== '*') || Number(a.stage !== '') - Number(b.stage !== ''),
    );
  const thresholds = deriveThresholds(
    house.kind as ZoneKindForAlarms,
    crops,
    profiles,
    applicable.map((s) => s.thresholds),
  );
  return { house, batches, crops, thresholds, band: setpointBand(thresholds), applicable };
}
