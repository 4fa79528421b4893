import type { Command } from './command.entity.js';

/**
 * `command.changed`: a command was queued, sent (or resent), acknowledged, finished (done, rejected,
 * failed, expired, timed_out) or refused. `command` is the stored row: id, site, zone, device, name,
 * params, status, issuedByKind/Name, createdAt, expiresAt, sentAt, sendCount, ackResult, ackMessage,
 * reportedState, finishedAt, holdUntil.
 */
export interface CommandChangedEvent {
  readonly command: Command;
  readonly ts: number;
}

declare module '../common/domain-events.js' {
  interface DomainEventMap {
    'command.changed': CommandChangedEvent;
  }
}
