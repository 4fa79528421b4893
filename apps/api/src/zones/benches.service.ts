import { Inject, Injectable } from '@nestjs/common';
import type { BenchResponse, Clock } from '#contracts';
import { AuditRepository } from '../audit/audit.repository.js';
import type { AuthUser } from '../auth/auth-user.js';
import { DomainError } from '../common/domain-error.js';
import { CLOCK } from '../common/tokens.js';
import type { Bench } from './bench.entity.js';
import type { CreateBenchDto, UpdateBenchDto } from './benches.dto.js';
import { BenchesRepository } from './benches.repository.js';
import type { Zone } from './zone.entity.js';
import { ZonesService } from './zones.service.js';

/** The benches of a house as records: the manager keeps them, every change is audited. */
@Injectable()
export class BenchesService {
  constructor(
    private readonly benches: BenchesRepository,
    private readonly zones: ZonesService,
    private readonly audit: AuditRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async list(zoneCode: string): Promise<BenchResponse[]> {
    const zone = await this.zones.get(zoneCode);
    return (await this.benches.ofZone(zone.id)).map((bench) => toResponse(zone, bench));
  }

  /** The benches of `ids` in a house, in the order given; 400 BENCH_NOT_FOUND when one is not the house's. */
  async inZone(zoneCode: string, ids: readonly string[]): Promise<BenchResponse[]> {
    const zone = await this.zones.get(zoneCode);
    const benches = await this.benches.ofZone(zone.id);
    return [...new Set(ids)].map((id) => {
      const bench = benches.find((each) => each.id === id);
      if (!bench) throw DomainError.invalid('BENCH_NOT_FOUND', `Bench ${id} is not a bench of ${zone.code}`);
      return toResponse(zone, bench);
    });
  }

  async create(zoneCode: string, input: CreateBenchDto, by: AuthUser): Promise<BenchResponse> {
    const zone = await this.zones.get(zoneCode);
    const name = input.name.trim();
    const created = await this.benches.create({
      zoneId: zone.id,
      name,
      areaM2: input.areaM2 ?? null,
      boom: input.boom ?? null,
      moistureSensor: input.moistureSensor ?? null,
      position: input.position ?? (await this.benches.nextPosition(zone.id)),
    });
    if (created === 'name-taken') throw nameTaken(name);
    await this.audit.appendUserAction(
      by,
      'bench.created',
      created.id,
      { zone: zone.code, name, areaM2: created.areaM2, boom: created.boom, position: created.position },
      new Date(this.clock.now()),
    );
    return toResponse(zone, created);
  }

  async update(zoneCode: string, id: string, changes: UpdateBenchDto, by: AuthUser): Promise<BenchResponse> {
    const zone = await this.zones.get(zoneCode);
    await this.found(zone, id);
    const updated = await this.benches.update(id, {
      ...changes,
      ...(changes.name === undefined ? {} : { name: changes.name.trim() }),
    });
    if (updated === 'name-taken') throw nameTaken(changes.name?.trim() ?? '');
    if (!updated) throw DomainError.notFound('BENCH_NOT_FOUND', `Bench ${id} not found in ${zone.code}`);
    await this.audit.appendUserAction(
      by,
      'bench.updated',
      id,
      { zone: zone.code, ...changes },
      new Date(this.clock.now()),
    );
    return toResponse(zone, updated);
  }

  async remove(zoneCode: string, id: string, by: AuthUser): Promise<void> {
    const zone = await this.zones.get(zoneCode);
    const bench = await this.found(zone, id);
    if (!(await this.benches.remove(id)))
      throw DomainError.notFound('BENCH_NOT_FOUND', `Bench ${id} not found in ${zone.code}`);
    await this.audit.appendUserAction(
      by,
      'bench.deleted',
      id,
      { zone: zone.code, name: bench.name },
      new Date(this.clock.now()),
    );
  }

  private async found(zone: Zone, id: string): Promise<Bench> {
    const bench = await this.benches.findInZone(zone.id, id);
    if (!bench) throw DomainError.notFound('BENCH_NOT_FOUND', `Bench ${id} not found in ${zone.code}`);
    return bench;
  }
}

function nameTaken(name: string): DomainError<'BENCH_EXISTS'> {
  return DomainError.conflict('BENCH_EXISTS', `A bench named ${name} exists in the house`, { name });
}

function toResponse(zone: Zone, bench: Bench): BenchResponse {
  return {
    id: bench.id,
    zone: zone.code,
    name: bench.name,
    areaM2: bench.areaM2,
    boom: bench.boom,
    moistureSensor: bench.moistureSensor,
    position: bench.position,
  };
}
