import fc from 'fast-check';
import { REQUEST_ID_HEADER } from '#contracts';

/**
 * Bad requests generated from the api's own OpenAPI document (test/http-fuzz.e2e-spec.ts): for
 * every operation, a plausible request built from the schemas, then cases that each spoil one field
 * (path, query or body, nested ones included) or the request as a whole. Everything is drawn from
 * a seed, per operation and role, so one failure replays with the same FUZZ_SEED alone.
 */

export interface Schema {
  readonly $ref?: string;
  readonly type?: string;
  readonly format?: string;
  readonly enum?: readonly unknown[];
  readonly example?: unknown;
  readonly items?: Schema;
  readonly properties?: Readonly<Record<string, Schema>>;
  readonly required?: readonly string[];
  readonly minimum?: number;
  readonly maximum?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
}

interface Parameter {
  readonly name: string;
  readonly in: string;
  readonly required?: boolean;
  readonly schema?: Schema;
}

interface OperationObject {
  readonly parameters?: readonly Parameter[];
  readonly requestBody?: { readonly content?: Readonly<Record<string, { readonly schema?: Schema }>> };
}

export interface OpenApiDocument {
  readonly paths: Readonly<Record<string, Readonly<Record<string, OperationObject>>>>;
  readonly components?: { readonly schemas?: Readonly<Record<string, Schema>> };
}

type Location = 'path' | 'query' | 'body';

/** One value a request carries: a path or query parameter, or a body property at any depth. */
export interface Field {
  readonly location: Location;
  /** Where it sits: ['lines', 0, 'quantity'] for a body, [name] for a parameter. */
  readonly keys: readonly (string | number)[];
  readonly schema: Schema;
  readonly required: boolean;
}

export interface Operation {
  readonly method: string;
  /** The OpenAPI path, `/api/orders/{id}/lines/{lineId}`. */
  readonly template: string;
  readonly fields: readonly Field[];
  readonly hasBody: boolean;
}

/** A request as sent, and what it spoils. */
export interface FuzzCase {
  readonly operation: string;
  /** `body lines.0.quantity`, `query from`, `path id` or `request`. */
  readonly target: string;
  /** The kind of bad value: `1e308`, `NUL byte`, `missing`, `body is an array`… */
  readonly label: string;
  readonly method: string;
  /** Path and query, already encoded. */
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
}

/** Values the spec knows to be good on this api: ids from the seed, a house, a crop, a date. */
export interface Known {
  /** A good value for a parameter or property of this name where it sits, if any. */
  byName(name: string, location: Location): unknown;
  /** Optional properties the plausible body carries all the same (a manager's order needs its buyer). */
  readonly alwaysSent: ReadonlySet<string>;
  /** A good value for a path parameter, knowing the path (`/api/orders/{id}` → an order's id). */
  pathValue(template: string, name: string): string;
  /** A well-formed id of nothing: path parameters of operations that only act (delete, disable). */
  readonly absentId: string;
  /** A good calendar date 'YYYY-MM-DD' and instant. */
  readonly date: string;
  readonly instant: string;
}

const OMIT = Symbol('omit');
type Value = unknown;
interface Bad {
  readonly label: string;
  readonly value: Value;
}

export function resolve(doc: OpenApiDocument, schema: Schema | undefined): Schema {
  if (schema?.$ref === undefined) return schema ?? {};
  const name = schema.$ref.replace('#/components/schemas/', '');
  return doc.components?.schemas?.[name] ?? {};
}

/** Body properties to this depth: an order's lines → a line → its households → a household. */
const FIELD_DEPTH = 4;

function bodyFields(
  doc: OpenApiDocument,
  schema: Schema,
  keys: readonly (string | number)[],
  required: boolean,
  depth: number,
): Field[] {
  const resolved = resolve(doc, schema);
  const here: Field[] = keys.length > 0 ? [{ location: 'body', keys, schema: resolved, required }] : [];
  if (depth >= FIELD_DEPTH) return here;
  if (resolved.type === 'array' && resolved.items !== undefined) {
    const items = resolve(doc, resolved.items);
    if (items.properties !== undefined)
      return [...here, ...bodyFields(doc, items, [...keys, 0], true, depth + 1)];
    return here;
  }
  const nested = Object.entries(resolved.properties ?? {}).flatMap(([name, property]) =>
    bodyFields(doc, property, [...keys, name], resolved.required?.includes(name) ?? false, depth + 1),
  );
  return [...here, ...nested];
}

/** Every operation of the document, in its order, with its fields. */
export function operationsOf(doc: OpenApiDocument): Operation[] {
  return Object.entries(doc.paths).flatMap(([template, operations]) =>
    Object.entries(operations).map(([method, operation]): Operation => {
      const parameters = (operation.parameters ?? [])
        .filter((parameter) => parameter.in === 'path' || parameter.in === 'query')
        .map((parameter): Field => ({
          location: parameter.in as Location,
          keys: [parameter.name],
          schema: resolve(doc, parameter.schema),
          required: parameter.required ?? false,
        }));
      const body = operation.requestBody?.content?.['application/json']?.schema;
      return {
        method: method.toUpperCase(),
        template,
        fields: [...parameters, ...(body ? bodyFields(doc, body, [], true, 0) : [])],
        hasBody: body !== undefined,
      };
    }),
  );
}

/** A small seeded generator (mulberry32): the fuzz's choices, stable across Node versions. */
export class Dice {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A seed for the (seed, operation, role) stream: the same cases whatever runs before. */
  static for(seed: number, ...parts: readonly string[]): Dice {
    let hash = seed >>> 0;
    for (const char of parts.join('\u0001')) hash = Math.imul(hash ^ char.charCodeAt(0), 0x01000193) >>> 0;
    return new Dice(hash);
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  }

  below(n: number): number {
    return Math.floor(this.next() * n);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.below(items.length)];
  }

  shuffle<T>(items: readonly T[]): T[] {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = this.below(i + 1);
      [out[i], out[j]] = [out[j], out[i]];
    }
    return out;
  }

  /** One value of a fast-check arbitrary, drawn from this stream. */
  sample<T>(arbitrary: fc.Arbitrary<T>): T {
    return fc.sample(arbitrary, { seed: this.below(2 ** 31), numRuns: 1 })[0];
  }
}

const fieldName = (field: Field): string => String(field.keys[field.keys.length - 1]);
const looksLikeDate = (name: string): boolean => /(^date$|Date$|Until$|^from$|^to$|^before$)/.test(name);

/** A request the api should accept (or refuse only for the state it is in): the baseline. */
export function plausible(
  doc: OpenApiDocument,
  schema: Schema,
  name: string,
  known: Known,
  location: Location,
): Value {
  const resolved = resolve(doc, schema);
  const byName = known.byName(name, location);
  if (byName !== undefined) return byName;
  if (resolved.format === 'date-time') return known.instant;
  if (resolved.enum !== undefined && resolved.enum.length > 0) return resolved.enum[0];
  if (resolved.example !== undefined) return resolved.example;
  switch (resolved.type) {
    case 'string':
      return looksLikeDate(name) ? known.date : 'fuzz';
    case 'number':
    case 'integer':
      return 1;
    case 'boolean':
      return false;
    case 'array':
      return [plausible(doc, resolved.items ?? {}, name, known, location)];
    default: {
      const out: Record<string, Value> = {};
      for (const [key, property] of Object.entries(resolved.properties ?? {}))
        if (resolved.required?.includes(key) || known.alwaysSent.has(key))
          out[key] = plausible(doc, property, key, known, location);
      return out;
    }
  }
}

function nested(depth: number): Value {
  let value: Value = 1;
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
}

const LONG = 'x'.repeat(10_000);

/** The bad values for one field, from its schema (type, format, enum) and its name. */
function badValues(doc: OpenApiDocument, field: Field, known: Known, dice: Dice): Bad[] {
  const schema = field.schema;
  const name = fieldName(field);
  const good = plausible(doc, schema, name, known, field.location);
  const common: Bad[] = [
    { label: 'null', value: null },
    { label: 'empty text', value: '' },
    { label: '10,000 characters', value: LONG },
    { label: 'NUL byte', value: 'a\u0000b' },
    { label: 'NaN as text', value: 'NaN' },
    { label: '1e308 as text', value: '1e308' },
    { label: 'an object', value: { value: good } },
    { label: 'an array of the good value', value: [good] },
    { label: 'nested 12 deep', value: nested(12) },
    { label: 'a boolean', value: true },
    { label: 'lone surrogate', value: '\ud800x' },
    { label: 'SQL', value: "1' OR '1'='1'; --" },
    { label: 'random text', value: dice.sample(fc.string({ unit: 'binary', maxLength: 40 })) },
    { label: 'random JSON', value: dice.sample(fc.jsonValue({ maxDepth: 3 })) },
  ];
  if (field.required) common.push({ label: 'missing', value: OMIT });
  const numbers: Bad[] = [
    { label: '1e308', value: 1e308 },
    { label: '-1e308', value: -1e308 },
    { label: '-1', value: -1 },
    { label: '0', value: 0 },
    { label: '2^31', value: 2 ** 31 },
    { label: '2^53 + 2', value: 2 ** 53 + 2 },
    { label: '2^64', value: 2 ** 64 },
    { label: '0.5', value: 0.5 },
    { label: '1e-9', value: 1e-9 },
    { label: 'a number as text', value: '12' },
    { label: 'random double', value: dice.sample(fc.double({ noNaN: true, noDefaultInfinity: true })) },
    { label: 'random integer', value: dice.sample(fc.integer()) },
  ];
  const dates: Bad[] = [
    '2026-02-30',
    '2027-13-01',
    '2027-02-29',
    '0000-00-00',
    '9999-12-31',
    '+275760-09-13',
    '-000001-01-01',
    '2027-4-1',
    '20270401',
    '1969-12-31',
    '2027-04-25T25:00:00Z',
    '2027-02-30T00:00:00Z',
    '2027-04-25T00:00:00+99:00',
    '2027-04-25junk',
  ].map((value) => ({ label: `date ${value}`, value }));
  const ids: Bad[] = [
    'not-an-id',
    '0',
    '-1',
    '9223372036854775808',
    '00000000-0000-0000-0000-000000000000',
    'gggggggg-gggg-gggg-gggg-gggggggggggg',
    known.absentId.toUpperCase(),
  ].map((value) => ({ label: `id ${value}`, value }));
  const texts: Bad[] = [
    { label: 'a number', value: 42 },
    { label: 'a huge number', value: 1e308 },
    { label: 'blank', value: '   ' },
    { label: 'percent text', value: '%00%ZZ' },
    { label: '4-byte characters', value: '😀'.repeat(2_000) },
    { label: 'HTML', value: '<script>alert(1)</script>' },
  ];
  const kind = resolve(doc, schema);
  const type = kind.type ?? (kind.properties !== undefined ? 'object' : undefined);
  const pool: Bad[] = [...common];
  if (kind.enum !== undefined && kind.enum.length > 0) {
    const first = String(kind.enum[0]);
    pool.push(
      { label: 'not in the list', value: 'not-in-the-list' },
      { label: 'list value in capitals', value: first.toUpperCase() },
      { label: 'list value with a space', value: ` ${first}` },
      { label: 'list value as a number', value: 0 },
    );
  }
  if (type === 'number' || type === 'integer') pool.push(...numbers);
  if (type === 'string') {
    pool.push(...texts);
    if (kind.format === 'date-time' || looksLikeDate(name)) pool.push(...dates);
    if (/id$/i.test(name) || field.location === 'path') pool.push(...ids);
    if (name === 'at')
      pool.push(
        ...['25:00', '24:00', '08:60', '8:30', '-1:00', '08:30:00'].map((value) => ({
          label: `time ${value}`,
          value,
        })),
      );
  }
  if (type === 'boolean') pool.push({ label: 'true as text', value: 'true' }, { label: '1', value: 1 });
  if (type === 'array') {
    const item = plausible(doc, kind.items ?? {}, name, known, field.location);
    pool.push(
      { label: 'a scalar for the array', value: 'not-an-array' },
      { label: 'an object for the array', value: {} },
      { label: 'empty array', value: [] },
      { label: 'array of null', value: [null] },
      { label: 'array of arrays', value: [[[]]] },
      { label: '10,000 items', value: Array.from({ length: 10_000 }, () => item) },
      { label: 'array of huge numbers', value: [1e308, -1e308] },
    );
  }
  if (
    type === 'object' ||
    (type === undefined && kind.properties === undefined && field.location === 'body')
  ) {
    pool.push(
      { label: 'text for the object', value: 'not-an-object' },
      { label: 'an array for the object', value: [] },
      { label: 'unknown keys', value: { fuzzUnknown: 1e308, '': null } },
      { label: '__proto__ key', value: JSON.parse('{"__proto__":{"polluted":true}}') as Value },
      {
        label: '1,000 keys',
        value: Object.fromEntries(Array.from({ length: 1_000 }, (_, i) => [`k${i}`, i])),
      },
      { label: 'nested values', value: { a: nested(10), b: [nested(10)] } },
    );
  }
  return pool;
}

/** Path parameter values that no route takes, most of them written into the URL as they are. */
const PATH_VALUES: readonly { label: string; raw: string }[] = [
  { label: 'not an id', raw: 'not-an-id' },
  { label: '0', raw: '0' },
  { label: '-1', raw: '-1' },
  { label: '2^63', raw: '9223372036854775808' },
  { label: '1e308', raw: '1e308' },
  { label: 'null', raw: 'null' },
  { label: 'NUL byte', raw: '%00' },
  { label: 'broken percent-encoding', raw: '%ZZ' },
  { label: 'invalid UTF-8', raw: '%C3%28' },
  { label: 'truncated UTF-8', raw: '%E0%A4%A' },
  { label: 'encoded slashes', raw: '..%2F..%2Fetc%2Fpasswd' },
  { label: 'nil uuid', raw: '00000000-0000-0000-0000-000000000000' },
  { label: 'uuid with bad letters', raw: 'gggggggg-gggg-gggg-gggg-gggggggggggg' },
  { label: '2,000 characters', raw: 'x'.repeat(2_000) },
  { label: 'encoded space and quote', raw: '%20%27%22' },
  { label: 'Chinese', raw: encodeText('一号棚') },
  { label: 'emoji', raw: encodeText('😀') },
];

/** Query values, encoded as a browser would (the raw ones are written as they are). */
const QUERY_RAW: readonly { label: string; raw: string }[] = [
  { label: 'broken percent-encoding', raw: '%ZZ' },
  { label: 'invalid UTF-8', raw: '%C3%28' },
  { label: 'NUL byte', raw: '%00' },
];

interface Draft {
  path: Record<string, string>;
  query: [string, string][];
  body: Value;
  headers: Record<string, string>;
  rawBody?: string;
}

function setAt(target: Value, keys: readonly (string | number)[], value: Value): Value {
  if (keys.length === 0) return value;
  const [key, ...rest] = keys as [string | number, ...(string | number)[]];
  const container: Record<string | number, Value> = Array.isArray(target)
    ? ([...target] as unknown as Record<number, Value>)
    : typeof target === 'object' && target !== null
      ? { ...(target as Record<string, Value>) }
      : typeof key === 'number'
        ? ([] as unknown as Record<number, Value>)
        : {};
  const child = setAt(container[key], rest, value);
  if (child === OMIT) delete container[key];
  else container[key] = child;
  return container;
}

function queryText(value: Value): string {
  if (typeof value === 'string') return value;
  return JSON.stringify(value) ?? '';
}

/**
 * The plausible request every case spoils: path values and required query parameters. An operation
 * that only acts on what its path names (delete, disable, reset a password) is given an id of
 * nothing, so that its cases that spoil something else cannot act.
 */
function baseDraft(doc: OpenApiDocument, operation: Operation, known: Known): Draft {
  const onlyActs = operation.method !== 'GET' && operation.fields.every((field) => field.location === 'path');
  const draft: Draft = { path: {}, query: [], body: undefined, headers: {} };
  for (const field of operation.fields) {
    const key = String(field.keys[0]);
    if (field.location === 'path')
      draft.path[key] =
        onlyActs && /id$/i.test(key) ? known.absentId : known.pathValue(operation.template, key);
    else if (field.location === 'query' && field.required)
      draft.query.push([key, queryText(plausible(doc, field.schema, key, known, 'query'))]);
  }
  return draft;
}

/** The plausible request itself, unspoiled: how deep the cases of an operation can reach. */
export function plausibleCase(doc: OpenApiDocument, operation: Operation, known: Known): FuzzCase {
  const draft = baseDraft(doc, operation, known);
  if (operation.hasBody) draft.body = bodyOf(doc, operation, known);
  return toCase(`${operation.method} ${operation.template}`, 'nothing', 'plausible', operation, draft);
}

/** Cases for one operation as one role: at least `count`, and every field spoiled at least once. */
export function casesFor(
  doc: OpenApiDocument,
  operation: Operation,
  known: Known,
  seed: number,
  role: string,
  count: number,
  token: string | undefined,
): FuzzCase[] {
  const dice = Dice.for(seed, operation.method, operation.template, role);
  const name = `${operation.method} ${operation.template}`;
  const writes = operation.method !== 'GET';
  const base = (): Draft => baseDraft(doc, operation, known);
  const bodyBase = operation.hasBody ? bodyOf(doc, operation, known) : undefined;
  const targets: (Field | 'request')[] = [...operation.fields, 'request'];
  const order = dice.shuffle(targets);
  const total = Math.max(count, targets.length);
  const cases: FuzzCase[] = [];
  const used = new Set<string>();
  for (let i = 0; i < total; i++) {
    const target = order[i % order.length];
    const draft = base();
    draft.body = bodyBase;
    let label: string;
    let where: string;
    if (target === 'request') {
      where = 'request';
      label = spoilRequest(draft, operation, dice, writes, token);
    } else {
      where = `${target.location} ${target.keys.join('.')}`;
      label = spoilField(doc, draft, target, known, dice, used, where);
    }
    used.add(`${where}|${label}`);
    cases.push(toCase(name, where, label, operation, draft));
  }
  return cases;
}

function bodyOf(doc: OpenApiDocument, operation: Operation, known: Known): Value {
  // The body's own schema is the parent of its top-level fields; rebuild it from them.
  const properties: Record<string, Schema> = {};
  const required: string[] = [];
  for (const field of operation.fields)
    if (field.location === 'body' && field.keys.length === 1) {
      const key = String(field.keys[0]);
      properties[key] = field.schema;
      if (field.required) required.push(key);
    }
  return plausible(doc, { type: 'object', properties, required }, '', known, 'body');
}

function spoilField(
  doc: OpenApiDocument,
  draft: Draft,
  field: Field,
  known: Known,
  dice: Dice,
  used: ReadonlySet<string>,
  where: string,
): string {
  const key = String(field.keys[0]);
  if (field.location === 'path') {
    const choices = PATH_VALUES.filter((value) => !used.has(`${where}|${value.label}`));
    const choice = dice.pick(choices.length > 0 ? choices : PATH_VALUES);
    draft.path[key] = choice.raw;
    return choice.label;
  }
  const pool = badValues(doc, field, known, dice);
  const fresh = pool.filter((bad) => !used.has(`${where}|${bad.label}`));
  if (field.location === 'query') {
    draft.query = draft.query.filter(([name]) => name !== key);
    const raw = dice.below(8) === 0 ? dice.pick(QUERY_RAW) : undefined;
    if (raw !== undefined) {
      draft.query.push([key, raw.raw]);
      return `${raw.label} (raw)`;
    }
    const bad = dice.pick(fresh.length > 0 ? fresh : pool);
    if (bad.value !== OMIT) {
      if (Array.isArray(bad.value) && bad.value.length < 5)
        // Repeated parameters: ?key=a&key=b, as Express would read an array.
        for (const item of bad.value) draft.query.push([key, queryText(item)]);
      else draft.query.push([key, queryText(bad.value)]);
    }
    return bad.label;
  }
  const bad = dice.pick(fresh.length > 0 ? fresh : pool);
  // A nested field of an array item that the plausible body left empty still gets its item.
  draft.body = setAt(draft.body ?? {}, field.keys, bad.value);
  return bad.label;
}

function spoilRequest(
  draft: Draft,
  operation: Operation,
  dice: Dice,
  writes: boolean,
  token: string | undefined,
): string {
  const choices: { label: string; apply: () => void }[] = [
    { label: 'unknown query parameter', apply: () => draft.query.push(['fuzzUnknown', '1']) },
    {
      label: 'query parameter in brackets',
      apply: () =>
        draft.query.push([
          `${String(operation.fields.find((f) => f.location === 'query')?.keys[0] ?? 'q')}[a]`,
          '1',
        ]),
    },
    {
      label: 'a repeated query parameter',
      apply: () => {
        const first = draft.query[0] ?? ['fuzz', '1'];
        draft.query.push(first, first);
      },
    },
    {
      label: 'an unexpected JSON body',
      apply: () => (draft.rawBody = JSON.stringify({ fuzzUnknown: [1e308] })),
    },
    { label: 'invalid JSON', apply: () => (draft.rawBody = '{"a":') },
    { label: 'JSON null', apply: () => (draft.rawBody = 'null') },
    { label: 'JSON text', apply: () => (draft.rawBody = '"text"') },
  ];
  if (token !== undefined)
    choices.push({
      label: 'a tampered token',
      apply: () => (draft.headers['authorization'] = `Bearer ${token.slice(0, -4)}AAAA`),
    });
  if (writes) {
    choices.push({
      label: 'a bad request id',
      apply: () =>
        (draft.headers[REQUEST_ID_HEADER] = dice.pick(['short', 'x'.repeat(65), 'has spaces in it!!!!'])),
    });
  }
  if (operation.hasBody) {
    choices.push(
      {
        label: 'unknown body field',
        apply: () => (draft.body = { ...(draft.body as Record<string, Value>), fuzzUnknown: 1 }),
      },
      { label: 'body is an array', apply: () => (draft.body = [draft.body]) },
      { label: 'body is a number', apply: () => (draft.rawBody = '42') },
      { label: 'no body', apply: () => (draft.body = undefined) },
      {
        label: 'body as text/plain',
        apply: () => {
          draft.rawBody = JSON.stringify(draft.body);
          draft.headers['content-type'] = 'text/plain';
        },
      },
      {
        label: 'body as a form',
        apply: () => {
          draft.rawBody = 'a=1&a=2&b[c]=3';
          draft.headers['content-type'] = 'application/x-www-form-urlencoded';
        },
      },
      {
        label: 'body in UTF-16',
        apply: () => {
          draft.rawBody = JSON.stringify(draft.body);
          draft.headers['content-type'] = 'application/json; charset=utf-16';
        },
      },
      {
        label: '__proto__ in the body',
        apply: () =>
          (draft.rawBody = JSON.stringify(draft.body).replace(/^\{/, '{"__proto__":{"role":"manager"},')),
      },
      {
        label: 'body nested 15 deep',
        apply: () => (draft.body = { ...(draft.body as Record<string, Value>), fuzzDeep: nested(14) }),
      },
    );
  }
  const choice = dice.pick(choices);
  choice.apply();
  return choice.label;
}

/** encodeURIComponent of the UTF-8 bytes (a lone surrogate, which it refuses, becomes U+FFFD). */
function encodeText(text: string): string {
  return [...Buffer.from(text, 'utf8')]
    .map((byte) =>
      /[A-Za-z0-9\-_.~]/.test(String.fromCharCode(byte))
        ? String.fromCharCode(byte)
        : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`,
    )
    .join('');
}

function toCase(name: string, where: string, label: string, operation: Operation, draft: Draft): FuzzCase {
  const path = operation.template.replace(/\{(\w+)\}/g, (_, key: string) => {
    const value = draft.path[key] ?? '';
    // Values from the known map are plain; PATH_VALUES are written as their raw URL text.
    return /^[\w.~%-]*$/.test(value) ? value : encodeText(value);
  });
  const query = draft.query
    .map(([key, value]) => {
      const raw = QUERY_RAW.some((entry) => entry.raw === value);
      return `${encodeText(key).replace(/%5B/g, '[').replace(/%5D/g, ']')}=${raw ? value : encodeText(value)}`;
    })
    .join('&');
  const headers: Record<string, string> = { ...draft.headers };
  let body: string | undefined = draft.rawBody;
  if (body === undefined && draft.body !== undefined) body = JSON.stringify(draft.body);
  if (body !== undefined && headers['content-type'] === undefined)
    headers['content-type'] = 'application/json';
  return {
    operation: name,
    target: where,
    label,
    method: operation.method,
    url: query ? `${path}?${query}` : path,
    headers,
    ...(body !== undefined ? { body } : {}),
  };
}
