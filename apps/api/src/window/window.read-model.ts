import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

/** A registered device as the window starts from it. */
export interface DeviceRow {
  site: string;
  zone: string;
  device: string;
  kind: string;
  intervalS: number;
  presence: string;
  lastSeenAt: Date | null;
}

/** The registered devices (the devices room's table), read once at start-up to seed the window. */
@Injectable()
export class WindowReadModel {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async devices(): Promise<DeviceRow[]> {
    const rows: {
      site: string;
      zone_code: string;
      device: string;
      kind: string;
      interval_s: number;
      presence: string;
      last_seen_at: Date | null;
    }[] = await this.dataSource.query(
      'SELECT site, zone_code, device, kind, interval_s, presence, last_seen_at FROM devices WHERE enabled',
    );
    return rows.map((row) => ({
      site: row.site,
      zone: row.zone_code,
      device: row.device,
      kind: row.kind,
      intervalS: row.interval_s,
      presence: row.presence,
      lastSeenAt: row.last_seen_at,
    }));
  }
}
