import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '#config';
import type { Clock } from '#contracts';
import { AuditRepository } from '../audit/audit.repository.js';
import type { AuthUser } from '../auth/auth-user.js';
import { DomainError } from '../common/domain-error.js';
import { APP_CONFIG, CLOCK } from '../common/tokens.js';
import type { Zone } from './zone.entity.js';
import type { CreateZoneDto, UpdateZoneDto } from './zones.dto.js';
import { ZonesRepository } from './zones.repository.js';

@Injectable()
export class ZonesService {
  constructor(
    private readonly zones: ZonesRepository,
    private readonly audit: AuditRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  list(site?: string): Promise<Zone[]> {
    return this.zones.list(site);
  }

  /** A zone by its topic code on a site (the configured site by default); 404 ZONE_NOT_FOUND. */
  async get(code: string, site = this.config.siteCode): Promise<Zone> {
    const zone = await this.zones.findByCode(site, code);
    if (!zone) throw new DomainError('ZONE_NOT_FOUND', `Zone ${site}/${code} not found`, 404);
    return zone;
  }

  async create(input: CreateZoneDto, by: AuthUser): Promise<Zone> {
    const site = input.site ?? this.config.siteCode;
    if (await this.zones.findByCode(site, input.code)) {
      throw DomainError.conflict('ZONE_EXISTS', `Zone ${site}/${input.code} already exists`, {
        zone: input.code,
      });
    }
    const zone = await this.zones.create({
      site,
      code: input.code,
      kind: input.kind,
      name: input.name,
      nameEn: input.nameEn ?? null,
      hasHeating: input.hasHeating ?? false,
      hasBoomIrrigation: input.hasBoomIrrigation ?? false,
      hasBenchHeat: input.hasBenchHeat ?? false,
      sortOrder: input.sortOrder ?? 0,
    });
    await this.audit.appendUserAction(
      by,
      'zone.created',
      zone.id,
      { site, code: zone.code },
      new Date(this.clock.now()),
    );
    return zone;
  }

  async update(code: string, changes: UpdateZoneDto, by: AuthUser, site?: string): Promise<Zone> {
    const zone = await this.get(code, site);
    const updated = await this.zones.update(zone.id, changes);
    if (!updated) throw DomainError.notFound('ZONE_NOT_FOUND', 'Zone not found', { zone: code });
    await this.audit.appendUserAction(
      by,
      'zone.updated',
      zone.id,
      { ...changes },
      new Date(this.clock.now()),
    );
    return updated;
  }
}
