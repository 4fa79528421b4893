import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { germinationRoomOf } from './germination-room.js';
import { Zone } from './zone.entity.js';

@Injectable()
export class ZonesRepository {
  constructor(@InjectRepository(Zone) private readonly zones: Repository<Zone>) {}

  list(site?: string): Promise<Zone[]> {
    return this.zones.find({
      where: site ? { site } : {},
      order: { site: 'ASC', sortOrder: 'ASC', code: 'ASC' },
    });
  }

  findByCode(site: string, code: string): Promise<Zone | null> {
    return this.zones.findOneBy({ site, code });
  }

  /** The site's germination room, where sown trays stand until moved; null when it has none. */
  germinationRoom(site: string): Promise<string | null> {
    return germinationRoomOf(this.zones.manager, site);
  }

  findById(id: string): Promise<Zone | null> {
    return this.zones.findOneBy({ id });
  }

  async create(zone: Omit<Zone, 'id' | 'createdAt' | 'updatedAt'>): Promise<Zone> {
    return this.zones.save(this.zones.create(zone));
  }

  async update(id: string, changes: Partial<Zone>): Promise<Zone | null> {
    await this.zones.update({ id }, changes);
    return this.findById(id);
  }

  /** Inserts the zone unless one with its site and code exists (idempotent seeding). */
  async ensure(zone: Omit<Zone, 'id' | 'createdAt' | 'updatedAt'>): Promise<Zone> {
    await this.zones.createQueryBuilder().insert().values(zone).orIgnore().execute();
    const stored = await this.findByCode(zone.site, zone.code);
    if (!stored) throw new Error(`zone ${zone.site}/${zone.code} missing after insert`);
    return stored;
  }
}
