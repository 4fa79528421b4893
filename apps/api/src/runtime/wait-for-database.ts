import pg from 'pg';
import { sleep } from './process-info.js';

/** The longest wait between two tries: a database that comes back is found within this. */
export const MAX_BACKOFF_MS = 30_000;
const REMINDER_MS = 60_000;

/**
 * An external database that is down when the api starts is waited for, not given up on: a nursery
 * server boots with the power, and the database machine (or its service) may come up later. Tries
 * with backoff from 1 s, doubling, capped at 30 s; one log line when it first fails, one a minute
 * while it stays away, one when it answers. Returns false only when `stop()` asked to give up.
 */
export async function waitForDatabase(
  url: string,
  log: (line: string) => void,
  stop: () => boolean,
  options: { maxBackoffMs?: number; now?: () => number } = {},
): Promise<boolean> {
  const maxBackoff = options.maxBackoffMs ?? MAX_BACKOFF_MS;
  const now = options.now ?? Date.now;
  const started = now();
  let lastReminder = started;
  let backoff = 1_000;
  for (let attempt = 1; ; attempt += 1) {
    const error = await tryConnect(url);
    if (error === undefined) {
      if (attempt > 1) log(`database reachable after ${((now() - started) / 1000).toFixed(1)} s; starting`);
      return true;
    }
    if (attempt === 1)
      log(
        `database unreachable (${error}); waiting for it, trying again every ${maxBackoff / 1000} s at most`,
      );
    else if (now() - lastReminder >= REMINDER_MS) {
      lastReminder = now();
      log(`database still unreachable after ${Math.round((now() - started) / 60_000)} min (${error})`);
    }
    const deadline = now() + backoff;
    while (now() < deadline) {
      if (stop()) return false;
      await sleep(Math.min(250, deadline - now()));
    }
    backoff = Math.min(maxBackoff, backoff * 2);
  }
}

async function tryConnect(url: string): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
    return undefined;
  } catch (error) {
    return (error instanceof Error ? error.message : String(error)).split('\n')[0];
  } finally {
    await client.end().catch(() => undefined);
  }
}
