import type { Role } from './http/common.js';

/**
 * The Socket.IO contract between the api's live gateway and the dashboard. One connection per page;
 * the access token rides in the handshake (`auth.token`). Staff join zone rooms (`zone:<code>`) by
 * asking for them; buyers are put in their own room (`buyer:<userId>`) and never see zones.
 * Reading pushes are coalesced by the server to at most 2 per second per zone: a push carries the
 * newest value of every device metric that changed since the previous push of that zone.
 */

/** One reading as pushed to the dashboard (`ts` in ms since the epoch, `value` stored form). */
export interface LiveReading {
  readonly device: string;
  readonly metric: string;
  readonly ts: number;
  readonly value: number;
}

export interface LiveReadings {
  readonly site: string;
  readonly zone: string;
  readonly readings: readonly LiveReading[];
}

export interface LivePresence {
  readonly device: string;
  readonly zone: string | null;
  readonly online: boolean;
  readonly ts: number;
}

/** A change notice: the client refetches the record over REST (it has the scoping rules). */
export interface LiveChange {
  readonly id: string;
  readonly zone?: string | null;
  readonly buyerId?: string | null;
  readonly status?: string | null;
  readonly ts: number;
}

export interface LiveHello {
  readonly userId: string;
  readonly role: Role;
  /** Server time (ms), so the page can show value ages without trusting the phone's clock. */
  readonly serverTime: number;
}

/** How the database is doing, as `/health/ready` reports it. */
export type DatabaseState = 'ok' | 'restarting' | 'unreachable' | 'unrecoverable';

/**
 * The api's readiness, sent to every page on connect and on each change, so a page can say
 * 系统恢复中 (recovering) instead of failing request by request.
 */
export interface SystemStatus {
  readonly ready: boolean;
  readonly database: DatabaseState;
  /** Why the api is not ready (the same text as `/health/ready`'s `reason`); null when ready. */
  readonly reason: string | null;
  /** When the current outage began (ms since the epoch); null when ready. */
  readonly since: number | null;
  readonly ts: number;
}

export interface ServerToClientEvents {
  'system.status': (status: SystemStatus) => void;
  'live.hello': (hello: LiveHello) => void;
  'telemetry.readings': (update: LiveReadings) => void;
  'device.presence': (presence: LivePresence) => void;
  'alarm.changed': (change: LiveChange) => void;
  'command.changed': (change: LiveChange) => void;
  'order.changed': (change: LiveChange) => void;
  'batch.changed': (change: LiveChange) => void;
  /** The adviser wrote an observation or someone marked one done (staff and advisers). */
  'observation.changed': (change: LiveChange) => void;
}

export type LiveAck = (result: { ok: true; zones: string[] } | { ok: false; code: string }) => void;

export interface ClientToServerEvents {
  /** Staff only: replaces the zone rooms this socket is in. */
  'zones.subscribe': (zones: string[], ack: LiveAck) => void;
}

export const LIVE_EVENTS = [
  'system.status',
  'live.hello',
  'telemetry.readings',
  'device.presence',
  'alarm.changed',
  'command.changed',
  'order.changed',
  'batch.changed',
  'observation.changed',
] as const satisfies readonly (keyof ServerToClientEvents)[];

/** At most this many reading pushes per second per zone. */
export const LIVE_PUSHES_PER_SECOND = 2;

export const zoneRoom = (zone: string): string => `zone:${zone}`;
export const buyerRoom = (userId: string): string => `buyer:${userId}`;
export const STAFF_ROOM = 'staff';
/**
 * Advisers' sockets: what they may read over REST arrives live too (alarms, batches, the houses'
 * readings through the zone rooms), never orders or commands.
 */
export const ADVISER_ROOM = 'advisers';
