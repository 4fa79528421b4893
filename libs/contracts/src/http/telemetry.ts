import type { DeadLetterReason } from '../codes/dead-letter-reasons.js';
import type { MetricValue } from '../mqtt/payloads.js';
import type { IsoDateTime } from './common.js';

export type Presence = 'unknown' | 'online' | 'stale' | 'offline';

/** The newest value of one metric of one device, decoded (`"auto"`, `false`), with its age. */
export interface LatestValueResponse {
  metric: string;
  value: MetricValue;
  ts: IsoDateTime;
  ageS: number;
  /** Dew point and VPD, computed from the device's air temperature and humidity. */
  derived?: true;
}

export interface DeviceLatestResponse {
  device: string;
  kind: string;
  presence: Presence;
  lastSeenAt: IsoDateTime | null;
  clockSkewFlagged: boolean;
  /** How often the device reports (seconds): a value much older than this is stale. */
  intervalS: number;
  values: LatestValueResponse[];
}

/** `GET /api/zones/:zone/latest`. */
export interface ZoneLatestResponse {
  site: string;
  zone: string;
  devices: DeviceLatestResponse[];
}

export type ReadingsStep = 'auto' | 'raw' | '1m' | '1h';

export interface ReadingsQuery {
  zone: string;
  metric: string;
  /** ISO 8601 instants. */
  from: IsoDateTime;
  to: IsoDateTime;
  step?: ReadingsStep;
  site?: string;
  device?: string;
  format?: 'json' | 'csv';
}

/** `GET /api/readings/export`: CSV (text), headers and metric names in `lang`, times `+08:00`. */
export interface ReadingsExportQuery {
  zone: string;
  /** Comma-separated metric keys, one to eight. */
  metrics: string;
  from: IsoDateTime;
  to: IsoDateTime;
  step?: ReadingsStep;
  lang?: 'zh' | 'en';
}

export interface SeriesPointResponse {
  ts: IsoDateTime;
  /** Null where a derived metric could not be computed for the bucket. */
  value: number | null;
  min?: number;
  max?: number;
  count?: number;
}

/** One series per device of the zone (`GET /api/readings`). */
export interface SeriesResponse {
  device: string;
  metric: string;
  step: string;
  points: SeriesPointResponse[];
}

/** One message (or part of one) of a device the ingest set aside, newest first. */
export interface DeadLetterResponse {
  id: string;
  at: IsoDateTime;
  reason: DeadLetterReason;
  /** Technical: which keys, which values ("air_temp_c: 999 outside -40…80"). */
  detail: string;
}

export interface DeviceDeadLettersQuery {
  /** At most this many (20 by default, up to 100), from the last 30 days. */
  limit?: number;
}
