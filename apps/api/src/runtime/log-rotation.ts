import { copyFileSync, statSync, truncateSync } from 'node:fs';
import { copyFile, stat, truncate } from 'node:fs/promises';

/**
 * Keeps the embedded PostgreSQL's log within twice `maxBytes`: once `postgres.log` is larger, its
 * content goes to `postgres.log.1` (replacing the older one) and it is emptied in place.
 *
 * Copy and truncate, not rename: the server writes to the file through its stdout and stderr,
 * descriptors the api opened with O_APPEND and handed over at spawn (embedded-postgres.ts). A
 * renamed file would go on growing under its new name until the server restarts; an emptied one
 * takes the next line at its new end, because every O_APPEND write goes to the end as it is then.
 * Piping the output through the api instead would tie the server's logging to the api's event
 * loop (a full pipe stalls the server) and lose what a server left running by a crashed api says.
 * The price: lines written between the copy and the truncation are lost, a few milliseconds of a
 * log that holds warnings and errors only.
 */
export async function rotateLog(file: string, maxBytes: number): Promise<boolean> {
  let size: number;
  try {
    size = (await stat(file)).size;
  } catch {
    return false;
  }
  if (size <= maxBytes) return false;
  await copyFile(file, `${file}.1`);
  await truncate(file, 0);
  return true;
}

/** The same before a server starts (embedded-postgres.ts spawns it synchronously). */
export function rotateLogSync(file: string, maxBytes: number): boolean {
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    return false;
  }
  if (size <= maxBytes) return false;
  copyFileSync(file, `${file}.1`);
  truncateSync(file, 0);
  return true;
}
