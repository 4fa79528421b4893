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

/** A bench of a house (`GET /api/zones/:zone/benches`), in its position order. */
export interface BenchResponse {
  id: string;
  /** The house's topic code. */
  zone: string;
  name: string;
  /** Bench-top area in m²; null where not measured. */
  areaM2: number | null;
  /** The boom that waters it (its device id, `boom-1`); null where watered by hand. */
  boom: string | null;
  /**
   * The substrate probe measuring it (its device id, `substrate-1`): batches standing here are
   * judged on it. Null: the house-wide rule (every probe of the house speaks for it).
   */
  moistureSensor: string | null;
  position: number;
}

export interface CreateBenchRequest {
  name: string;
  areaM2?: number | null;
  boom?: string | null;
  moistureSensor?: string | null;
  /** After the house's last bench when absent. */
  position?: number;
}

export interface UpdateBenchRequest {
  name?: string;
  areaM2?: number | null;
  boom?: string | null;
  moistureSensor?: string | null;
  position?: number;
}

/**
 * A limit in force in a house (`GET /api/zones/:zone/limits`): the day and night air setpoints,
 * the cold and heat warnings and critical limits, the substrate moisture band, and the humidity
 * limit of the zone's kind. The alarms judge against these and the heating keeps inside them.
 */
export type LimitKey =
  | 'daySetpointC'
  | 'nightSetpointC'
  | 'coldWarnC'
  | 'coldCritC'
  | 'hotWarnC'
  | 'hotCritC'
  | 'vwcLowerPct'
  | 'vwcUpperPct'
  | 'highHumidityRhPct'
  | 'healingRhLowPct';

/** A batch whose crop and stage set a limit (the most sensitive crop in the house wins). */
export interface LimitBatchSource {
  /** The batch's code, `B-20261206-01`. */
  code: string;
  crop: string;
  /** The batch's stage (`hardening`, `germinating` …), as `GET /api/batches` answers it. */
  stage: string;
}

/** Where a limit in force comes from. */
export type LimitSource =
  /** The crops and stages in the house: each batch that sets it (several when they agree). */
  | { kind: 'crop'; batches: LimitBatchSource[] }
  /** No batch in the house: the crop and stage of the empty-house setting (`stage` an agronomy stage). */
  | { kind: 'fallback'; crop: string; stage: string }
  /** A manager's override (`PUT /api/alarms/settings/:zone`): `zone` '*' for the whole site, `stage` '' for any stage. */
  | { kind: 'override'; zone: string; stage: string }
  /** Fixed for the zone's kind: 30 °C heat warning and 85 % humidity floor in a healing room. */
  | { kind: 'zone-kind'; zoneKind: ZoneKind }
  /** Fixed by the alarm rule itself (high humidity at 90 %, docs/alarms.md). */
  | { kind: 'rule' };

export interface LimitInForceResponse {
  key: LimitKey;
  value: number;
  unit: '°C' | '%';
  source: LimitSource;
  /**
   * What the catalogue alone gives here (the house's crops and stages, else the empty-house setting,
   * and the zone kind), before any override: equal to `value` unless an override set it.
   */
  catalogueValue: number;
}

/**
 * Batches in one house that share no band of one metric (night air °C, substrate moisture %): each
 * with its own band. The house cannot hold both; heating holds the warmest night minimum.
 */
export interface BandConflict {
  metric: 'nightC' | 'vwcPct';
  batches: { id: string; code: string; crop: string; stage: string; lo: number; hi: number }[];
}

export interface HouseLimitsResponse {
  zone: string;
  limits: LimitInForceResponse[];
  /** The setpoints the control interlocks accept, derived from the limits. */
  setpointBand: { minC: number; maxC: number };
  /** "Conflicting crops in one house": the metrics whose bands do not overlap (empty: none). */
  conflicts: BandConflict[];
  /**
   * What each batch standing here has its substrate moisture judged on: the probes of its benches,
   * or none (empty `sensors`: no bench of it names a probe, the house-wide rule applies).
   */
  moistureBasis: { code: string; benches: string | null; sensors: string[] }[];
}
