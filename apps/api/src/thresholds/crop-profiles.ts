import type { CropProfileSet } from '#agronomy';

export type { CropProfileSet } from '#agronomy';

/**
 * Where the thresholds service takes crop profiles from: the catalogue's rows (CropsService, bound
 * to {@link CROP_PROFILES} in ThresholdsModule). Tests bind a set built over the seed table.
 */
export interface CropProfileProvider {
  profiles(): Promise<CropProfileSet>;
}

export const CROP_PROFILES = Symbol('CROP_PROFILES');
