import { Inject, Injectable } from '@nestjs/common';
import { CROPS, CROP_KEYS, type CropCatalogue, type CropProfile, isCropKey } from '#agronomy';
import type { Clock } from '#contracts';
import { AuditRepository, userActor } from '../audit/audit.repository.js';
import type { AuthUser } from '../auth/auth-user.js';
import { DomainError } from '../common/domain-error.js';
import { CLOCK } from '../common/tokens.js';
import type { UpdateCropDto } from './crops.dto.js';
import { CropsRepository } from './crops.repository.js';

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Deep merge of plain objects; arrays and scalars replace. */
function merge(base: unknown, patch: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(patch)) return patch;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(patch)) out[key] = merge(base[key], value);
  return out;
}

/** The crop catalogue: libs/agronomy defaults (docs/domain.md §1.4) with the manager's edits on top. */
@Injectable()
export class CropsService {
  constructor(
    private readonly crops: CropsRepository,
    private readonly audit: AuditRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async catalogue(): Promise<CropCatalogue> {
    const overrides = await this.crops.allOverrides();
    const entries = CROP_KEYS.map((key) => [key, merge(CROPS[key], overrides.get(key) ?? {}) as CropProfile]);
    return Object.fromEntries(entries) as CropCatalogue;
  }

  async list(): Promise<CropProfile[]> {
    const catalogue = await this.catalogue();
    return CROP_KEYS.map((key) => catalogue[key]);
  }

  async get(key: string): Promise<CropProfile> {
    if (!isCropKey(key)) throw new DomainError('CROP_NOT_FOUND', `Unknown crop ${key}`, 404);
    return (await this.catalogue())[key];
  }

  async update(key: string, changes: UpdateCropDto, by: AuthUser): Promise<CropProfile> {
    if (!isCropKey(key)) throw new DomainError('CROP_NOT_FOUND', `Unknown crop ${key}`, 404);
    const overrides = await this.crops.allOverrides();
    const next = merge(overrides.get(key) ?? {}, { ...changes }) as Record<string, unknown>;
    await this.crops.saveOverrides(key, next);
    await this.audit.append({
      at: new Date(this.clock.now()),
      actor: userActor(by),
      action: 'crop.updated',
      entityType: 'crop',
      entityId: key,
      details: { ...changes },
    });
    return this.get(key);
  }
}
