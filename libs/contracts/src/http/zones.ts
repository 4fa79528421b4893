import type { IsoDateTime } from './common.js';

export type ZoneKind = 'greenhouse' | 'germination' | 'healing' | 'outdoor';

/** A place of the nursery; `code` is the zone segment of MQTT topics. */
export interface ZoneResponse {
  id: string;
  site: string;
  code: string;
  kind: ZoneKind;
  name: string;
  nameEn: string | null;
  hasHeating: boolean;
  hasBoomIrrigation: boolean;
  hasBenchHeat: boolean;
  sortOrder: number;
  /** Bench area in m² (docs/domain.md); null where not measured. */
  benchAreaM2?: number | null;
  traysPerM2?: number | null;
  benches?: number | null;
  /** Trays held at once, when set explicitly (the germination room's stacks). */
  trayCapacity?: number | null;
  createdAt: IsoDateTime;
  updatedAt: IsoDateTime;
}

export interface SiteQuery {
  site?: string;
}

export interface CreateZoneRequest {
  site?: string;
  code: string;
  kind: ZoneKind;
  name: string;
  nameEn?: string;
  hasHeating?: boolean;
  hasBoomIrrigation?: boolean;
  hasBenchHeat?: boolean;
  sortOrder?: number;
}

export interface UpdateZoneRequest {
  name?: string;
  nameEn?: string;
  kind?: ZoneKind;
  hasHeating?: boolean;
  hasBoomIrrigation?: boolean;
  hasBenchHeat?: boolean;
  sortOrder?: number;
  benchAreaM2?: number;
  traysPerM2?: number;
  benches?: number;
  trayCapacity?: number;
}
