import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { Bench } from './bench.entity.js';

@Injectable()
export class BenchesRepository {
  constructor(@InjectRepository(Bench) private readonly benches: Repository<Bench>) {}

  /** A house's benches front to back (position, then name for equal positions). */
  ofZone(zoneId: string): Promise<Bench[]> {
    return this.benches.find({ where: { zoneId }, order: { position: 'ASC', name: 'ASC' } });
  }

  findInZone(zoneId: string, id: string): Promise<Bench | null> {
    return this.benches.findOneBy({ zoneId, id });
  }

  async nextPosition(zoneId: string): Promise<number> {
    const row = await this.benches
      .createQueryBuilder('bench')
      .select('MAX(bench.position)', 'last')
      .where('bench.zone_id = :zoneId', { zoneId })
      .getRawOne<{ last: number | null }>();
    return row?.last === null || row?.last === undefined ? 1 : row.last + 1;
  }

  /** The new bench, or 'name-taken' when the house has one of that name (checked by the unique index). */
  async create(
    bench: Pick<Bench, 'zoneId' | 'name' | 'areaM2' | 'boom' | 'moistureSensor' | 'position'>,
  ): Promise<Bench | 'name-taken'> {
    try {
      return await this.benches.save(this.benches.create(bench));
    } catch (error) {
      if (isNameTaken(error)) return 'name-taken';
      throw error;
    }
  }

  async update(
    id: string,
    changes: Partial<Pick<Bench, 'name' | 'areaM2' | 'boom' | 'moistureSensor' | 'position'>>,
  ): Promise<Bench | 'name-taken' | null> {
    try {
      if (Object.keys(changes).length > 0) await this.benches.update({ id }, changes);
    } catch (error) {
      if (isNameTaken(error)) return 'name-taken';
      throw error;
    }
    return this.benches.findOneBy({ id });
  }

  async remove(id: string): Promise<boolean> {
    const result = await this.benches.delete({ id });
    return (result.affected ?? 0) > 0;
  }
}

/** A second bench of the same name in a house: two managers adding "A3" at once both pass the service's look-up. */
function isNameTaken(error: unknown): boolean {
  const driver = (error as { driverError?: { code?: unknown; constraint?: unknown } }).driverError;
  return driver?.code === '23505' && driver.constraint === 'benches_zone_name_key';
}
