import type { MqttClient } from 'mqtt';
import pg from 'pg';
import type { Clock } from '#contracts';
import { waitFor } from '#testing';
import type { SoakHttp } from './http-client.js';
import { connectDevice, topicOf, type SoakDevice } from './publisher.js';

/** The zone of the crash witness's irrigation programme (not a demo house). */
export const CONTROL_ZONE = 'soak-ctl';
/** The zone of the long-lived manual commands. */
export const MANUAL_ZONE = 'soak-man';
export const SCHEDULE_NAME = 'soak hourly irrigation';
const ULID_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const HOUR_MS = 3_600_000;

/** One command message the boom received: the api's id, send time and expiry (api clock). */
export interface ReceivedCommand {
  readonly id: string;
  readonly ts: number;
  readonly expires: number;
  /** Which api run sent it, as the boom's connections count them (0 = the first). */
  readonly run: number;
  /** When the boom got it, on the api's (simulated) clock. */
  readonly at: number;
}

/**
 * Simulated time after a restart's first message within which the api must have resent what was
 * in flight: its first tick (1 wall s) plus one more for a loaded machine, in wall seconds.
 */
const RESEND_AFTER_RESTART_WALL_MS = 2_000;

/**
 * The witness of commands in flight and schedules across crashes, in two zones of its own, each
 * with a boom that takes every command and never answers (so each command stays in flight until
 * it expires, resent with its id meanwhile):
 * - the programme's zone runs an irrigation programme with a slot every hour of the day, so that a
 *   crash falls between a slot and its command, or across slots, again and again;
 * - the manual zone gets a forced irrigation every `manualEveryMs` with the longest expiry (an
 *   hour), so that commands are in flight at a crash and must be resent by the next run. (In the
 *   programme's zone they would hold the minimum irrigation interval and the slots be refused.)
 */
export class ControlWitness {
  readonly received: ReceivedCommand[] = [];
  private readonly clients: MqttClient[] = [];
  private scheduleId: string | undefined;
  private manualTimer: NodeJS.Timeout | undefined;
  private readonly issuing = new Set<Promise<unknown>>();

  constructor(
    private readonly http: SoakHttp,
    private readonly clock: Clock,
  ) {}

  async start(mqttUrl: string, manualEveryMs: number): Promise<void> {
    await this.boom(mqttUrl, CONTROL_ZONE);
    await this.boom(mqttUrl, MANUAL_ZONE);
    const slots = Array.from({ length: 24 }, (_, hour) => ({
      at: `${String(hour).padStart(2, '0')}:00`,
      params: { seconds: 60 },
    }));
    const schedule = await this.ok<{ id: string }>('POST', `/api/zones/${CONTROL_ZONE}/schedules`, {
      name: SCHEDULE_NAME,
      kind: 'irrigation',
      slots,
    });
    this.scheduleId = schedule.id;
    this.manualTimer = setInterval(() => {
      // Refused or unanswered while the api is down: the next one goes out after the restart.
      const issuing = this.http
        .call('POST', `/api/zones/${MANUAL_ZONE}/commands`, {
          body: { name: 'irrigate', params: { seconds: 30 }, expiresInS: 3600, forceReason: 'soak' },
          timeoutMs: 5_000,
        })
        .catch(() => undefined)
        .finally(() => this.issuing.delete(issuing));
      this.issuing.add(issuing);
    }, manualEveryMs);
  }

  /** A zone of its own with a boom that never answers. */
  private async boom(mqttUrl: string, zone: string): Promise<void> {
    await this.ok('POST', '/api/zones', { code: zone, kind: 'greenhouse', name: zone });
    const boom = await this.ok<SoakDevice>('POST', '/api/devices', {
      zone,
      device: `${zone}-boom`,
      kind: 'boom',
      intervalS: 60,
    });
    const client = connectDevice(mqttUrl, boom);
    this.clients.push(client);
    // The broker lives in the api: each connection after the first is to the api's next run.
    let run = -1;
    client.on('connect', () => {
      run += 1;
      client.subscribe(topicOf(boom, 'cmd/#'), { qos: 1 });
    });
    client.on('message', (_topic, payload) => {
      try {
        const command = JSON.parse(payload.toString('utf8')) as { id: string; ts: number; expires: number };
        this.received.push({
          id: command.id,
          ts: command.ts,
          expires: command.expires,
          run,
          at: this.clock.now(),
        });
      } catch {
        // not a command of ours
      }
    });
    await new Promise<void>((resolve) => client.once('connect', () => resolve()));
  }

  /**
   * Ends the programme (no new command) and the boom's connection (what it got is final), then
   * waits until the api has expired every command still in flight, for the invariants to read.
   */
  async stop(databaseUrl: string): Promise<void> {
    clearInterval(this.manualTimer);
    await Promise.all(this.issuing);
    await this.ok(
      'PATCH',
      `/api/zones/${CONTROL_ZONE}/schedules/${this.scheduleId ?? ''}`,
      { enabled: false },
      200,
    );
    await this.end();
    const sql = new pg.Client({ connectionString: databaseUrl });
    await sql.connect();
    try {
      await waitFor(
        async () => {
          const open = await sql.query<{ n: string }>(
            `SELECT count(*) AS n FROM commands WHERE zone = ANY($1) AND status IN ('queued', 'sent')`,
            [[CONTROL_ZONE, MANUAL_ZONE]],
          );
          return Number(open.rows[0]?.n) === 0;
        },
        { what: "the boom's commands to expire", timeoutMs: 60_000, intervalMs: 250 },
      );
    } finally {
      await sql.end();
    }
  }

  /** Stops issuing and closes the booms' connections (also after a failure). */
  async end(): Promise<void> {
    clearInterval(this.manualTimer);
    await Promise.all(this.clients.map((client) => client.endAsync(true)));
  }

  private async ok<T = unknown>(method: string, route: string, body: unknown, expected = 201): Promise<T> {
    const answer = await this.http.call<T>(method, route, { body });
    if (answer.status !== expected) throw new Error(`${method} ${route} answered ${answer.status}`);
    return answer.body;
  }
}

export interface ControlInvariant {
  readonly name: string;
  readonly problems: string[];
  readonly ok: string;
}

/**
 * Commands in flight through crashes: every command of the boom (which never answers) ended
 * `expired`, not before its expiry; each message the boom got carried a known id and was sent
 * before that command's expiry; and commands still in flight at a crash were sent again with
 * their id by a later run (or had expired by then).
 */
export async function commandsSettled(
  sql: pg.Client,
  received: readonly ReceivedCommand[],
  speed: number,
): Promise<ControlInvariant> {
  const rows = await sql.query<{ id: string; status: string; expires: string; finished: string | null }>(
    `SELECT id, status, (extract(epoch FROM expires_at) * 1000)::bigint AS expires,
            (extract(epoch FROM finished_at) * 1000)::bigint AS finished
       FROM commands WHERE zone = ANY($1)`,
    [[CONTROL_ZONE, MANUAL_ZONE]],
  );
  const commands = new Map(rows.rows.map((row) => [row.id, row]));
  const problems: string[] = [];
  for (const row of rows.rows) {
    if (row.status !== 'expired') problems.push(`${row.id} ended ${row.status}, not expired`);
    else if (Number(row.finished) < Number(row.expires)) problems.push(`${row.id} expired before its expiry`);
  }
  const runsOf = new Map<string, Set<number>>();
  const firstAtOfRun = new Map<number, number>();
  for (const message of received) {
    if (!commands.has(message.id)) problems.push(`the boom got ${message.id}, which is no command`);
    if (message.ts > message.expires) problems.push(`${message.id} sent after its expiry`);
    runsOf.set(message.id, (runsOf.get(message.id) ?? new Set()).add(message.run));
    firstAtOfRun.set(message.run, Math.min(firstAtOfRun.get(message.run) ?? Infinity, message.at));
  }
  // In flight at a crash: sent by run r - 1 and still unexpired well after run r began sending.
  let resentAcross = 0;
  for (const [run, firstAt] of firstAtOfRun) {
    if (run === 0) continue;
    const dueBy = firstAt + RESEND_AFTER_RESTART_WALL_MS * speed;
    for (const [id, runs] of runsOf) {
      const command = commands.get(id);
      if (!runs.has(run - 1) || command === undefined || Number(command.expires) <= dueBy) continue;
      if (runs.has(run)) resentAcross += 1;
      else problems.push(`${id} was in flight at crash ${run} and not resent after the restart`);
    }
  }
  const resends = received.length - runsOf.size;
  return {
    name: 'commands in flight end expired or are resent with their id',
    problems,
    ok: `${rows.rows.length} commands, all expired in time; ${received.length} messages to the boom (${resends} resends; ${resentAcross} in flight at a crash, each resent with its id after the restart)`,
  };
}

/**
 * Schedules through crashes: each hourly slot from the programme's creation to its last claimed
 * slot has exactly one outcome: fired (one command, whose id names the slot), refused or skipped
 * (audited with the slot), or missed (audited with the slot, because the api was down).
 */
export async function slotsOnce(sql: pg.Client): Promise<ControlInvariant> {
  const schedule = await sql.query<{ id: string; created: string; last: string }>(
    `SELECT id, (extract(epoch FROM created_at) * 1000)::bigint AS created,
            (extract(epoch FROM last_fired_at) * 1000)::bigint AS last
       FROM control_schedules WHERE zone = $1 AND name = $2`,
    [CONTROL_ZONE, SCHEDULE_NAME],
  );
  const row = schedule.rows[0];
  if (row === undefined) return { name: 'schedules fire once', problems: ['no programme'], ok: '' };
  const audits = await sql.query<{ action: string; slot: string }>(
    `SELECT action, (extract(epoch FROM (details->>'slotAt')::timestamptz) * 1000)::bigint AS slot
       FROM audit_log WHERE entity_type = 'schedule' AND entity_id = $1
        AND action IN ('schedule.missed', 'schedule.refused', 'schedule.skipped')`,
    [row.id],
  );
  const fired = await sql.query<{ id: string }>(
    `SELECT id FROM commands WHERE zone = $1 AND issued_by_kind = 'schedule' AND issued_by_name = $2`,
    [CONTROL_ZONE, SCHEDULE_NAME],
  );
  const outcomes = new Map<number, string[]>();
  const add = (slot: number, what: string): void => {
    outcomes.set(slot, [...(outcomes.get(slot) ?? []), what]);
  };
  for (const audit of audits.rows) add(Number(audit.slot), audit.action.replace('schedule.', ''));
  const problems: string[] = [];
  for (const command of fired.rows) {
    // A slot's command carries the slot's time in its id (command-id.ts slotCommandId); its
    // created_at can lie well past the slot at the soak's speed (a second of load is 36 minutes).
    const slot = idTime(command.id);
    if (slot % HOUR_MS !== 0) problems.push(`command ${command.id} names no hourly slot`);
    add(slot, 'fired');
  }
  const first = Math.floor(Number(row.created) / HOUR_MS) * HOUR_MS + HOUR_MS;
  let missed = 0;
  for (let slot = first; slot <= Number(row.last); slot += HOUR_MS) {
    const what = outcomes.get(slot) ?? [];
    if (what.length !== 1)
      problems.push(`slot ${new Date(slot).toISOString()}: ${what.join(', ') || 'nothing'}`);
    if (what.includes('missed')) missed += 1;
  }
  const slots = (Number(row.last) - first) / HOUR_MS + 1;
  return {
    name: 'schedules fire each slot once and record the missed ones',
    problems,
    ok: `${slots} hourly slots: ${fired.rows.length} fired, ${missed} recorded missed`,
  };
}

/** The time part of a command id (its first 10 Crockford base32 characters), in epoch ms. */
function idTime(id: string): number {
  let ms = 0;
  for (const character of id.slice(0, 10)) ms = ms * 32 + ULID_ALPHABET.indexOf(character);
  return ms;
}
