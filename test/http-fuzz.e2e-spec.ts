import { randomInt } from 'node:crypto';
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { loadTestConfig } from '#config';
import { TEST_ADMIN, startTestApi, type TestApi } from './support/api-harness.js';
import {
  casesFor,
  operationsOf,
  plausibleCase,
  type FuzzCase,
  type Known,
  type OpenApiDocument,
} from './support/openapi-fuzz.js';

/**
 * Issue #22 item 5: bad HTTP input never answers 5xx, is refused by a validator that names the field
 * (not by PostgreSQL through the error filter's INVALID_VALUE backstop), and a refused request
 * writes nothing.
 *
 * Every operation of the api's OpenAPI document is sent CASES_PER_ROUTE bad requests (more when it
 * has more fields, so that each field is spoiled at least once) as each role and as nobody: one
 * field at a time given a bad value for its type (null, wrong types, 1e308, -1, NUL bytes, 10,000
 * characters, 2026-02-30, arrays for scalars, deep objects, a missing required field, path values
 * that are not ids, repeated query parameters), or the request spoiled as a whole (unknown fields,
 * a body that is an array, invalid JSON, another content type, a tampered token, a bad request id).
 * The rest of each request is plausible (real ids from the demo seed) so that the bad value is the
 * only thing wrong with it and goes as deep as the api lets it. The cases come from FUZZ_SEED (a new
 * seed each run, printed first), drawn per operation and role: a failure replays with the seed.
 *
 * Writes by refused requests: while the run lasts, a row trigger on every table of the public schema
 * notes each committed insert, delete and update in a log outside it (schema fuzz_watch; a rolled
 * back write leaves no note, as it leaves no row). The log is read after each request, so every
 * write is laid at the door of the one request that made it; a refused request (4xx) that wrote
 * anything (an update too: half a change) fails the test. Accepted requests may write (a
 * bad-looking note can be a fine note). Checked once for the run: the row count and largest id of
 * every table, read before and after, changed only where the log shows writes (the triggers missed
 * nothing). The nursery's clock stands still during the run, so no periodic job writes meanwhile.
 */

const CASES_PER_ROUTE = 12;
const ROLES = ['anonymous', 'buyer', 'adviser', 'technician', 'manager'] as const;
type FuzzRole = (typeof ROLES)[number];
/** 10:00 at the nursery on a spring day (orders, sowing and costs of the season are plausible). */
const NOW = Date.parse('2027-03-10T02:00:00Z');
const TODAY = '2027-03-10';
const YESTERDAY = '2027-03-09';
const REQUEST_TIMEOUT_MS = 20_000;
/**
 * A pass takes 20-30 s on an idle 2-core machine and about a minute beside another suite's load;
 * jest's 120 s would fail a slow machine rather than a bad answer.
 */
const RUN_TIMEOUT_MS = 300_000;

/**
 * Operations not sent as some roles. A manager's POST /api/backups writes a whole backup of the
 * database and data folder (seconds of disk work, and an accepted one is legitimate whatever the
 * body): its refusals (nobody, buyer, technician) are still sent. Nothing else needs leaving out:
 * logout and refresh are only ever sent tokens that are no session's; operations that only act on
 * what their path names (delete, disable, reset a password, rotate credentials) are sent an id of
 * nothing unless the path itself is what is spoiled; webhook tests go to a closed loopback port;
 * the api has no streaming route (live data goes over Socket.IO, outside the OpenAPI document).
 */
const SKIPPED: Readonly<Record<string, readonly FuzzRole[]>> = {
  'POST /api/backups': ['manager'],
};

/** Tables a refused request writes on purpose: a failed login is counted for the login throttle. */
const WRITTEN_WHEN_REFUSED = new Set(['login_failures']);

interface Sent {
  readonly role: FuzzRole;
  readonly fuzz: FuzzCase;
}

interface Answer {
  readonly status: number;
  readonly text: string;
}

type Snapshot = Readonly<Record<string, string>>;

describe('HTTP fuzz from the OpenAPI document', () => {
  let api: TestApi;
  let client: pg.Client;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const tokens: Partial<Record<FuzzRole, string>> = {};

  beforeAll(async () => {
    // Its own broker: on the shared Mosquitto of the second pass, other test files' devices would
    // write dead letters and pending devices during its requests (CI counted them as its writes).
    api = await startTestApi({
      env: { DEMO_SEED: '1' },
      clock: { now: () => NOW, speed: 1 },
      privateBroker: true,
    });
    client = new pg.Client({ connectionString: api.database.url });
    await client.connect();
    tokens.manager = await api.login(TEST_ADMIN.phone, TEST_ADMIN.password);
    tokens.technician = await person('13700000201', 'technician');
    tokens.buyer = await person('13700000202', 'buyer');
    tokens.adviser = await person('13700000204', 'adviser');
  });

  afterAll(async () => {
    agent.destroy();
    await client?.end();
    await api?.close();
  });

  async function person(phone: string, role: 'technician' | 'buyer' | 'adviser'): Promise<string> {
    const created = await api.request<{ user: { id: string }; password: string }>('POST', '/api/users', {
      token: tokens.manager,
      body: { phone, name: `fuzz ${role}`, role, ...(role === 'buyer' ? { village: '西沟村' } : {}) },
    });
    expect(created.status).toBe(201);
    if (role === 'buyer') {
      const buyer = await api.request('POST', '/api/buyers', {
        token: tokens.manager,
        body: { name: 'fuzz buyer', village: '西沟村', kind: 'household', userId: created.body.user.id },
      });
      expect(buyer.status).toBe(201);
    }
    return api.login(phone, await api.ownPassword(phone, created.body.password));
  }

  /** Good values on this api: the demo seed's ids, a house, a crop, dates of the season. */
  async function knownValues(): Promise<Known> {
    const one = async (sql: string): Promise<string> => {
      const rows = (await client.query<{ id: string }>(sql)).rows;
      return rows[0]?.id ?? '00000000-0000-4000-8000-000000000000';
    };
    const target = await api.request<{ user: { id: string } }>('POST', '/api/users', {
      token: tokens.manager,
      body: { phone: '13700000203', name: 'fuzz target', role: 'technician' },
    });
    const ids = {
      users: target.body.user.id,
      ownBuyer: await one(
        `select b.id from buyers b join users u on u.id = b.user_id where u.phone = '13700000202'`,
      ),
      buyers: await one(
        `select b.id from buyers b left join users u on u.id = b.user_id where u.phone is distinct from '13700000202' order by b.name limit 1`,
      ),
      batches: await one(`select id from batches order by code limit 1`),
      rootstock: await one(`select id from batches order by code offset 1 limit 1`),
      orders: await one(`select id from orders where status <> 'cancelled' order by created_at, id limit 1`),
      // Cancelling with an empty body cancels the whole order: another one than the others use.
      cancelled: await one(
        `select id from orders where status <> 'cancelled' order by created_at, id offset 1 limit 1`,
      ),
      lines: await one(
        `select l.id from order_lines l join orders o on o.id = l.order_id where o.status <> 'cancelled' order by o.created_at, o.id, l.position limit 1`,
      ),
      commands: await one(`select id from commands order by id limit 1`),
      schedules: await one(`select id from control_schedules where zone = 'gh1' order by name limit 1`),
      devices: await one(`select id from devices order by device limit 1`),
    };
    const byName: Readonly<Record<string, unknown>> = {
      site: api.config.siteCode,
      zone: 'gh1',
      crop: 'pepper',
      metric: 'air_temp_c',
      phone: '13800000077',
      password: 'fuzz-password-1',
      // Long enough for the validator, and no session's: refresh and logout are refused by the service.
      refreshToken: 'fuzz-refresh-token-that-is-no-session',
      webhookUrl: 'http://127.0.0.1:1/fuzz',
      at: '08:30',
      cells: 72,
      traysDefault: 72,
      year: 2027,
      quantity: 100,
      buyerId: ids.ownBuyer,
      batchId: ids.batches,
      rootstockBatchId: ids.rootstock,
      lineId: ids.lines,
      lineIds: [ids.lines],
      requestId: 'fuzz-request-00000001',
    };
    // Names that mean one thing in a query and another in a body (readings from/to; a move's from).
    const inQuery: Readonly<Record<string, unknown>> = {
      from: `${YESTERDAY}T00:00:00Z`,
      to: `${TODAY}T00:00:00Z`,
      before: `${TODAY}T00:00:00Z`,
    };
    const inBody: Readonly<Record<string, unknown>> = { from: 'gh1' };
    const byPath: Readonly<Record<string, string>> = {
      users: ids.users,
      buyers: ids.buyers,
      batches: ids.batches,
      orders: ids.orders,
      lines: ids.lines,
      commands: ids.commands,
      schedules: ids.schedules,
      devices: ids.devices,
    };
    return {
      byName: (name, location) => (location === 'query' ? inQuery : inBody)[name] ?? byName[name],
      alwaysSent: new Set(['buyerId']),
      pathValue(template, name) {
        if (name === 'zone' || name === 'code') return 'gh1';
        if (name === 'key') return 'pepper';
        if (name === 'requestId') return 'fuzz-request-00000001';
        if (template.endsWith('/cancel')) return ids.cancelled;
        // The parameter follows the collection it names: /api/orders/{id}/lines/{lineId}.
        const segments = template.split('/');
        const collection = segments[segments.indexOf(`{${name}}`) - 1] ?? '';
        return byPath[collection] ?? '00000000-0000-4000-8000-000000000000';
      },
      absentId: '00000000-0000-4000-8000-000000000000',
      date: '2027-04-25',
      instant: `${TODAY}T00:00:00Z`,
    };
  }

  interface Table {
    readonly name: string;
    readonly idType: string | null;
  }

  /** The public schema's tables; partitions are reached through their parent (readings). */
  async function publicTables(): Promise<Table[]> {
    return (
      await client.query<Table>(
        `select c.relname as name, a.atttypid::regtype::text as "idType"
           from pg_class c
           join pg_namespace n on n.oid = c.relnamespace
           left join pg_attribute a on a.attrelid = c.oid and a.attname = 'id' and not a.attisdropped
          where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relispartition
          order by c.relname`,
      )
    ).rows;
  }

  /** Every table's row count and largest id, in one query. */
  async function snapshot(tables: readonly Table[]): Promise<Snapshot> {
    const part = (table: Table): string => {
      // uuid has no max(); its text does (a new row changes it as often as the count).
      const largest =
        table.idType === null ? `'-'` : table.idType === 'uuid' ? 'max(id::text)' : 'max(id)::text';
      return `select '${table.name}' as name, count(*)::text || ' rows, largest id ' || coalesce(${largest}, '-') as state from "${table.name}"`;
    };
    const rows = (await client.query<{ name: string; state: string }>(tables.map(part).join(' union all ')))
      .rows;
    return Object.fromEntries(rows.map((row) => [row.name, row.state]));
  }

  /** Row triggers that note each committed write of a public table in fuzz_watch.writes. */
  async function watchWrites(tables: readonly Table[]): Promise<void> {
    await client.query(`
      create schema fuzz_watch;
      create table fuzz_watch.writes (id bigserial primary key, relation text not null, operation text not null);
      create function fuzz_watch.note() returns trigger language plpgsql as $$
      begin
        insert into fuzz_watch.writes (relation, operation) values (tg_table_name, tg_op);
        return null;
      end $$;
      ${tables.map((table) => `create trigger fuzz_watch after insert or update or delete on "${table.name}" for each row execute function fuzz_watch.note();`).join('\n')}
    `);
  }

  /** The writes noted since the last call, `orders: INSERT ×1, order_lines: INSERT ×3`. */
  function writeReader(): () => Promise<Map<string, number>> {
    let last = '0';
    return async () => {
      const rows = (
        await client.query<{ id: string; relation: string; operation: string }>({
          name: 'fuzz-writes',
          text: 'select id, relation, operation from fuzz_watch.writes where id > $1 order by id',
          values: [last],
        })
      ).rows;
      const writes = new Map<string, number>();
      for (const row of rows) {
        last = row.id;
        const key = `${row.relation} ${row.operation}`;
        writes.set(key, (writes.get(key) ?? 0) + 1);
      }
      return writes;
    };
  }

  /**
   * node:http rather than fetch: it sends the URL as written (broken percent-encoding included) and
   * a body with a GET, as a client may.
   */
  function send(sent: Sent): Promise<Answer> {
    const token = tokens[sent.role as Exclude<FuzzRole, 'anonymous'>];
    const body = sent.fuzz.body === undefined ? undefined : Buffer.from(sent.fuzz.body, 'utf8');
    const headers: Record<string, string> = {
      ...(token !== undefined ? { authorization: `Bearer ${token}` } : {}),
      ...(body !== undefined ? { 'content-length': String(body.length) } : {}),
      ...sent.fuzz.headers,
    };
    return new Promise((resolve) => {
      const request = http.request(
        `${api.url}${sent.fuzz.url}`,
        { method: sent.fuzz.method, headers, agent, timeout: REQUEST_TIMEOUT_MS },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () =>
            resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
          );
          response.on('error', (error) => resolve({ status: 0, text: `answer cut: ${error.message}` }));
        },
      );
      request.on('timeout', () => request.destroy(new Error(`no answer in ${REQUEST_TIMEOUT_MS} ms`)));
      request.on('error', (error) => resolve({ status: 0, text: `no answer: ${error.message}` }));
      request.end(body);
    });
  }

  function describeCase(sent: Sent, answer: Answer, seed: number, roles: string = sent.role): string {
    const body = sent.fuzz.body === undefined ? '' : ` body ${clip(sent.fuzz.body, 300)}`;
    return (
      `${sent.fuzz.method} ${clip(sent.fuzz.url, 200)} as ${roles}: ${sent.fuzz.target} = ${sent.fuzz.label}` +
      `${body}${Object.keys(sent.fuzz.headers).length > 0 ? ` headers ${JSON.stringify(sent.fuzz.headers)}` : ''}` +
      ` → ${answer.status} ${clip(answer.text, 400)} (FUZZ_SEED=${seed})`
    );
  }

  it(
    'answers every bad request below 500 and writes nothing for a refused one',
    async () => {
      const seed = loadTestConfig().fuzzSeed ?? randomInt(2 ** 31 - 1);
      process.stdout.write(`http fuzz: FUZZ_SEED=${seed}\n`);
      const docs = await api.request<OpenApiDocument>('GET', '/api/docs-json');
      expect(docs.status).toBe(200);
      const operations = operationsOf(docs.body);
      expect(operations.length).toBeGreaterThanOrEqual(80);
      const known = await knownValues();
      const run: Sent[] = operations.flatMap((operation) =>
        ROLES.filter((role) => !SKIPPED[`${operation.method} ${operation.template}`]?.includes(role)).flatMap(
          (role) =>
            casesFor(docs.body, operation, known, seed, role, CASES_PER_ROUTE, tokens[role as 'manager']).map(
              (fuzz): Sent => ({ role, fuzz }),
            ),
        ),
      );

      // How deep the cases reach: the plausible requests they spoil, sent as a manager, unspoiled (the
      // refused ones are by design: an id of nothing for what only acts, no alarm in the demo seed).
      const shallow: string[] = [];
      for (const operation of operations) {
        const answer = await send({ role: 'manager', fuzz: plausibleCase(docs.body, operation, known) });
        if (answer.status >= 400) shallow.push(`${operation.method} ${operation.template} ${answer.status}`);
      }
      process.stdout.write(
        `http fuzz: plausible requests accepted as a manager: ${operations.length - shallow.length} of ` +
          `${operations.length} (refused: ${shallow.join(', ')})\n`,
      );

      const tables = await publicTables();
      await watchWrites(tables);
      const writesSince = writeReader();
      const failures = new Map<string, { sent: Sent; answer: Answer; roles: Set<FuzzRole> }>();
      // A 5xx once per operation, spoiled field, kind of value and answer, with the roles that met it.
      const fail = (sent: Sent, answer: Answer): void => {
        const key = [sent.fuzz.operation, sent.fuzz.target, sent.fuzz.label, answer.status].join('|');
        const found = failures.get(key) ?? { sent, answer, roles: new Set<FuzzRole>() };
        found.roles.add(sent.role);
        failures.set(key, found);
      };
      const refusedWrites: string[] = [];
      const written = new Set<string>();
      const started = Date.now();
      const before = await snapshot(tables);
      let accepted = 0;
      const slowest: { ms: number; what: string }[] = [];
      for (const sent of run) {
        const sentAt = performance.now();
        const answer = await send(sent);
        const ms = performance.now() - sentAt;
        if (slowest.length < 5 || ms > slowest[slowest.length - 1].ms) {
          slowest.push({
            ms,
            what: `${sent.fuzz.operation} as ${sent.role} (${sent.fuzz.target} = ${sent.fuzz.label})`,
          });
          slowest.sort((a, b) => b.ms - a.ms).splice(5);
        }
        const writes = await writesSince();
        for (const key of writes.keys()) written.add(key.split(' ')[0]);
        // INVALID_VALUE is the error filter's backstop: PostgreSQL refused a value no validator caught.
        if (answer.status >= 500 || answer.status === 0 || /"code":"INVALID_VALUE"/.test(answer.text))
          fail(sent, answer);
        if (answer.status < 400) accepted++;
        const counted = [...writes].filter(([key]) => !WRITTEN_WHEN_REFUSED.has(key.split(' ')[0]));
        if (answer.status >= 400 && counted.length > 0)
          refusedWrites.push(
            `${describeCase(sent, answer, seed)}\n    wrote ${[...writes].map(([key, count]) => `${key} ×${count}`).join(', ')}`,
          );
      }
      const after = await snapshot(tables);
      const unexplained = Object.keys(before).filter(
        (table) => before[table] !== after[table] && !written.has(table),
      );
      process.stdout.write(
        `http fuzz: ${operations.length} operations × ${ROLES.length} roles (anonymous, buyer, adviser, technician, manager), ` +
          `${run.length} requests (${accepted} accepted) in ${((Date.now() - started) / 1000).toFixed(1)} s; ` +
          `tables written: ${[...written].sort().join(', ') || 'none'}; slowest: ` +
          `${slowest.map((entry) => `${entry.what} ${Math.round(entry.ms)} ms`).join(', ')}\n`,
      );
      const problems = [
        ...unexplained.map(
          (table) =>
            `changed with no write noted (a trigger missed it): ${table}: ${before[table]} → ${after[table]}`,
        ),
        ...[...failures.values()].map(
          ({ sent, answer, roles }) =>
            `${answer.status >= 400 && answer.status < 500 ? 'refused by PostgreSQL, not a validator' : '5xx or no answer'}: ${describeCase(sent, answer, seed, [...roles].join(', '))}`,
        ),
        ...refusedWrites.map((line) => `refused but wrote: ${line}`),
      ];
      if (problems.length > 0)
        throw new Error(
          `${problems.length} problems with FUZZ_SEED=${seed} (replay with FUZZ_SEED=${seed}):\n` +
            problems.slice(0, 40).join('\n') +
            (problems.length > 40 ? `\n… and ${problems.length - 40} more` : ''),
        );
    },
    RUN_TIMEOUT_MS,
  );
});

function clip(text: string, length: number): string {
  return text.length <= length ? text : `${text.slice(0, length)}… (${text.length} characters)`;
}
