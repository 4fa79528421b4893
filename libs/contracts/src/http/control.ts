import type { AckResult, CommandName } from '../mqtt/commands.js';
import type { IsoDateTime } from './common.js';

/** queued → sent → done, or rejected / failed / expired / timed_out (docs/control.md). */
export type CommandStatus = 'queued' | 'sent' | 'done' | 'rejected' | 'failed' | 'expired' | 'timed_out';
export type IssuerKind = 'user' | 'schedule' | 'rule';

export interface CommandResponse {
  id: string;
  site: string;
  zone: string;
  device: string;
  name: string;
  params: Record<string, unknown>;
  status: CommandStatus;
  issuedByKind: IssuerKind;
  issuedByName: string;
  issuedByUserId: string | null;
  forceReason: string | null;
  holdUntil: IsoDateTime | null;
  createdAt: IsoDateTime;
  expiresAt: IsoDateTime;
  sentAt: IsoDateTime | null;
  lastSentAt: IsoDateTime | null;
  sendCount: number;
  ackResult: AckResult | null;
  ackMessage: string | null;
  ackedAt: IsoDateTime | null;
  reportedState: Record<string, unknown> | null;
  finishedAt: IsoDateTime | null;
}

export interface IssueCommandRequest {
  name: CommandName;
  /** As the MQTT contract has them: `{sp_c}`, `{seconds}`, `{passes}`, `{on, sp_c}`. */
  params: Record<string, unknown>;
  device?: string;
  /** Overrides an interlock that allows it, with the reason. */
  forceReason?: string;
  holdMinutes?: number;
  expiresInS?: number;
}

export interface CommandQuery {
  zone?: string;
  status?: CommandStatus;
  limit?: number;
}

export type ScheduleKind = 'irrigation' | 'setpoint' | 'moisture-irrigation';

export interface ScheduleSlot {
  /** HH:MM in nursery time. */
  at: string;
  params: Record<string, unknown>;
}

export interface ScheduleResponse {
  id: string;
  zone: string;
  name: string;
  kind: ScheduleKind;
  slots: ScheduleSlot[];
  moistureBelowPct: number | null;
  enabled: boolean;
  createdAt: IsoDateTime;
  createdBy: string;
  lastFiredAt: IsoDateTime | null;
}

export interface CreateScheduleRequest {
  name: string;
  kind: ScheduleKind;
  slots: ScheduleSlot[];
  moistureBelowPct?: number;
  enabled?: boolean;
}

export interface UpdateScheduleRequest {
  name?: string;
  slots?: ScheduleSlot[];
  moistureBelowPct?: number;
  enabled?: boolean;
}
