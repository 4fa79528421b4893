/**
 * What a failed ingest write means for the batch, by the error's SQLSTATE (PostgreSQL manual,
 * appendix A "PostgreSQL Error Codes").
 *
 * - `data`: something in the batch is refused, and writing it again will be refused again (class
 *   22 data exception, 23 integrity constraint violation, 54 program limit exceeded). The writer
 *   splits the batch until the refused message is found and dead-lettered; the rest commits.
 * - `transient`: the database cannot write anything just now (class 08 connection exception,
 *   57P01-57P03 shutdown, 53 insufficient resources including 53100 disk full, 40001 and 40P01
 *   serialisation failure and deadlock) and anything else: the whole batch waits and is retried
 *   with backoff. Never dead-letter a reading because the disk is full.
 *
 * Errors without a SQLSTATE are pg's own connection errors ("Connection terminated", a socket's
 * ECONNREFUSED): transient. A TypeError or RangeError is this code failing on one message's
 * content, which splitting finds like a data error.
 */
export type WriteFailure = 'data' | 'transient';

const DATA_CLASSES = new Set(['22', '23', '54']);

/** The SQLSTATE of a pg or TypeORM error (TypeORM copies the driver's fields onto its own). */
export function sqlState(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

export function classifyWriteError(error: unknown): WriteFailure {
  const state = sqlState(error);
  if (state !== undefined) return DATA_CLASSES.has(state.slice(0, 2)) ? 'data' : 'transient';
  return error instanceof TypeError || error instanceof RangeError ? 'data' : 'transient';
}

/**
 * The database is away (connection refused or lost, shutting down, out of resources), as opposed
 * to a statement failing: an outage, which the ingest reports once (IngestService.logOutage).
 */
export function databaseAway(error: unknown): boolean {
  const state = sqlState(error);
  if (state === undefined) return !(error instanceof TypeError || error instanceof RangeError);
  return state.startsWith('08') || state.startsWith('53') || /^57P0[123]$/.test(state);
}

/** One line for a log or a dead letter's detail: the SQLSTATE and the first line, no stack. */
export function describeWriteError(error: unknown): string {
  const state = sqlState(error);
  const text = error instanceof Error ? error.message : String(error);
  const line = text.split('\n', 1)[0].slice(0, 300);
  return state === undefined ? line : `${state} ${line}`;
}
