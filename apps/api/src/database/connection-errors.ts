/**
 * Whether an error means "the database cannot be reached right now" (refused or broken connection,
 * server shutting down or starting, pool timeout) rather than a fault of the query. Such errors are
 * expected during an outage: they answer 503 DATABASE_UNAVAILABLE and are not logged one by one
 * (the database status logs the outage once, docs/operations.md).
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let depth = 0, current = error; depth < 4 && current !== null && current !== undefined; depth += 1) {
    if (typeof current !== 'object') return false;
    const { code, message, driverError, cause } = current as {
      code?: unknown;
      message?: unknown;
      driverError?: unknown;
      cause?: unknown;
    };
    if (typeof code === 'string' && UNAVAILABLE_CODES.test(code)) return true;
    if (typeof message === 'string' && UNAVAILABLE_MESSAGES.test(message)) return true;
    current = driverError ?? cause;
  }
  return false;
}

/**
 * Socket errors; SQLSTATE class 08 (connection exception), 57P01-57P03 (admin/crash shutdown,
 * cannot connect now: the server is starting or in recovery), 53300 (too many connections).
 */
const UNAVAILABLE_CODES =
  /^(ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|EHOSTUNREACH|ENOTFOUND|08...|57P0[123]|53300)$/;

/** node-postgres and TypeORM say these in words, without a code. */
const UNAVAILABLE_MESSAGES =
  /^(Connection terminated|Client has encountered a connection error|timeout exceeded when trying to connect|Client was closed|Connection closed|Driver not Connected|Cannot use a pool after calling end)/;
