import { Inject, Injectable } from '@nestjs/common';
import {
  type CropCatalogue,
  type CropProfile,
  type CropProfileSet,
  type VarietyRecord,
  mergeProfile,
  profileSet,
  varietyProfile,
} from '#agronomy';
import type { Clock, CropResponse, EmptyHouseResponse } from '#contracts';
import { AuditRepository, userActor } from '../audit/audit.repository.js';
import type { AuthUser } from '../auth/auth-user.js';
import { DomainError } from '../common/domain-error.js';
import { CLOCK } from '../common/tokens.js';
import type {
  CreateCropDto,
  CreateVarietyDto,
  EmptyHouseDto,
  UpdateCropDto,
  UpdateVarietyDto,
} from './crops.dto.js';
import { CropsRepository } from './crops.repository.js';
import { profileProblem } from './profile-problems.js';

/** A DTO as plain data: class-transformer leaves undefined for fields not sent, which must not merge. */
function sent(fields: object): Record<string, unknown> {
  return JSON.parse(JSON.stringify(fields)) as Record<string, unknown>;
}

/**
 * The crop catalogue (docs/catalogue.md): the `crops` and `varieties` tables, read once and kept in
 * memory until the manager edits them. Planning, matching, prices, the alarms, control's interlocks
 * and the house programme all take their crop profiles from here (the thresholds service binds it
 * as its CROP_PROFILES provider); nothing reads the seed table at run time.
 */
@Injectable()
export class CropsService {
  private cached: Promise<CropProfileSet> | null = null;

  constructor(
    private readonly crops: CropsRepository,
    private readonly audit: AuditRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** The profiles in force: crops and varieties. */
  profiles(): Promise<CropProfileSet> {
    if (!this.cached) {
      const loading = Promise.all([
        this.crops.allCrops(),
        this.crops.allVarieties(),
        this.crops.emptyHouse(),
      ]).then(([crops, varieties, emptyHouse]) => profileSet(crops, varieties, emptyHouse));
      // A failed read (the database restarting) is not kept: the next call reads again.
      loading.catch(() => {
        if (this.cached === loading) this.cached = null;
      });
      this.cached = loading;
    }
    return this.cached;
  }

  /** Crop key → crop profile (varieties aside): what planning and matching index by. */
  async catalogue(): Promise<CropCatalogue> {
    return (await this.profiles()).catalogue;
  }

  /** The crop's profile, or a 400 naming the unknown crop (for a key sent in a request). */
  async require(key: string, variety: string | null = null): Promise<CropProfile> {
    const set = await this.profiles();
    if (!set.has(key)) throw DomainError.invalid('UNKNOWN_CROP', `Unknown crop ${key}`, { crop: key });
    return set.profile(key, variety);
  }

  async list(): Promise<CropResponse[]> {
    const [set, inUse] = await Promise.all([this.profiles(), this.crops.keysInUse()]);
    return set.crops.map((crop) => this.describe(set, crop, inUse));
  }

  async get(key: string): Promise<CropResponse> {
    const [set, inUse] = await Promise.all([this.profiles(), this.crops.keysInUse()]);
    if (!set.has(key)) throw DomainError.notFound('CROP_NOT_FOUND', `Unknown crop ${key}`, { crop: key });
    return this.describe(set, set.profile(key), inUse);
  }

  async create(input: CreateCropDto, by: AuthUser): Promise<CropResponse> {
    const set = await this.profiles();
    const { key, copyOf, ...fields } = sent(input) as unknown as CreateCropDto;
    const template = copyOf ?? set.crops[0]?.key;
    if (!template || !set.has(template))
      throw DomainError.invalid('UNKNOWN_CROP', `Unknown crop ${template}`, { crop: template ?? '' });
    const profile = { ...(mergeProfile(set.profile(template), fields) as CropProfile), key };
    this.check(profile);
    if (!(await this.crops.insertCrop(profile)))
      throw DomainError.conflict('CROP_EXISTS', `Crop ${key} exists`, { crop: key });
    await this.changed(by, 'crop.created', key, { copyOf: template, ...fields });
    return this.get(key);
  }

  async update(key: string, changes: UpdateCropDto, by: AuthUser): Promise<CropResponse> {
    const set = await this.profiles();
    if (!set.has(key)) throw DomainError.notFound('CROP_NOT_FOUND', `Unknown crop ${key}`, { crop: key });
    const fields = sent(changes);
    const profile = { ...(mergeProfile(set.profile(key), fields) as CropProfile), key };
    this.check(profile);
    // A variety keeps its own fields: its profile over the edited crop must still be sound.
    for (const variety of set.varietiesOf(key)) this.check(varietyProfile(profile, variety), variety.name);
    await this.crops.saveCrop(profile);
    await this.changed(by, 'crop.updated', key, fields);
    return this.get(key);
  }

  async addVariety(key: string, input: CreateVarietyDto, by: AuthUser): Promise<CropResponse> {
    const set = await this.profiles();
    if (!set.has(key)) throw DomainError.notFound('CROP_NOT_FOUND', `Unknown crop ${key}`, { crop: key });
    const variety: VarietyRecord = {
      crop: key,
      name: input.name.trim(),
      nameEn: input.nameEn?.trim() || null,
      overrides: sent(input.overrides ?? {}),
    };
    this.check(varietyProfile(set.profile(key), variety), variety.name);
    if (!(await this.crops.insertVariety(variety)))
      throw DomainError.conflict('VARIETY_EXISTS', `Variety ${variety.name} exists`, {
        crop: key,
        name: variety.name,
      });
    await this.changed(by, 'variety.created', key, { ...variety });
    return this.get(key);
  }

  async updateVariety(
    key: string,
    name: string,
    changes: UpdateVarietyDto,
    by: AuthUser,
  ): Promise<CropResponse> {
    const set = await this.profiles();
    const current = set.has(key) ? set.varietiesOf(key).find((variety) => variety.name === name) : undefined;
    if (!current) throw DomainError.notFound('VARIETY_NOT_FOUND', `No variety ${name}`, { crop: key, name });
    const variety: VarietyRecord = {
      ...current,
      nameEn: changes.nameEn === undefined ? current.nameEn : changes.nameEn?.trim() || null,
      overrides: changes.overrides === undefined ? current.overrides : sent(changes.overrides),
    };
    this.check(varietyProfile(set.profile(key), variety), name);
    await this.crops.saveVariety(variety);
    await this.changed(by, 'variety.updated', key, { name, ...sent(changes) });
    return this.get(key);
  }

  /** What an empty house is held to: a crop of the catalogue and a stage. */
  async emptyHouse(): Promise<EmptyHouseResponse> {
    return { ...(await this.profiles()).emptyHouse };
  }

  async setEmptyHouse(input: EmptyHouseDto, by: AuthUser): Promise<EmptyHouseResponse> {
    await this.require(input.crop);
    await this.crops.saveEmptyHouse({ crop: input.crop, stage: input.stage });
    await this.changed(by, 'crop.empty-house', input.crop, { stage: input.stage });
    return this.emptyHouse();
  }

  /**
   * Makes a cultivar typed at sowing a variety of its crop (with nothing of its own), so the
   * catalogue lists every variety the nursery grows. Refreshes the cache only when it added one.
   */
  async noteCultivar(crop: string, cultivar: string | null): Promise<void> {
    const name = cultivar?.trim();
    if (!name) return;
    const set = await this.profiles();
    if (!set.has(crop) || set.varietiesOf(crop).some((variety) => variety.name === cultivar)) return;
    if (await this.crops.insertVariety({ crop, name: cultivar!, nameEn: null, overrides: {} }))
      this.cached = null;
  }

  private check(profile: CropProfile, variety?: string): void {
    const problem = profileProblem(profile);
    if (problem)
      throw DomainError.invalid(
        'CROP_PROFILE_INVALID',
        `${variety ? `Variety ${variety}: ` : ''}${problem.field}: ${problem.reason}`,
        problem,
      );
  }

  private async changed(by: AuthUser, action: string, key: string, details: Record<string, unknown>) {
    this.cached = null;
    await this.audit.append({
      at: new Date(this.clock.now()),
      actor: userActor(by),
      action,
      entityType: 'crop',
      entityId: key,
      details,
    });
  }

  private describe(set: CropProfileSet, crop: CropProfile, inUse: ReadonlySet<string>): CropResponse {
    const { key, nameZh, nameEn, ...profile } = crop;
    return {
      ...structuredClone(
        profile as unknown as Omit<CropResponse, 'key' | 'nameZh' | 'nameEn' | 'inUse' | 'varieties'>,
      ),
      key,
      nameZh,
      nameEn,
      inUse: inUse.has(key),
      varieties: set.varietiesOf(key).map((variety) => {
        const { key: _k, nameZh: _z, nameEn: _e, ...merged } = set.profile(key, variety.name);
        return {
          crop: key,
          name: variety.name,
          nameEn: variety.nameEn,
          overrides: structuredClone(variety.overrides),
          profile: structuredClone(merged) as unknown as CropResponse['varieties'][number]['profile'],
        };
      }),
    };
  }
}
