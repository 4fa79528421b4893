// The raw readings' daily partitions: create them ahead, list them, drop the ones past retention,
// and shed folded days when the disk fills (the rollups keep those days).
import type { DataSource } from 'typeorm';

const DAY_MS = 86_400_000;

/** `readings_p20261129` for the UTC day holding `ms`. */
export function partitionName(ms: number): string {
  return `readings_p${new Date(ms).toISOString().slice(0, 10).replaceAll('-', '')}`;
}

/** Creates the daily partitions covering [from, to] (UTC days); idempotent. */
export async function ensurePartitions(
  dataSource: DataSource,
  fromMs: number,
  toMs: number,
): Promise<string[]> {
  const created: string[] = [];
  const existing = new Set(await readingPartitions(dataSource));
  for (let day = Math.floor(fromMs / DAY_MS) * DAY_MS; day <= toMs; day += DAY_MS) {
    const name = partitionName(day);
    if (existing.has(name)) continue;
    await dataSource.query(
      `CREATE TABLE IF NOT EXISTS ${name} PARTITION OF readings
         FOR VALUES FROM ('${new Date(day).toISOString()}') TO ('${new Date(day + DAY_MS).toISOString()}')`,
    );
    created.push(name);
  }
  return created;
}

export async function readingPartitions(dataSource: DataSource): Promise<string[]> {
  const rows = await dataSource.query<{ name: string }[]>(
    `SELECT c.relname AS name FROM pg_inherits i
       JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent
      WHERE p.relname = 'readings' ORDER BY 1`,
  );
  return rows.map((row) => row.name);
}

/** Drops the daily partitions wholly older than `beforeMs` (raw retention); rollups stay. */
export async function dropPartitionsBefore(dataSource: DataSource, beforeMs: number): Promise<string[]> {
  const limit = partitionName(Math.floor(beforeMs / DAY_MS) * DAY_MS);
  const dropped: string[] = [];
  for (const name of await readingPartitions(dataSource)) {
    if (/^readings_p\d{8}$/.test(name) && name < limit) {
      await dataSource.query(`DROP TABLE ${name}`);
      dropped.push(name);
    }
  }
  return dropped;
}

/**
 * The daily raw-readings partitions, oldest first, with their size on disk and whether they are
 * folded: no sample of their day still waits in the ingest journal, so the rollups hold all of
 * it. For the disk watch, which may shed folded days.
 */
export async function rawDays(
  dataSource: DataSource,
): Promise<{ name: string; day: string; folded: boolean; bytes: number }[]> {
  const partitions = await dataSource.query<{ name: string; bytes: string }[]>(
    `SELECT c.relname AS name, pg_total_relation_size(c.oid)::text AS bytes FROM pg_inherits i
       JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent
      WHERE p.relname = 'readings' AND c.relname ~ '^readings_p[0-9]{8}$' ORDER BY 1`,
  );
  if (partitions.length === 0) return [];
  const waiting = await dataSource.query<{ day: string }[]>(
    `SELECT DISTINCT to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day
       FROM readings_journal j, unnest(j.ts) AS t`,
  );
  const unfolded = new Set(waiting.map((row) => row.day));
  return partitions.map(({ name, bytes }) => {
    const day = `${name.slice(10, 14)}-${name.slice(14, 16)}-${name.slice(16, 18)}`;
    return { name, day, folded: !unfolded.has(day), bytes: Number(bytes) };
  });
}

/**
 * Drops one day's raw readings if it is still folded once ingest is held off: the lock on
 * `readings` waits for the batches writing now (their journal rows commit with their readings)
 * and keeps new ones out until the drop commits, so no sample of the day can be in the journal
 * unseen. The rollups keep the day. False when the day was not folded (or not there).
 */
export async function dropFoldedDay(dataSource: DataSource, name: string): Promise<boolean> {
  if (!/^readings_p\d{8}$/.test(name)) throw new Error(`not a raw-readings partition: ${name}`);
  const start = Date.parse(`${name.slice(10, 14)}-${name.slice(14, 16)}-${name.slice(16, 18)}T00:00:00Z`);
  return dataSource.transaction(async (manager) => {
    // A long ingest transaction must not hold the watch (nor ingest behind it) for long: try later.
    await manager.query(`SET LOCAL lock_timeout = '10s'`);
    await manager.query('LOCK TABLE readings IN ACCESS EXCLUSIVE MODE');
    const [exists] = await manager.query<{ found: boolean }[]>(
      `SELECT EXISTS (SELECT 1 FROM pg_class WHERE relname = $1 AND relkind = 'r') AS found`,
      [name],
    );
    if (!exists?.found) return false;
    const [waiting] = await manager.query<{ found: boolean }[]>(
      `SELECT EXISTS (
         SELECT 1 FROM readings_journal j, unnest(j.ts) AS t
          WHERE t >= to_timestamp($1 / 1000.0) AND t < to_timestamp($2 / 1000.0)) AS found`,
      [start, start + DAY_MS],
    );
    if (waiting?.found) return false;
    await manager.query(`DROP TABLE ${name}`);
    return true;
  });
}
