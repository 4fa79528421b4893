import { Inject, Injectable } from '@nestjs/common';
import { type CropKey, type CropProfile } from '#agronomy';
import type { HouseLimitsResponse } from '#contracts';
import { DomainError } from '../common/domain-error.js';
import { CROP_PROFILES, type CropProfileProvider, type CropProfileSet } from './crop-profiles.js';
import { type HouseBatch, type HouseLimits, type ThresholdSetting, houseLimits } from './house-limits.js';
import { limitSources } from './limit-sources.js';
import { ThresholdsReadModel } from './thresholds.read-model.js';

/** Every house's limits at one moment, read once: what one alarm evaluation judges against. */
export interface ThresholdsSnapshot {
  readonly houses: readonly HouseLimits[];
  readonly batches: readonly HouseBatch[];
  readonly settings: readonly ThresholdSetting[];
  readonly profiles: CropProfileSet;
}

/**
 * The limits in force: for a house, from the crops, varieties and stages in it, with the house's
 * setpoint band derived from them. Alarms judge against them, control's interlocks and the house
 * programme keep inside them; all three ask here, so they never disagree.
 */
@Injectable()
export class ThresholdsService {
  constructor(
    private readonly readModel: ThresholdsReadModel,
    @Inject(CROP_PROFILES) private readonly crops: CropProfileProvider,
  ) {}

  /** The limits in force in one house now. */
  async inForce(zoneCode: string): Promise<HouseLimits> {
    const house = (await this.readModel.houses(zoneCode))[0];
    if (!house) throw new DomainError('ZONE_NOT_FOUND', `Zone ${zoneCode} not found`, 404);
    const batches = await this.readModel.batchesInHouses(zoneCode);
    const settings = await this.readModel.settings();
    return houseLimits(house, batches, settings, await this.crops.profiles());
  }

  /** The limits in force in one house now, each beside its source (the page's 在用限值). */
  async inForceWithSources(zoneCode: string): Promise<HouseLimitsResponse> {
    const limits = await this.inForce(zoneCode);
    return {
      zone: limits.house.code,
      limits: limitSources(limits, await this.crops.profiles()),
      setpointBand: { minC: limits.band.setpointMinC, maxC: limits.band.setpointMaxC },
      conflicts: [...limits.conflicts],
      moistureBasis: limits.batches.map((batch) => ({
        code: batch.code,
        benches: batch.benches,
        sensors: [...batch.moistureSensors],
      })),
    };
  }

  async snapshot(): Promise<ThresholdsSnapshot> {
    // One after the other: each evaluation holds one pool connection, not three (ingest needs them).
    const settings = await this.readModel.settings();
    const batches = await this.readModel.batchesInHouses();
    const houses = await this.readModel.houses();
    const profiles = await this.crops.profiles();
    const batchesOf = new Map<string, HouseBatch[]>();
    for (const batch of batches) batchesOf.set(batch.zone, [...(batchesOf.get(batch.zone) ?? []), batch]);
    return {
      houses: houses.map((house) => houseLimits(house, batchesOf.get(house.code) ?? [], settings, profiles)),
      batches,
      settings,
      profiles,
    };
  }

  /** The batches in a house still holding seedlings. */
  batchesIn(zoneCode: string): Promise<HouseBatch[]> {
    return this.readModel.batchesInHouses(zoneCode);
  }

  /** One crop's (or variety's) profile from the catalogue in force. */
  async cropProfile(crop: CropKey, variety: string | null = null): Promise<CropProfile> {
    return (await this.crops.profiles()).profile(crop, variety);
  }
}
