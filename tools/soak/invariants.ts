import pg from 'pg';
import type { BatchRow } from '../../apps/api/src/matching/matching.repository.js';
import { batchForecast } from '../../apps/api/src/matching/matching-state.js';
import { ALERTING_KINDS } from '../../apps/api/src/system/system-faults.service.js';
import { commandsSettled, slotsOnce, type ControlInvariant, type ReceivedCommand } from './control.js';
import type { FaultRun } from './faults.js';
import type { SoakWrite } from './orders.js';
import type { AckedReading } from './publisher.js';

export interface Invariant {
  readonly name: string;
  readonly pass: boolean;
  readonly detail: string;
}

/**
 * Seconds until ingest and HTTP are back. A killed PostgreSQL: issue 22's 30 s on the 2-core
 * machine, with the api running all along. A killed api or tree: it boots again (a node start, the
 * database's crash recovery, the migrations check, the app), which the soak starts at once where
 * the shipped systemd unit waits 5 s; 60 s.
 */
export const RECOVERY_BUDGET_S: Readonly<Record<string, number>> = {
  'database-kill': 30,
  'api-kill': 60,
  'tree-kill': 60,
};

export interface SoakRecord {
  readonly acked: readonly AckedReading[];
  /** Every reading the ground-truth devices published, acknowledged or not (`device@ts`). */
  readonly published: ReadonlySet<string>;
  readonly groundTruthDevices: readonly string[];
  readonly badTopic: string;
  readonly goodTopics: readonly string[];
  readonly faults: readonly FaultRun[];
  readonly writes: readonly SoakWrite[];
  /** Each time the api ended by itself, with the last lines it printed. */
  readonly ownExits: readonly { readonly at: number; readonly how: string; readonly last: string }[];
  /** What the control witness's boom received (commands in flight through the crashes). */
  readonly commandsReceived: readonly ReceivedCommand[];
  /** The api's clock speed (simulated ms per wall ms). */
  readonly speed: number;
}

const KILLS = new Set(['database-kill', 'api-kill', 'tree-kill']);
const MAX_LISTED = 5;

function listed(items: readonly string[]): string {
  return items.length <= MAX_LISTED ? items.join('; ') : `${items.slice(0, MAX_LISTED).join('; ')}; …`;
}

const check = (name: string, problems: readonly string[], ok: string): Invariant => ({
  name,
  pass: problems.length === 0,
  detail: problems.length === 0 ? ok : `${problems.length}: ${listed(problems)}`,
});

/** Every invariant of the soak, read from the database once ingest is idle. */
export async function checkInvariants(databaseUrl: string, record: SoakRecord): Promise<Invariant[]> {
  const sql = new pg.Client({ connectionString: databaseUrl });
  await sql.connect();
  try {
    return [
      await readingsKept(sql, record),
      await rollupsEqualRaw(sql, 'minute', 'readings_1m'),
      await rollupsEqualRaw(sql, 'hour', 'readings_1h'),
      await noBatchOverAllocated(sql),
      await writesExactlyOnce(sql, record.writes),
      await deadLettersKept(sql, record),
      await faultsRecorded(sql, record.faults),
      fromControl(await commandsSettled(sql, record.commandsReceived, record.speed)),
      fromControl(await slotsOnce(sql)),
      neverEndedByItself(record),
      recoveredInBudget(record.faults),
      noErrorAnswers(record),
    ];
  } finally {
    await sql.end();
  }
}

const fromControl = (invariant: ControlInvariant): Invariant =>
  check(invariant.name, invariant.problems, invariant.ok);

async function readingsKept(sql: pg.Client, record: SoakRecord): Promise<Invariant> {
  const stored = await sql.query<{ key: string; n: string }>(
    `SELECT d.device || '@' || (extract(epoch FROM r.ts) * 1000)::bigint AS key, count(*) AS n
       FROM readings r JOIN reading_series s ON s.id = r.series_id JOIN devices d ON d.id = s.device_id
      WHERE d.device = ANY($1) GROUP BY 1`,
    [record.groundTruthDevices],
  );
  const counts = new Map(stored.rows.map((row) => [row.key, Number(row.n)]));
  const problems: string[] = [];
  for (const reading of record.acked) {
    const key = `${reading.device}@${reading.ts}`;
    const n = counts.get(key) ?? 0;
    if (n < reading.values) problems.push(`lost ${key} (${n} of ${reading.values} values)`);
    if (n > reading.values) problems.push(`doubled ${key} (${n} values)`);
  }
  for (const key of counts.keys())
    if (!record.published.has(key)) problems.push(`stored ${key}, which was never published`);
  const dead = await sql.query<{ n: string }>(
    'SELECT count(*) AS n FROM dead_letters WHERE topic = ANY($1)',
    [record.goodTopics],
  );
  if (Number(dead.rows[0]?.n) > 0) problems.push(`${dead.rows[0]?.n} good readings dead-lettered`);
  return check(
    'no acknowledged reading lost or doubled',
    problems,
    `${record.acked.length} acknowledged readings, each stored once with all its values`,
  );
}

async function rollupsEqualRaw(sql: pg.Client, unit: 'minute' | 'hour', table: string): Promise<Invariant> {
  const result = await sql.query<{
    buckets: string;
    differ: string;
    raw: string;
    rolled: string;
    first: string | null;
  }>(
    `WITH raw AS (
       SELECT s.device_id, s.metric, date_trunc('${unit}', r.ts, 'UTC') AS bucket, count(*)::int AS n
         FROM readings r JOIN reading_series s ON s.id = r.series_id GROUP BY 1, 2, 3),
     joined AS (SELECT raw.n, m.count, device_id, metric, bucket FROM raw FULL JOIN ${table} m USING (device_id, metric, bucket))
     SELECT count(*) AS buckets, count(*) FILTER (WHERE n IS DISTINCT FROM count) AS differ,
            coalesce(sum(n), 0) AS raw, coalesce(sum(count), 0) AS rolled,
            min(metric || ' at ' || bucket || ': raw ' || coalesce(n, 0) || ', rollup ' || coalesce(count, 0))
              FILTER (WHERE n IS DISTINCT FROM count) AS first
       FROM joined`,
  );
  const row = result.rows[0];
  const differ = Number(row?.differ ?? 0);
  return {
    name: `${table} counts equal raw readings`,
    pass: differ === 0,
    detail:
      differ === 0
        ? `${row?.buckets} buckets, ${row?.raw} readings`
        : `${differ} of ${row?.buckets} buckets differ (raw ${row?.raw}, rolled up ${row?.rolled}); e.g. ${row?.first}`,
  };
}

async function noBatchOverAllocated(sql: pg.Client): Promise<Invariant> {
  const batches = await sql.query<BatchRow & { allocated: string }>(
    `SELECT b.id, b.code, b.crop, b.cells, b.trays, b.refill_trays AS "refillTrays", b.emerged, b.survived,
            b.refilled, b.culled, b.saleable, b.walk_in_sold AS "walkInSold", b.emerge_pct AS "emergePct",
            b.saleable_pct AS "saleablePct", coalesce(sum(a.quantity), 0) AS allocated
       FROM batches b JOIN allocations a ON a.batch_id = b.id
      WHERE b.stage NOT IN ('sold_out', 'culled', 'over_aged')
      GROUP BY b.id`,
  );
  const problems = batches.rows
    .filter((batch) => Number(batch.allocated) > batchForecast(batch))
    .map((batch) => `${batch.code}: ${batch.allocated} allocated of ${batchForecast(batch)}`);
  return check('no batch over-allocated', problems, `${batches.rowCount} batches with allocations`);
}

async function writesExactlyOnce(sql: pg.Client, writes: readonly SoakWrite[]): Promise<Invariant> {
  const rows = await sql.query<{ note: string; n: string }>(
    `SELECT note, count(*) AS n FROM (SELECT note FROM orders UNION ALL SELECT note FROM payments) w
      WHERE note LIKE 'soak %' GROUP BY note`,
  );
  const counts = new Map(rows.rows.map((row) => [row.note.slice('soak '.length), Number(row.n)]));
  const problems: string[] = [];
  for (const write of writes) {
    const n = counts.get(write.key) ?? 0;
    if (write.outcome === 'ok' && n !== 1)
      problems.push(`${write.kind} ${write.key} answered ${write.status}, stored ${n} times`);
    if (write.outcome !== 'ok' && n > 1) problems.push(`${write.kind} ${write.key} stored ${n} times`);
  }
  const ok = writes.filter((write) => write.outcome === 'ok');
  // Cut off by a crash between the request's record and its work: the api cannot tell whether the
  // work committed, so it answers 409 for good; how many did is said, not judged.
  const unanswered = writes.filter((write) => write.outcome === 'unknown');
  const landed = unanswered.filter((write) => (counts.get(write.key) ?? 0) === 1).length;
  return check(
    'every answered order and payment stored exactly once',
    problems,
    `${ok.filter((w) => w.kind === 'order').length} orders, ${ok.filter((w) => w.kind === 'payment').length} payments` +
      (unanswered.length > 0
        ? `; of ${unanswered.length} never answered, ${landed} stored once, the rest not at all`
        : ''),
  );
}

async function deadLettersKept(sql: pg.Client, record: SoakRecord): Promise<Invariant> {
  const rows = await sql.query<{ reason: string; n: string }>(
    'SELECT reason, count(*) AS n FROM dead_letters WHERE topic = $1 GROUP BY reason',
    [record.badTopic],
  );
  const stored = new Map(rows.rows.map((row) => [row.reason, Number(row.n)]));
  const expected = new Map<string, { sent: number; acked: number }>();
  for (const run of record.faults)
    for (const [reason, count] of run.deadLetters ?? []) {
      const total = expected.get(reason) ?? { sent: 0, acked: 0 };
      expected.set(reason, { sent: total.sent + count.sent, acked: total.acked + count.acked });
    }
  const problems: string[] = [];
  for (const [reason, { sent, acked }] of expected) {
    const n = stored.get(reason) ?? 0;
    if (n < acked || n > sent)
      problems.push(`${reason}: ${n} dead letters for ${acked} acknowledged of ${sent} sent`);
  }
  for (const [reason, n] of stored)
    if (!expected.has(reason)) problems.push(`${n} unexpected ${reason} dead letters`);
  const total = [...expected.values()].reduce((sum, count) => sum + count.acked, 0);
  return check(
    'every bad payload dead-lettered with its reason',
    problems,
    `${total} bad payloads, ${expected.size} reasons`,
  );
}

interface EventRow {
  id: string;
  kind: string;
  started: Date;
  ended: Date | null;
  cleared: boolean | null;
}

async function faultsRecorded(sql: pg.Client, faults: readonly FaultRun[]): Promise<Invariant> {
  const events = await sql.query<EventRow>(
    `SELECT e.id, e.kind, e.started_at AS started, e.ended_at AS ended, a.state = 'cleared' AS cleared
       FROM system_events e LEFT JOIN alarms a ON a.id = e.id ORDER BY e.started_at`,
  );
  const unused = [...events.rows];
  const take = (match: (event: EventRow) => boolean): EventRow | undefined => {
    const index = unused.findIndex(match);
    return index < 0 ? undefined : unused.splice(index, 1)[0];
  };
  const problems: string[] = [];
  for (const run of faults) {
    const at = new Date(run.at).toISOString();
    if (run.kind === 'database-kill') {
      const event = take(
        (e) =>
          e.kind === 'database-down' &&
          e.started.getTime() >= run.at - 2_000 &&
          e.started.getTime() <= run.at + 30_000,
      );
      if (event === undefined) problems.push(`database kill at ${at}: no database-down event`);
      else if (event.ended === null) problems.push(`database kill at ${at}: its event never ended`);
    } else if (run.kind === 'api-kill' || run.kind === 'tree-kill') {
      const event = take(
        (e) =>
          e.kind === 'unclean-restart' &&
          e.ended !== null &&
          e.ended.getTime() >= run.at &&
          e.ended.getTime() <= run.at + 120_000,
      );
      if (event === undefined) problems.push(`${run.kind} at ${at}: no unclean-restart event`);
      else if (event.cleared !== true)
        problems.push(`${run.kind} at ${at}: its unclean-restart alarm is not cleared`);
    }
  }
  for (const event of events.rows)
    if (event.ended === null) problems.push(`${event.kind} since ${event.started.toISOString()} still open`);
  // The system's own alarms: greenhouse ones (power-failure as the simulator stops) are not the soak's faults.
  const open = await sql.query<{ rule: string }>(
    `SELECT rule FROM alarms WHERE zone = '*' AND rule = ANY($1) AND state <> 'cleared'`,
    [Object.keys(ALERTING_KINDS)],
  );
  for (const alarm of open.rows) problems.push(`site-wide alarm ${alarm.rule} still active`);
  const kills = faults.filter((run) => KILLS.has(run.kind)).length;
  const others = unused.map((event) => event.kind);
  return check(
    'every crash recorded as a system event (and alarm) and cleared',
    problems,
    `${kills} crashes, ${events.rowCount} events${others.length > 0 ? ` (also: ${[...new Set(others)].join(', ')})` : ''}`,
  );
}

function neverEndedByItself(record: SoakRecord): Invariant {
  const problems = record.ownExits.map((exit) => {
    const error = exit.last.split('\n').find((line) => /error/i.test(line)) ?? exit.last.split('\n').pop();
    return `${new Date(exit.at).toISOString()} (${exit.how}): ${error?.trim().slice(0, 160) ?? ''}`;
  });
  return check('the api never ended by itself', problems, 'it stopped only when the soak stopped it');
}

function recoveredInBudget(faults: readonly FaultRun[]): Invariant {
  const problems: string[] = [];
  for (const run of faults) {
    const budget = RECOVERY_BUDGET_S[run.kind];
    if (budget === undefined) continue;
    const slowest = Math.max(run.httpS ?? Infinity, run.ingestS ?? Infinity);
    if (slowest > budget)
      problems.push(
        `${run.kind} at ${new Date(run.at).toISOString()}: HTTP ${run.httpS ?? '-'} s, ingest ${run.ingestS ?? '-'} s (budget ${budget} s)`,
      );
  }
  return check(
    'ingest and HTTP back within 30 s of a database kill, 60 s of an api or tree kill',
    problems,
    'all within budget',
  );
}

function noErrorAnswers(record: SoakRecord): Invariant {
  const problems = record.faults.flatMap((run) => run.problems.map((problem) => `${run.kind}: ${problem}`));
  for (const write of record.writes)
    if (write.outcome === 'server-error') problems.push(`${write.kind} answered ${write.status}`);
  return check('no 500, every bad body refused with a 4xx', problems, 'none');
}
