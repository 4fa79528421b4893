import { Ajv, type ValidateFunction } from 'ajv';
import { ACK_RESULTS, type AckPayload, type CommandName, type CommandParamsByName } from './commands.js';
import {
  MAX_BACKLOG_SAMPLES,
  MAX_PAYLOAD_BYTES,
  type EventPayload,
  type MetaPayload,
  type StatePayload,
  type StatusPayload,
  type TelemetryPayload,
} from './payloads.js';

/**
 * Compiled validators for everything that crosses MQTT. The hot path (tele) is validated with ajv
 * because class-validator cut a pipeline's peak by 30-45 % (docs/stack-notes.md). Metric keys
 * and ranges are checked per value by the metric registry, not here, so that one bad value can be
 * reported precisely.
 */
const ajv = new Ajv({ allErrors: false, strict: true, allowUnionTypes: true, coerceTypes: false });

const timestamp = { anyOf: [{ type: 'number' }, { type: 'string', maxLength: 40 }] };
const values = {
  type: 'object',
  maxProperties: 64,
  additionalProperties: { type: ['number', 'boolean', 'string'] },
};
const sample = {
  type: 'object',
  required: ['ts', 'values'],
  properties: { ts: timestamp, seq: { type: 'integer', minimum: 0 }, values },
  additionalProperties: false,
};

const validators = {
  tele: ajv.compile<TelemetryPayload>({
    anyOf: [sample, { type: 'array', minItems: 1, maxItems: MAX_BACKLOG_SAMPLES, items: sample }],
  }),
  state: ajv.compile<StatePayload>({
    type: 'object',
    required: ['ts', 'values'],
    properties: { ts: timestamp, values },
    additionalProperties: false,
  }),
  status: ajv.compile<StatusPayload>({
    type: 'object',
    required: ['online'],
    properties: {
      online: { type: 'boolean' },
      ts: timestamp,
      fw: { type: 'string', maxLength: 64 },
      reason: { type: 'string', maxLength: 200 },
    },
    additionalProperties: false,
  }),
  meta: ajv.compile<MetaPayload>({
    type: 'object',
    required: ['metrics'],
    properties: {
      model: { type: 'string', maxLength: 100 },
      fw: { type: 'string', maxLength: 64 },
      metrics: {
        type: 'object',
        additionalProperties: {
          type: 'object',
          properties: { unit: { type: 'string', maxLength: 32 }, interval_s: { type: 'number', minimum: 0 } },
          additionalProperties: false,
        },
      },
    },
    additionalProperties: false,
  }),
  evt: ajv.compile<EventPayload>({
    type: 'object',
    required: ['ts', 'type'],
    properties: { ts: timestamp, type: { type: 'string', maxLength: 64 }, detail: { type: 'object' } },
    additionalProperties: false,
  }),
  ack: ajv.compile<AckPayload>({
    type: 'object',
    required: ['id', 'ts', 'result'],
    properties: {
      id: { type: 'string', minLength: 1, maxLength: 64 },
      ts: timestamp,
      result: { enum: [...ACK_RESULTS] },
      msg: { type: 'string', maxLength: 500 },
      state: { type: 'object' },
    },
    additionalProperties: false,
  }),
} satisfies Record<string, ValidateFunction>;

const benches = { type: 'array', maxItems: 64, items: { type: 'string', pattern: '^[a-z0-9-]{1,32}$' } };
const commandParamValidators: { [N in CommandName]: ValidateFunction<CommandParamsByName[N]> } = {
  setpoint: ajv.compile<CommandParamsByName['setpoint']>({
    type: 'object',
    required: ['sp_c'],
    properties: { sp_c: { type: 'number', minimum: -10, maximum: 45 } },
    additionalProperties: false,
  }),
  irrigate: ajv.compile<CommandParamsByName['irrigate']>({
    oneOf: [
      {
        type: 'object',
        required: ['seconds'],
        properties: { seconds: { type: 'integer', minimum: 1, maximum: 3600 }, benches },
        additionalProperties: false,
      },
      {
        type: 'object',
        required: ['passes'],
        properties: { passes: { type: 'integer', minimum: 1, maximum: 20 }, benches },
        additionalProperties: false,
      },
    ],
  }),
  'bench-heat': ajv.compile<CommandParamsByName['bench-heat']>({
    type: 'object',
    required: ['on'],
    properties: { on: { type: 'boolean' }, sp_c: { type: 'number', minimum: 0, maximum: 40 } },
    additionalProperties: false,
  }),
  siren: ajv.compile<CommandParamsByName['siren']>({
    type: 'object',
    required: ['on'],
    properties: { on: { type: 'boolean' }, seconds: { type: 'integer', minimum: 1, maximum: 180 } },
    additionalProperties: false,
  }),
};

export type ValidatedChannel = keyof typeof validators;
export type PayloadOf<C extends ValidatedChannel> =
  (typeof validators)[C] extends ValidateFunction<infer T> ? T : never;

export type ParseFailureReason = 'payload_too_large' | 'invalid_json' | 'invalid_payload';
export type ParseResult<T> =
  { ok: true; payload: T } | { ok: false; reason: ParseFailureReason; detail: string };

/** The one parse helper for device messages: size limit, JSON, then the compiled schema. */
export function parseDevicePayload<C extends ValidatedChannel>(
  channel: C,
  raw: Uint8Array | string,
): ParseResult<PayloadOf<C>> {
  const size = typeof raw === 'string' ? Buffer.byteLength(raw) : raw.byteLength;
  if (size > MAX_PAYLOAD_BYTES) {
    return { ok: false, reason: 'payload_too_large', detail: `${size} bytes > ${MAX_PAYLOAD_BYTES}` };
  }
  let json: unknown;
  try {
    json = JSON.parse(typeof raw === 'string' ? raw : Buffer.from(raw).toString('utf8'));
  } catch (error) {
    return { ok: false, reason: 'invalid_json', detail: (error as Error).message.slice(0, 200) };
  }
  const validate = validators[channel] as ValidateFunction<PayloadOf<C>>;
  if (!validate(json)) return { ok: false, reason: 'invalid_payload', detail: describeErrors(validate) };
  return { ok: true, payload: json };
}

export function validateCommandParams<N extends CommandName>(
  name: N,
  params: unknown,
): { ok: true; params: CommandParamsByName[N] } | { ok: false; detail: string } {
  const validate = commandParamValidators[name] as ValidateFunction<CommandParamsByName[N]>;
  return validate(params) ? { ok: true, params } : { ok: false, detail: describeErrors(validate) };
}

function describeErrors(validate: ValidateFunction): string {
  const error = validate.errors?.[0];
  if (error === undefined) return 'invalid';
  return `${error.instancePath || '/'} ${error.message ?? 'invalid'}`.slice(0, 200);
}
