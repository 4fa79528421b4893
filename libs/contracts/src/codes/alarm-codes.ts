/**
 * Every alarm rule code (kebab-case, as stored in `alarms.rule`) with the parameters its text needs.
 * A rule's variants are parameters, not separate codes: `high-humidity` with `cause: 'condensation'`.
 * The crop rules judged per batch carry `batches`: the batches hit, each with its own limit
 * (`B0042:39;B0043:45`). Alarms store these in `alarms.params`; rows from before that column fall back to
 * `{ value, threshold }` (`alarmParams` below).
 */
export interface AlarmRuleParams {
  frost: { value: number; threshold: number; batches?: string };
  'low-temperature': { value: number; threshold: number; batches?: string };
  overheat: { value: number; threshold: number; batches?: string };
  'overheat-critical': { value: number; threshold: number; batches?: string };
  'high-humidity': { cause: 'rh' | 'condensation'; value: number; threshold: number; air?: number };
  'healing-humidity-low': { value: number; threshold: number };
  'dry-substrate': { value: number; threshold: number; batches?: string };
  'heater-failure': {
    cause: 'state-unknown' | 'not-rising' | 'reported-off';
    value: number;
    threshold: number;
  };
  'irrigation-runaway': { value: number; threshold: number };
  'irrigation-ineffective': { value: number; threshold: number };
  'sensor-offline': { device: string };
  'sensor-implausible': { device: string; metric: string; cause: 'outside' | 'stepped' | 'flat' };
  'power-failure': { cause: 'mains' | 'all-offline' };
  'seedling-over-age': { value: number; threshold: number };
  'bench-heat-fault': { cause: 'scorch' | 'not-rising'; value: number; threshold: number };
  'cold-wet-root-zone': { value: number; threshold: number; batches?: string };
  'co2-high-heater': { value: number; threshold: number };
  'chilling-hours': { crop: string; cropName?: string; value: number; threshold: number };
  // Faults of the system itself, site-wide alarms (zone `*`).
  'database-down': { reason: string };
  'database-unrecoverable': { attempts: number };
  'unclean-restart': { from: string; to: string };
  /**
   * The lowest watched disk's free space, and what the disk watch shed while the alarm was open:
   * days of raw readings (UTC days, `YYYY-MM-DD`, null when none) and old backups.
   */
  'disk-low': {
    freeMb: number;
    shedDays: number;
    readingsFrom: string | null;
    readingsTo: string | null;
    shedBackups: number;
    shedMb: number;
  };
  'backup-failed': { reason: string };
  'modem-down': Record<string, never>;
}

export type AlarmRuleCode = keyof AlarmRuleParams;

export const ALARM_PARAM_NAMES = {
  frost: ['value', 'threshold', 'batches'],
  'low-temperature': ['value', 'threshold', 'batches'],
  overheat: ['value', 'threshold', 'batches'],
  'overheat-critical': ['value', 'threshold', 'batches'],
  'high-humidity': ['cause', 'value', 'threshold', 'air'],
  'healing-humidity-low': ['value', 'threshold'],
  'dry-substrate': ['value', 'threshold', 'batches'],
  'heater-failure': ['cause', 'value', 'threshold'],
  'irrigation-runaway': ['value', 'threshold'],
  'irrigation-ineffective': ['value', 'threshold'],
  'sensor-offline': ['device'],
  'sensor-implausible': ['device', 'metric', 'cause'],
  'power-failure': ['cause'],
  'seedling-over-age': ['value', 'threshold'],
  'bench-heat-fault': ['cause', 'value', 'threshold'],
  'cold-wet-root-zone': ['value', 'threshold', 'batches'],
  'co2-high-heater': ['value', 'threshold'],
  'chilling-hours': ['crop', 'cropName', 'value', 'threshold'],
  'database-down': ['reason'],
  'database-unrecoverable': ['attempts'],
  'unclean-restart': ['from', 'to'],
  'disk-low': ['freeMb', 'shedDays', 'readingsFrom', 'readingsTo', 'shedBackups', 'shedMb'],
  'backup-failed': ['reason'],
  'modem-down': [],
} as const satisfies { readonly [C in AlarmRuleCode]: readonly (keyof AlarmRuleParams[C])[] };

export const ALARM_RULE_CODES = Object.keys(ALARM_PARAM_NAMES) as AlarmRuleCode[];

/** The rules of the site-wide system faults (issue #22 item 7). */
export const SYSTEM_RULE_CODES = [
  'database-down',
  'database-unrecoverable',
  'unclean-restart',
  'disk-low',
  'backup-failed',
  'modem-down',
] as const satisfies readonly AlarmRuleCode[];

export function isAlarmRuleCode(value: unknown): value is AlarmRuleCode {
  return typeof value === 'string' && Object.hasOwn(ALARM_PARAM_NAMES, value);
}

/** What a stored alarm row carries (a subset of the api's entity). */
export interface StoredAlarmFacts {
  readonly rule: string;
  readonly subject?: string | null;
  readonly value?: number | null;
  readonly threshold?: number | null;
  readonly params?: Readonly<Record<string, unknown>> | null;
}

/**
 * The parameters of a stored alarm: its `params` column, or for rows written before it, `value` and
 * `threshold` plus what the subject says (`device` or `device:metric`, the crop of chilling hours).
 */
export function alarmParams(alarm: StoredAlarmFacts): Record<string, unknown> {
  if (alarm.params) return { ...alarm.params };
  const subject = alarm.subject ?? '';
  const [device = '', metric = ''] = subject.split(':');
  const fallback: Record<string, unknown> = {
    value: alarm.value ?? null,
    threshold: alarm.threshold ?? null,
    device,
    metric,
    crop: subject,
  };
  return fallback;
}
