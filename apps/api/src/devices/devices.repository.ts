import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { Device } from './device.entity.js';
import { PendingDevice } from './pending-device.entity.js';

@Injectable()
export class DevicesRepository {
  constructor(
    @InjectRepository(Device) private readonly devices: Repository<Device>,
    @InjectRepository(PendingDevice) private readonly pending: Repository<PendingDevice>,
  ) {}

  list(site?: string): Promise<Device[]> {
    return this.devices.find({
      where: site ? { site } : {},
      order: { site: 'ASC', zoneCode: 'ASC', device: 'ASC' },
    });
  }

  findById(id: string): Promise<Device | null> {
    return this.devices.findOneBy({ id });
  }

  findByAddress(site: string, zoneCode: string, device: string): Promise<Device | null> {
    return this.devices.findOneBy({ site, zoneCode, device });
  }

  create(device: Omit<Device, 'id' | 'createdAt' | 'updatedAt' | 'zone'>): Promise<Device> {
    return this.devices.save(this.devices.create(device));
  }

  async update(id: string, changes: Partial<Omit<Device, 'zone'>>): Promise<Device> {
    await this.devices.update({ id }, changes as Parameters<Repository<Device>['update']>[1]);
    return this.devices.findOneByOrFail({ id });
  }

  listPending(): Promise<PendingDevice[]> {
    return this.pending.find({ order: { lastSeenAt: 'DESC' } });
  }

  async removePending(site: string, zone: string, device: string): Promise<void> {
    await this.pending.delete({ site, zone, device });
  }

  /** Devices that sent nothing for 3x their interval (at least 5 minutes) while marked online. */
  async markStale(now: Date): Promise<Device[]> {
    const rows: Device[] = await this.devices.query(
      `UPDATE devices SET presence = 'stale'
        WHERE presence = 'online' AND enabled
          AND coalesce(last_seen_at, created_at) < $1::timestamptz - make_interval(secs => greatest(3 * interval_s, 300))
        RETURNING id`,
      [now.toISOString()],
    );
    const ids = (
      Array.isArray(rows[0]) ? (rows[0] as { id: string }[]) : (rows as unknown as { id: string }[])
    ).map((row) => row.id);
    return ids.length === 0 ? [] : this.devices.findBy(ids.map((id) => ({ id })));
  }
}
