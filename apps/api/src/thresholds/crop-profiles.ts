import { CROPS, type CropKey, type CropProfile } from '#agronomy';

/** The crop profiles in force at one moment: one answer per crop and variety. */
export interface CropProfileSet {
  /** The variety's profile when the catalogue knows the variety, else the crop's. */
  profile(crop: CropKey, variety?: string | null): CropProfile;
}

/**
 * Where the thresholds service takes crop profiles from. The only place that decides which
 * catalogue is in force: the built-in one today, the catalogue's database rows once that lands
 * (bind another class to {@link CROP_PROFILES} in ThresholdsModule; nothing else changes).
 */
export interface CropProfileProvider {
  profiles(): Promise<CropProfileSet>;
}

export const CROP_PROFILES = Symbol('CROP_PROFILES');

/** The catalogue shipped in libs/agronomy. It has no variety rows, so a variety gets its crop's profile. */
export class BuiltInCropProfiles implements CropProfileProvider {
  private readonly set: CropProfileSet = { profile: (crop) => CROPS[crop] };

  profiles(): Promise<CropProfileSet> {
    return Promise.resolve(this.set);
  }
}
