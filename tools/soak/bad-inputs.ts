// What the soak throws at the api between readings and orders: bad MQTT payloads (each must leave a
// dead letter with its reason while ingest goes on) and bad HTTP requests (each must be refused
// with a 4xx, never a 5xx and never accepted). A selection of the kinds the e2e suites test one by one.

export interface BadPayload {
  readonly name: string;
  readonly payload: Buffer;
  /** The one reason its dead letter carries. */
  readonly reason: string;
}

export interface BadRequest {
  readonly name: string;
  readonly method: string;
  readonly route: string;
  readonly body?: unknown;
  readonly raw?: string;
  readonly headers?: Record<string, string>;
  /** Sent without the session. */
  readonly anonymous?: boolean;
}

const DAY_MS = 86_400_000;
const json = (value: unknown): Buffer => Buffer.from(JSON.stringify(value));
const text = (value: string): Buffer => Buffer.from(value);
const deep = (depth: number, inner: string): string => '['.repeat(depth) + inner + ']'.repeat(depth);

function noise(length: number, seed: number): Buffer {
  const bytes = Buffer.alloc(length);
  let state = seed;
  for (let i = 0; i < length; i += 1) {
    state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
    bytes[i] = state >>> 24;
  }
  return bytes;
}

/** Bad `tele` payloads of one device, stamped around the simulated time `now`. */
export function badPayloads(now: number, seed: number): BadPayload[] {
  let step = 0;
  const ts = (): number => now - 60_000 + (step += 1);
  return [
    { name: 'empty', payload: Buffer.alloc(0), reason: 'invalid_json' },
    {
      name: 'truncated JSON',
      payload: text(`{"ts":${ts()},"values":{"air_temp_c":`),
      reason: 'invalid_json',
    },
    {
      name: '512 bytes of binary noise, NUL first',
      payload: Buffer.concat([Buffer.from([0]), noise(511, seed)]),
      reason: 'invalid_json',
    },
    {
      name: 'UTF-16LE JSON',
      payload: Buffer.from(JSON.stringify({ ts: ts(), values: { air_temp_c: 12 } }), 'utf16le'),
      reason: 'invalid_json',
    },
    { name: 'JSON null', payload: text('null'), reason: 'invalid_payload' },
    { name: 'values missing', payload: json({ ts: ts() }), reason: 'invalid_payload' },
    { name: 'deep nesting', payload: text(deep(10_000, '1')), reason: 'invalid_payload' },
    { name: 'empty values', payload: json({ ts: ts(), values: {} }), reason: 'no_values' },
    {
      name: 'a string for a number',
      payload: json({ ts: ts(), values: { air_rh_pct: 'wet' } }),
      reason: 'wrong_type',
    },
    {
      name: 'a non-finite number',
      payload: text(`{"ts":${ts()},"values":{"air_temp_c":1e999}}`),
      reason: 'not_finite',
    },
    {
      name: 'above the physical range',
      payload: json({ ts: ts(), values: { air_temp_c: 500 } }),
      reason: 'out_of_range',
    },
    {
      name: 'an unknown metric',
      payload: json({ ts: ts(), values: { soil_ph: 6.5 } }),
      reason: 'unknown_metric',
    },
    {
      name: 'ts in seconds',
      payload: json({ ts: Math.floor(ts() / 1000), values: { air_temp_c: 12 } }),
      reason: 'too_old',
    },
    {
      name: 'ts a day ahead',
      payload: json({ ts: now + DAY_MS, values: { air_temp_c: 12 } }),
      reason: 'too_far_ahead',
    },
    {
      name: 'ts a word',
      payload: json({ ts: 'yesterday', values: { air_temp_c: 12 } }),
      reason: 'invalid_timestamp',
    },
    {
      name: 'over 256 KiB',
      payload: json({ ts: ts(), values: { air_temp_c: 12 }, pad: 'x'.repeat(300_000) }),
      reason: 'payload_too_large',
    },
    {
      name: 'a backlog over 1,000 samples',
      payload: json(Array.from({ length: 1_001 }, () => ({ ts: ts(), values: { air_temp_c: 1 } }))),
      reason: 'too_many_samples',
    },
    {
      name: 'a seq beyond 64 bits',
      payload: text(`{"ts":${ts()},"seq":1e300,"values":{"air_temp_c":12}}`),
      reason: 'unstorable',
    },
  ];
}

/** Bad requests to routes a nursery uses every day; `orderId` is an order that exists. */
export function badRequests(orderId: string): BadRequest[] {
  const order = (wantedDate: string, quantity = 1000): unknown => ({
    lines: [{ crop: 'tomato', quantity, wantedDate }],
  });
  return [
    { name: 'order for 31 February', method: 'POST', route: '/api/orders', body: order('2027-02-31') },
    { name: 'order for month 13', method: 'POST', route: '/api/orders', body: order('2027-13-01') },
    { name: 'order for the year 9999', method: 'POST', route: '/api/orders', body: order('9999-03-01') },
    {
      name: 'order of 10^12 seedlings',
      method: 'POST',
      route: '/api/orders',
      body: order('2027-04-01', 1_000_000_000_000),
    },
    { name: 'truncated JSON', method: 'POST', route: '/api/orders', raw: '{"lines":[{"crop":' },
    { name: 'JSON nested 10,000 deep', method: 'POST', route: '/api/orders', raw: deep(10_000, '1') },
    { name: 'lines a string', method: 'POST', route: '/api/orders', body: { lines: 'tomato' } },
    { name: 'a bare JSON string', method: 'POST', route: '/api/orders', raw: '"tomato"' },
    {
      name: 'a 2 MB body',
      method: 'POST',
      route: '/api/orders',
      body: { lines: [], note: 'x'.repeat(2_000_000) },
    },
    {
      name: 'a batch of 100,000 trays',
      method: 'POST',
      route: '/api/batches',
      body: { crop: 'tomato', zone: 'gh1', trays: 100_000 },
    },
    {
      name: 'a zone code with a NUL',
      method: 'POST',
      route: '/api/zones',
      body: { code: 'a\u0000b', kind: 'greenhouse', name: 'x' },
    },
    {
      name: 'a payment of 1e400 fen',
      method: 'POST',
      route: `/api/orders/${orderId}/payments`,
      raw: '{"amountFen":1e400}',
    },
    {
      name: 'a payment on an order id that is no uuid',
      method: 'POST',
      route: '/api/orders/x/payments',
      body: { amountFen: 100 },
    },
    { name: 'a repeated query parameter', method: 'GET', route: '/api/orders?limit=1&limit=2' },
    { name: 'orders promised on 30 February', method: 'GET', route: '/api/orders?date=2027-02-30' },
    { name: 'a negative horizon', method: 'PATCH', route: '/api/order-settings', body: { horizonDays: -5 } },
    {
      name: 'an idempotency key of 3 characters',
      method: 'POST',
      route: '/api/orders',
      body: order('2027-04-01'),
      headers: { 'idempotency-key': 'abc' },
    },
    {
      name: 'a login with the phone as an object',
      method: 'POST',
      route: '/api/auth/login',
      body: { phone: { $gt: '' }, password: 'x' },
      anonymous: true,
    },
  ];
}
