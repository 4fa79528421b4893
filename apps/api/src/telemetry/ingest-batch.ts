// What one write of the ingest writer sends: the batch composed from planned messages (presence
// merged per device, routine last-seen rewrites left out), and the dead letters tried for a message
// the database refused.
import type { PendingSighting } from './batch-side-writes.js';
import {
  deadLetterPlan,
  type DeadLetterRow,
  type IngestPlan,
  type PresenceChange,
  type ReadingRow,
} from './ingest.js';
import type { WriteBatch } from './telemetry.repository.js';

/** The first this many bytes of a message PostgreSQL refuses even as a full dead letter. */
const MINIMAL_PAYLOAD_BYTES = 1024;

/**
 * One batch for the store, and the devices it marks seen online. A device's presence is written
 * when something changed (status, meta, a large clock skew) or its last-seen time is older than
 * `seenWriteIntervalMs` (`seenWritten`: when each was last written; a status change forgets it).
 */
export function composeBatch(
  batch: readonly { readonly plan: IngestPlan }[],
  seenWritten: Map<string, number>,
  now: number,
  seenWriteIntervalMs: number,
): { writeBatch: WriteBatch; seen: string[] } {
  const readings: ReadingRow[] = [];
  const deadLetters: DeadLetterRow[] = [];
  const pending = new Map<string, PendingSighting>();
  const presence = new Map<string, PresenceChange>();
  for (const { plan } of batch) {
    for (const row of plan.readings) readings.push(row);
    for (const row of plan.deadLetters) deadLetters.push(row);
    if (plan.pending) {
      const key = `${plan.pending.site}/${plan.pending.zone}/${plan.pending.device}`;
      const before = pending.get(key);
      pending.set(key, { ...plan.pending, count: (before?.count ?? 0) + 1 });
    }
    if (plan.presence) {
      const before = presence.get(plan.presence.deviceId);
      const next = plan.presence;
      presence.set(next.deviceId, {
        deviceId: next.deviceId,
        seenAt: next.seenAt ?? before?.seenAt ?? null,
        status: next.status ?? before?.status ?? null,
        skewMs: next.skewMs ?? before?.skewMs ?? null,
        meta: next.meta ?? before?.meta ?? null,
      });
    }
  }
  const seen: string[] = [];
  const changes: PresenceChange[] = [];
  for (const change of presence.values()) {
    if (change.status !== null) seenWritten.delete(change.deviceId);
    const written = seenWritten.get(change.deviceId);
    const routine =
      change.status === null &&
      change.meta === null &&
      written !== undefined &&
      now - written < seenWriteIntervalMs &&
      (change.skewMs === null || Math.abs(change.skewMs) <= 60_000);
    if (routine) continue;
    changes.push(change);
    if (change.seenAt !== null && change.status?.online !== false) seen.push(change.deviceId);
  }
  return { writeBatch: { readings, deadLetters, pending: [...pending.values()], presence: changes }, seen };
}

/**
 * The dead letters tried, in order, for a message PostgreSQL refused: the whole message as
 * `unstorable` with the cause, then a minimal one (base64 of its topic and first 1 KiB).
 */
export function refusedDeadLetters(
  source: { readonly topic: string; readonly payload: Buffer },
  now: number,
  cause: string,
  state: string | undefined,
): IngestPlan[] {
  const { topic, payload } = source;
  const full = deadLetterPlan(topic, payload, now, 'unstorable', `refused by the database: ${cause}`);
  const minimal = deadLetterPlan(
    topic,
    Buffer.alloc(0),
    now,
    'unstorable',
    `refused (${state ?? 'no SQLSTATE'}); payload in base64`,
  );
  return [
    full,
    {
      ...minimal,
      deadLetters: [
        {
          ...minimal.deadLetters[0],
          topic: Buffer.from(topic).subarray(0, 200).toString('base64'),
          payload: payload.subarray(0, MINIMAL_PAYLOAD_BYTES).toString('base64'),
        },
      ],
    },
  ];
}
