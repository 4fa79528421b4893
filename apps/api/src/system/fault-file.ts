import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { appendLineDurably, writeFileAtomic } from '../runtime/atomic-file.js';
import type { SystemEventKind } from './system-event.entity.js';
import type { SystemEventRecord } from './system-events.repository.js';

export const FAULT_FILE_NAME = 'faults.jsonl';

/** One line of the fault file: a fault starting, or the end of one written earlier (same id). */
export interface FaultLine {
  readonly id: string;
  readonly kind: SystemEventKind;
  readonly startedAt: string;
  readonly endedAt?: string | null;
  readonly cause: string;
  readonly details?: Record<string, unknown> | null;
}

/**
 * Faults of the database itself cannot be written to the database: they go to DATA_DIR/faults.jsonl,
 * one fsync'd JSON line each, and are copied into `system_events` once the database is back (the
 * copy is idempotent by id, so a crash between copying and clearing repeats it harmlessly).
 */
export class FaultFile {
  readonly file: string;

  constructor(dataDir: string) {
    this.file = path.join(dataDir, FAULT_FILE_NAME);
  }

  append(line: FaultLine): void {
    appendLineDurably(this.file, JSON.stringify(line));
  }

  /** The events the file holds, later lines of an id completing earlier ones; bad lines skipped. */
  pending(): SystemEventRecord[] {
    if (!existsSync(this.file)) return [];
    const byId = new Map<string, SystemEventRecord>();
    for (const text of readFileSync(this.file, 'utf8').split('\n')) {
      const line = parseLine(text);
      if (line === undefined) continue;
      const before = byId.get(line.id);
      byId.set(line.id, {
        id: line.id,
        kind: line.kind,
        startedAt: before?.startedAt ?? new Date(line.startedAt),
        endedAt: line.endedAt ? new Date(line.endedAt) : (before?.endedAt ?? null),
        cause: before?.cause ?? line.cause,
        details: { ...(before?.details ?? {}), ...(line.details ?? {}) },
      });
    }
    return [...byId.values()];
  }

  /** Empties the file once its events were copied. */
  clear(): void {
    writeFileAtomic(this.file, '');
  }
}

function parseLine(text: string): FaultLine | undefined {
  if (text.trim() === '') return undefined;
  try {
    const value = JSON.parse(text) as Partial<FaultLine>;
    if (
      typeof value.id !== 'string' ||
      typeof value.kind !== 'string' ||
      typeof value.startedAt !== 'string' ||
      Number.isNaN(Date.parse(value.startedAt)) ||
      typeof value.cause !== 'string'
    )
      return undefined;
    return value as FaultLine;
  } catch {
    // A line cut short by a power cut during an append: the ones before it are whole.
    return undefined;
  }
}
