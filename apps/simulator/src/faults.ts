import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import type { WeatherOverride } from './physics/weather.js';

/**
 * Faults the simulator can inject, from CLI flags, a scenario file and the control channel.
 * A fault names its target by site, zone and device; an omitted level matches every one.
 */
export const MALFORMED_KINDS = [
  'invalid-json',
  'wrong-types',
  'nan-text',
  'out-of-range',
  'unknown-metric',
  'too-large',
  'bad-topic',
  'array-too-long',
] as const;
export type MalformedKind = (typeof MALFORMED_KINDS)[number];

export const FAULT_TYPES = [
  'stuck',
  'drift',
  'spike',
  'silence',
  'disconnect',
  'heater-failure',
  'valve-stuck-open',
  'valve-stuck-closed',
  'bench-heat-runaway',
  'power-cut',
  'clock-skew',
  'duplicate-burst',
  'out-of-order-backlog',
  'malformed',
  'command-fail',
] as const;
export type FaultType = (typeof FAULT_TYPES)[number];

export interface FaultSpec {
  readonly type: FaultType;
  readonly id?: string;
  readonly site?: string;
  readonly zone?: string;
  readonly device?: string;
  /** The metric a sensor fault touches; all of the device's numeric metrics when omitted. */
  readonly metric?: string;
  /** drift: units per simulated hour (default 1). */
  readonly ratePerHour?: number;
  /** spike: added to the value (default 25). */
  readonly magnitude?: number;
  /** clock-skew: seconds added to the device's timestamps (default 300). */
  readonly offsetS?: number;
  /** duplicate-burst: copies of each telemetry message (default 5). */
  readonly count?: number;
  /** malformed: which kinds to send (all when omitted). */
  readonly kinds?: readonly MalformedKind[];
  /** Clears itself after this many simulated seconds. */
  readonly durationS?: number;
}

export interface ActiveFault extends FaultSpec {
  readonly id: string;
  readonly sinceMs: number;
}

export interface FaultTarget {
  readonly site: string;
  readonly zone: string;
  readonly device: string;
}

export function faultMatches(fault: FaultSpec, target: Partial<FaultTarget>): boolean {
  return (
    (fault.site === undefined || target.site === undefined || fault.site === target.site) &&
    (fault.zone === undefined || target.zone === undefined || fault.zone === target.zone) &&
    (fault.device === undefined || target.device === undefined || fault.device === target.device)
  );
}

export class FaultError extends Error {
  readonly code = 'INVALID_FAULT';
}

const NUMBER_FIELDS = ['ratePerHour', 'magnitude', 'offsetS', 'count', 'durationS'] as const;
const STRING_FIELDS = ['id', 'site', 'zone', 'device', 'metric'] as const;

/** Checks a fault from JSON or YAML and returns it typed. */
export function validateFault(raw: unknown): FaultSpec {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw new FaultError('a fault is an object');
  const record = raw as Record<string, unknown>;
  if (!(FAULT_TYPES as readonly unknown[]).includes(record['type'])) {
    throw new FaultError(
      `unknown fault type ${JSON.stringify(record['type'])}; one of ${FAULT_TYPES.join(', ')}`,
    );
  }
  for (const key of Object.keys(record)) {
    if (
      key !== 'type' &&
      key !== 'kinds' &&
      !(NUMBER_FIELDS as readonly string[]).includes(key) &&
      !(STRING_FIELDS as readonly string[]).includes(key)
    ) {
      throw new FaultError(`unknown fault field ${key}`);
    }
  }
  for (const key of NUMBER_FIELDS) {
    if (record[key] !== undefined && (typeof record[key] !== 'number' || !Number.isFinite(record[key])))
      throw new FaultError(`${key} must be a number`);
  }
  for (const key of STRING_FIELDS) {
    if (record[key] !== undefined && typeof record[key] !== 'string')
      throw new FaultError(`${key} must be a string`);
  }
  const kinds = record['kinds'];
  if (
    kinds !== undefined &&
    (!Array.isArray(kinds) || !kinds.every((kind) => (MALFORMED_KINDS as readonly unknown[]).includes(kind)))
  ) {
    throw new FaultError(`kinds must be a list of ${MALFORMED_KINDS.join(', ')}`);
  }
  return record as unknown as FaultSpec;
}

/**
 * `--fault` flag: JSON (`{"type":"disconnect","device":"env-1"}`) or the short form
 * `type:key=value,key=value` (`disconnect:zone=gh1,device=env-1,durationS=300,at=600`).
 * `at` (simulated seconds after start) schedules it instead of injecting it at once.
 */
export function parseFaultFlag(text: string): { at: number | undefined; fault: FaultSpec } {
  let record: Record<string, unknown>;
  if (text.trim().startsWith('{')) {
    record = JSON.parse(text) as Record<string, unknown>;
  } else {
    const [type, rest] = text.split(/:(.*)/s, 2) as [string, string | undefined];
    record = { type };
    for (const pair of (rest ?? '').split(',').filter((part) => part.length > 0)) {
      const [key, value] = pair.split('=', 2) as [string, string | undefined];
      if (value === undefined) throw new FaultError(`--fault ${text}: ${pair} is not key=value`);
      if (key === 'kinds') record[key] = value.split('+');
      else record[key] = /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value;
    }
  }
  const at = record['at'];
  delete record['at'];
  if (at !== undefined && typeof at !== 'number')
    throw new FaultError('at must be a number of simulated seconds');
  return { at, fault: validateFault(record) };
}

export type ScenarioAction =
  | { readonly kind: 'inject'; readonly fault: FaultSpec }
  | { readonly kind: 'clear'; readonly id: string }
  | { readonly kind: 'weather'; readonly site: string; readonly override: WeatherOverride };

export interface ScenarioEvent {
  /** Simulated seconds after the simulator's start instant. */
  readonly at: number;
  readonly action: ScenarioAction;
}

/**
 * A scenario file (JSON or YAML): `{ events: [ { at, inject: {fault} } | { at, clear: id } |
 * { at, weather: {...}, site? } ] }` or just the list of events.
 */
export function parseScenario(text: string, fileName: string): ScenarioEvent[] {
  const document: unknown = /\.ya?ml$/i.test(fileName) ? parseYaml(text) : JSON.parse(text);
  const list = Array.isArray(document) ? document : (document as { events?: unknown } | null)?.events;
  if (!Array.isArray(list))
    throw new FaultError(`${fileName}: expected a list of events or { events: [...] }`);
  return list.map((item: unknown, index) => {
    const event = item as Record<string, unknown>;
    const at = event['at'];
    if (typeof at !== 'number' || at < 0)
      throw new FaultError(`${fileName} event ${index}: at must be simulated seconds >= 0`);
    if (event['inject'] !== undefined)
      return { at, action: { kind: 'inject', fault: validateFault(event['inject']) } };
    if (typeof event['clear'] === 'string') return { at, action: { kind: 'clear', id: event['clear'] } };
    if (typeof event['weather'] === 'object' && event['weather'] !== null) {
      const site = typeof event['site'] === 'string' ? event['site'] : '*';
      return { at, action: { kind: 'weather', site, override: event['weather'] } };
    }
    throw new FaultError(`${fileName} event ${index}: needs inject, clear or weather`);
  });
}

export function loadScenario(path: string): ScenarioEvent[] {
  return parseScenario(readFileSync(path, 'utf8'), path);
}
