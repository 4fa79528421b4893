import type { IsoDateTime } from './common.js';

export type AuditActorKind = 'user' | 'schedule' | 'rule' | 'device' | 'system';

/** Filters of the audit log; newest first, `before` an entry id to page on. */
export interface AuditQuery {
  from?: IsoDateTime;
  to?: IsoDateTime;
  entityType?: string;
  entityId?: string;
  /** A prefix of the dotted action: `order.` for every order change. */
  action?: string;
  limit?: number;
  before?: number;
}

/** Who did what, when and why. */
export interface AuditEntryResponse {
  id: number;
  at: IsoDateTime;
  actorKind: AuditActorKind;
  actorUserId: string | null;
  actorName: string;
  action: string;
  entityType: string;
  entityId: string | null;
  details: Record<string, unknown> | null;
}
