import type { DeviceKind } from '../mqtt/devices.js';
import type { IsoDateTime } from './common.js';
import type { Presence } from './telemetry.js';

/** A registered device, without its password hash. */
export interface DeviceResponse {
  id: string;
  site: string;
  zoneId: string;
  zoneCode: string;
  device: string;
  kind: DeviceKind;
  metrics: string[];
  intervalS: number;
  enabled: boolean;
  /** Its MQTT account. */
  username: string;
  presence: Presence;
  lastSeenAt: IsoDateTime | null;
  lastStatus: Record<string, unknown> | null;
  lastStatusAt: IsoDateTime | null;
  meta: Record<string, unknown> | null;
  metaAt: IsoDateTime | null;
  clockSkewMs: number | null;
  clockSkewFlagged: boolean;
  createdAt: IsoDateTime;
  updatedAt: IsoDateTime;
}

/**
 * Registration and rotation answer the MQTT password once; only its hash is kept. A replayed answer
 * (the same request id, after a lost first answer) has `password: null`: rotate again.
 */
export interface IssuedDeviceResponse extends DeviceResponse {
  password: string | null;
}

/** A device seen on the wire that the registry does not know yet. */
export interface PendingDeviceResponse {
  site: string;
  zone: string;
  device: string;
  firstSeenAt: IsoDateTime;
  lastSeenAt: IsoDateTime;
  messages: number;
  lastTopic: string;
}

export interface RegisterDeviceRequest {
  site?: string;
  zone: string;
  device: string;
  kind: DeviceKind;
  metrics?: string[];
  intervalS?: number;
}
