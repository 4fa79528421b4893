import { type ChillingBand, chillingBandText, chillingCounts } from '#agronomy';
import type { AlarmParamValues, RuleDecision, Severity } from './alarm-lifecycle.js';
import { HIGH_HUMIDITY_RH_PCT, type ZoneThresholds } from '../thresholds/thresholds.js';
import { viewOf, type Sample, type SeriesInput, type SeriesView } from '../window/series-view.js';

export {
  irrigationEvents,
  slopePerHour,
  type Sample,
  type SeriesInput,
  type SeriesView,
} from '../window/series-view.js';

/**
 * The alarm rules of docs/domain.md §2.5 as pure evaluators: (readings window, thresholds, time)
 * → decision. No Nest, no database. The engine gathers the windows from telemetry, leaving out
 * readings of sensors that are offline or implausible (data-quality gating, §2.5 item 4), and feeds
 * each decision to the lifecycle (alarm-lifecycle.ts).
 */
export const RULE_CODES = [
  'frost',
  'low-temperature',
  'overheat',
  'overheat-critical',
  'high-humidity',
  'healing-humidity-low',
  'dry-substrate',
  'heater-failure',
  'irrigation-runaway',
  'irrigation-ineffective',
  'sensor-offline',
  'sensor-implausible',
  'power-failure',
  'seedling-over-age',
  'bench-heat-fault',
  'cold-wet-root-zone',
  'co2-high-heater',
  'chilling-hours',
  'backup-failed',
  'disk-low',
] as const;
export type RuleCode = (typeof RULE_CODES)[number];

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** Thresholds of one zone, derived from its most sensitive active crop and stage (thresholds.ts). */
/** Per-rule timing, overridable per zone and stage (alarm settings). */
export interface RuleTiming {
  readonly onDelayMs: number;
  readonly offDelayMs: number;
}

export const DEFAULT_TIMING: Readonly<Record<RuleCode, RuleTiming>> = {
  frost: { onDelayMs: MINUTE, offDelayMs: 10 * MINUTE },
  'low-temperature': { onDelayMs: 10 * MINUTE, offDelayMs: 10 * MINUTE },
  overheat: { onDelayMs: 5 * MINUTE, offDelayMs: 10 * MINUTE },
  'overheat-critical': { onDelayMs: 2 * MINUTE, offDelayMs: 0 },
  'high-humidity': { onDelayMs: 3 * HOUR, offDelayMs: 30 * MINUTE },
  'healing-humidity-low': { onDelayMs: 10 * MINUTE, offDelayMs: 0 },
  'dry-substrate': { onDelayMs: 30 * MINUTE, offDelayMs: 15 * MINUTE },
  'heater-failure': { onDelayMs: 0, offDelayMs: 0 },
  'irrigation-runaway': { onDelayMs: 0, offDelayMs: 0 },
  'irrigation-ineffective': { onDelayMs: 0, offDelayMs: 0 },
  'sensor-offline': { onDelayMs: 0, offDelayMs: 0 },
  'sensor-implausible': { onDelayMs: 0, offDelayMs: 10 * MINUTE },
  'power-failure': { onDelayMs: MINUTE, offDelayMs: 5 * MINUTE },
  'seedling-over-age': { onDelayMs: 0, offDelayMs: 0 },
  'bench-heat-fault': { onDelayMs: 5 * MINUTE, offDelayMs: 0 },
  'cold-wet-root-zone': { onDelayMs: 6 * HOUR, offDelayMs: 0 },
  'co2-high-heater': { onDelayMs: 10 * MINUTE, offDelayMs: 0 },
  'chilling-hours': { onDelayMs: 0, offDelayMs: 0 },
  'backup-failed': { onDelayMs: 0, offDelayMs: 0 },
  'disk-low': { onDelayMs: 0, offDelayMs: 0 },
};

export interface RuleTime {
  readonly now: number;
  /** Night by the fixed schedule or the light sensor (§2.5 footer). */
  readonly night: boolean;
  /** 16:00–10:00 in October–April: a failed heater is critical then (§2.5 heater failure). */
  readonly heatingCriticalWindow: boolean;
}

function last(samples: SeriesInput | undefined): Sample | undefined {
  if (samples === undefined) return undefined;
  return Array.isArray(samples)
    ? (samples as readonly Sample[]).at(-1)
    : (samples as SeriesView).sampleBack(0);
}

function fresh(samples: SeriesInput | undefined, now: number, maxAgeMs = 15 * MINUTE): Sample | undefined {
  const sample = last(samples);
  return sample && now - sample.ts <= maxAgeMs ? sample : undefined;
}

function decision(
  timing: RuleTiming,
  raise: boolean,
  clear: boolean,
  severity: Severity,
  message: string,
  value?: number,
  threshold?: number,
  params?: RuleDecision['params'],
): RuleDecision {
  return { raise, clear, severity, message, value, threshold, ...(params ? { params } : {}), ...timing };
}

const round1 = (value: number): number => Math.round(value * 10) / 10;

/**
 * Frost / cold critical: air ≤ the crop's critical limit, or any house ≤ 2 °C, in two consecutive
 * readings (the table's "2 readings, ~2 min" on-delay); clear at +1.5 °C.
 */
export function frost(
  air: SeriesInput | undefined,
  t: ZoneThresholds,
  time: RuleTime,
  timing = DEFAULT_TIMING.frost,
): RuleDecision | undefined {
  const sample = fresh(air, time.now);
  if (!sample || !air) return undefined;
  const threshold = Math.max(t.coldCritC, 2);
  const previous = viewOf(air)!.sampleBack(1);
  const twice =
    previous !== undefined && sample.ts - previous.ts <= 5 * MINUTE && previous.value <= threshold;
  return decision(
    timing,
    sample.value <= threshold && twice,
    sample.value >= threshold + 1.5,
    'critical',
    `Air ${round1(sample.value)} °C at or below the frost limit ${threshold} °C`,
    sample.value,
    threshold,
  );
}

/** Low temperature: below the night setpoint − 3 °C at night, or below the crop's warning limit. */
export function lowTemperature(
  air: SeriesInput | undefined,
  t: ZoneThresholds,
  time: RuleTime,
  timing = DEFAULT_TIMING['low-temperature'],
): RuleDecision | undefined {
  const sample = fresh(air, time.now);
  if (!sample) return undefined;
  const threshold = time.night ? Math.max(t.nightSetpointC - 3, t.coldWarnC) : t.coldWarnC;
  return decision(
    timing,
    sample.value < threshold,
    sample.value >= threshold + 1,
    'warning',
    `Air ${round1(sample.value)} °C below ${threshold} °C`,
    sample.value,
    threshold,
  );
}

export function overheat(
  air: SeriesInput | undefined,
  t: ZoneThresholds,
  time: RuleTime,
  timing = DEFAULT_TIMING.overheat,
): RuleDecision | undefined {
  const sample = fresh(air, time.now);
  if (!sample) return undefined;
  return decision(
    timing,
    sample.value > t.hotWarnC,
    sample.value <= t.hotWarnC - 2,
    'warning',
    `Air ${round1(sample.value)} °C above ${t.hotWarnC} °C`,
    sample.value,
    t.hotWarnC,
  );
}

export function overheatCritical(
  air: SeriesInput | undefined,
  t: ZoneThresholds,
  time: RuleTime,
  timing = DEFAULT_TIMING['overheat-critical'],
): RuleDecision | undefined {
  const sample = fresh(air, time.now);
  if (!sample) return undefined;
  return decision(
    timing,
    sample.value >= t.hotCritC,
    sample.value <= t.hotCritC - 2,
    'critical',
    `Air ${round1(sample.value)} °C at or above the critical limit ${t.hotCritC} °C`,
    sample.value,
    t.hotCritC,
  );
}

/** Magnus formula dew point (§2.4: condensation is the real infection trigger). */
export function dewPointC(airC: number, rhPct: number): number {
  const a = 17.62;
  const b = 243.12;
  const gamma = Math.log(Math.max(rhPct, 0.1) / 100) + (a * airC) / (b + airC);
  return (b * gamma) / (a - gamma);
}

/**
 * High humidity / disease risk: RH ≥ 90 % with air 15–28 °C for 3 h (2 h at night), or air within
 * 1 °C of the dew point for 1 h. The on-delay carries the duration; clear at RH ≤ 85 % for 30 min.
 */
export function highHumidity(
  air: SeriesInput | undefined,
  rh: SeriesInput | undefined,
  t: ZoneThresholds,
  time: RuleTime,
  timing = DEFAULT_TIMING['high-humidity'],
): RuleDecision | undefined {
  if (!t.highHumidityApplies) return undefined;
  const a = fresh(air, time.now);
  const h = fresh(rh, time.now);
  if (!a || !h) return undefined;
  const humid = h.value >= HIGH_HUMIDITY_RH_PCT && a.value >= 15 && a.value <= 28;
  const condensing = a.value - dewPointC(a.value, h.value) <= 1;
  const onDelayMs =
    condensing && !humid ? HOUR : time.night ? Math.min(timing.onDelayMs, 2 * HOUR) : timing.onDelayMs;
  return {
    raise: humid || condensing,
    clear: h.value <= 85,
    severity: 'warning',
    message: condensing
      ? `Condensation risk: air within 1 °C of dew point (RH ${round1(h.value)} %)`
      : `RH ${round1(h.value)} % at ${round1(a.value)} °C`,
    value: h.value,
    threshold: HIGH_HUMIDITY_RH_PCT,
    params: { cause: condensing ? 'condensation' : 'rh', air: round1(a.value) },
    onDelayMs,
    offDelayMs: timing.offDelayMs,
  };
}

export function healingHumidityLow(
  rh: SeriesInput | undefined,
  t: ZoneThresholds,
  time: RuleTime,
  timing = DEFAULT_TIMING['healing-humidity-low'],
): RuleDecision | undefined {
  if (!t.healingActive) return undefined;
  const h = fresh(rh, time.now);
  if (!h) return undefined;
  return decision(
    timing,
    h.value < t.healingRhLowPct,
    h.value >= t.healingRhClearPct,
    'critical',
    `Healing room RH ${round1(h.value)} % below ${t.healingRhLowPct} %: grafts wilt`,
    h.value,
    t.healingRhLowPct,
  );
}

/** Dry substrate: VWC under the stage lower limit for 30 min by day or 60 by night; critical 10 below. */
export function drySubstrate(
  vwc: SeriesInput | undefined,
  t: ZoneThresholds,
  time: RuleTime,
  timing = DEFAULT_TIMING['dry-substrate'],
): RuleDecision | undefined {
  const sample = fresh(vwc, time.now);
  if (!sample) return undefined;
  return {
    raise: sample.value < t.vwcLowerPct,
    clear: sample.value > t.vwcLowerPct + 5,
    severity: sample.value < t.vwcLowerPct - 10 ? 'critical' : 'warning',
    message: `Substrate moisture ${round1(sample.value)} % below ${t.vwcLowerPct} %`,
    value: sample.value,
    threshold: t.vwcLowerPct,
    onDelayMs: time.night ? Math.max(timing.onDelayMs, 60 * MINUTE) : timing.onDelayMs,
    offDelayMs: timing.offDelayMs,
  };
}

/** How long the boolean series has been continuously on at `now` (0 when off or unknown). */
export function onFor(series: SeriesInput | undefined, now: number): number {
  const start = viewOf(series)?.onSince();
  return start === undefined ? 0 : now - start;
}

export interface HeaterInputs {
  readonly air: SeriesInput | undefined;
  /** heater_on reported, 1/0. */
  readonly heaterOn: SeriesInput | undefined;
  /** The heating setpoint in force (reported sp_c, else the stage night/day setpoint). */
  readonly setpointC: number;
  /** When the heater's state was last reported (or its device seen); undefined when never. */
  readonly heaterSeenAt: number | undefined;
}

/**
 * Heater failure (§2.5): on for 30 min while the air stays 2 °C under setpoint and its 30-min slope
 * is not positive; or reported off while the air stays 2 °C under setpoint for 15 min; or the
 * heater's state unknown for more than 5 min. Clears once the air is back within setpoint ± 1 °C.
 * Critical from 16:00 to 10:00 in October–April, a warning otherwise.
 */
export function heaterFailure(
  input: HeaterInputs,
  time: RuleTime,
  timing = DEFAULT_TIMING['heater-failure'],
): RuleDecision | undefined {
  const air = fresh(input.air, time.now);
  if (!air) return undefined;
  const severity: Severity = time.heatingCriticalWindow ? 'critical' : 'warning';
  const below = air.value < input.setpointC - 2;
  const clear = Math.abs(air.value - input.setpointC) <= 1 || air.value > input.setpointC;
  const base = { severity, value: air.value, threshold: input.setpointC - 2, offDelayMs: timing.offDelayMs };
  const unknown = input.heaterSeenAt === undefined || time.now - input.heaterSeenAt > 5 * MINUTE;
  if (unknown) {
    return {
      ...base,
      raise: below,
      clear,
      onDelayMs: Math.max(timing.onDelayMs, 0),
      params: { cause: 'state-unknown' },
      message: `Heater state unknown for over 5 min, air ${round1(air.value)} °C under setpoint ${input.setpointC} °C`,
    };
  }
  const on = last(input.heaterOn)?.value === 1;
  if (on) {
    const running = onFor(input.heaterOn, time.now) >= 30 * MINUTE;
    const notRising = viewOf(input.air)!.slopePerHourSince(time.now - 30 * MINUTE) <= 0;
    return {
      ...base,
      raise: below && running && notRising,
      clear,
      onDelayMs: timing.onDelayMs,
      params: { cause: 'not-rising' },
      message: `Heater on for 30 min but air ${round1(air.value)} °C stays under setpoint ${input.setpointC} °C − 2 and is not rising`,
    };
  }
  return {
    ...base,
    raise: below,
    clear,
    onDelayMs: Math.max(timing.onDelayMs, 15 * MINUTE),
    params: { cause: 'reported-off' },
    message: `Heater reported off while air ${round1(air.value)} °C is under setpoint ${input.setpointC} °C − 2`,
  };
}

/** §2.5: the longest an irrigation may run, whatever it was programmed for. */
export const IRRIGATION_RUN_CAP_MS = 20 * MINUTE;

/**
 * The maximum run time of an irrigation (§2.5 irrigation runaway): twice the programmed run time of
 * the command or schedule that started it, when known, and never above 20 min.
 */
export function maxIrrigationRunMs(programmedMs: number | undefined): number {
  if (programmedMs === undefined || !Number.isFinite(programmedMs) || programmedMs <= 0)
    return IRRIGATION_RUN_CAP_MS;
  return Math.min(2 * programmedMs, IRRIGATION_RUN_CAP_MS);
}

/** Irrigation runaway: boom/valve on longer than its maximum run time (2 × programmed, cap 20 min). */
export function irrigationRunaway(
  irrigationOn: SeriesInput | undefined,
  maxRunMs: number,
  time: RuleTime,
  timing = DEFAULT_TIMING['irrigation-runaway'],
): RuleDecision | undefined {
  if (!irrigationOn || viewOf(irrigationOn)!.size === 0) return undefined;
  const duration = onFor(irrigationOn, time.now);
  return decision(
    timing,
    duration > maxRunMs,
    duration === 0,
    'critical',
    `Irrigation on for ${Math.round(duration / MINUTE)} min, longer than ${Math.round(maxRunMs / MINUTE)} min`,
    duration / MINUTE,
    maxRunMs / MINUTE,
  );
}

/**
 * Irrigation ineffective: 15 min after the last completed event, the moisture rose less than 3
 * points over its level before the event. Judged once the 15 min have passed; the next good event
 * clears it.
 */
export function irrigationIneffective(
  irrigationOn: SeriesInput | undefined,
  vwc: SeriesInput | undefined,
  time: RuleTime,
  timing = DEFAULT_TIMING['irrigation-ineffective'],
): RuleDecision | undefined {
  const moisture = viewOf(vwc);
  if (!irrigationOn || !moisture || moisture.size === 0) return undefined;
  const event = viewOf(irrigationOn)!.lastRun();
  if (!event || time.now < event.end + 15 * MINUTE) return undefined;
  const before = moisture.lastAtOrBefore(event.start);
  const highest = moisture.maxBetween(event.start, event.end + 15 * MINUTE);
  if (!before || highest === undefined) return undefined;
  const rise = highest - before.value;
  return decision(
    timing,
    rise < 3,
    rise >= 3,
    'warning',
    `Moisture rose ${round1(rise)} points within 15 min of irrigation (expected ≥ 3)`,
    rise,
    3,
  );
}

export interface SensorStatus {
  readonly device: string;
  /** Retained status/last will said offline. */
  readonly reportedOffline: boolean;
  readonly lastSeenAt: number | undefined;
  readonly intervalS: number;
  /** Only air-temperature sensor of a heated house (critical at night when it goes silent). */
  readonly onlyAirSensorOfHeatedHouse: boolean;
}

/** How long a device may stay silent before it counts as offline: max(3 × interval, 5 min). */
export const offlineAfterMs = (intervalS: number): number => Math.max(3 * intervalS * 1000, 5 * MINUTE);

/** Last will/status offline, or silent for longer than `offlineAfterMs`. */
export function isOffline(
  sensor: Pick<SensorStatus, 'reportedOffline' | 'lastSeenAt' | 'intervalS'>,
  now: number,
): boolean {
  if (sensor.reportedOffline || sensor.lastSeenAt === undefined) return true;
  return now - sensor.lastSeenAt > offlineAfterMs(sensor.intervalS);
}

/** Sensor offline: last will/status offline, or silent for max(3 × interval, 5 min). */
export function sensorOffline(
  sensor: SensorStatus,
  time: RuleTime,
  timing = DEFAULT_TIMING['sensor-offline'],
): RuleDecision {
  const limit = offlineAfterMs(sensor.intervalS);
  const offline = isOffline(sensor, time.now);
  const severity: Severity = sensor.onlyAirSensorOfHeatedHouse && time.night ? 'critical' : 'warning';
  return decision(
    timing,
    offline,
    !offline,
    severity,
    sensor.reportedOffline
      ? `${sensor.device} reported offline`
      : `${sensor.device} silent for over ${Math.round(limit / MINUTE)} min`,
    undefined,
    undefined,
    { device: sensor.device },
  );
}

export const PHYSICAL_RANGE: Readonly<Record<string, { min: number; max: number }>> = {
  air_temp_c: { min: -30, max: 60 },
  air_rh_pct: { min: 0, max: 100 },
  substrate_vwc_pct: { min: 0, max: 100 },
  substrate_temp_c: { min: -30, max: 60 },
};

/**
 * Why a sensor's series is implausible now (outside its physical range, a step above 10 °C/min,
 * or an identical value for 2 h), or undefined when it looks sound.
 */
export function implausibility(metric: string, input: SeriesInput, now: number): string | undefined {
  return implausibilityOf(metric, input, now)?.text;
}

/** {@link implausibility} with its cause, which the alarm stores as a parameter. */
function implausibilityOf(
  metric: string,
  input: SeriesInput,
  now: number,
): { cause: 'outside' | 'stepped' | 'flat'; text: string } | undefined {
  const series = viewOf(input)!;
  const latest = series.sampleBack(0);
  if (!latest) return undefined;
  const range = PHYSICAL_RANGE[metric];
  if (range && (latest.value < range.min || latest.value > range.max)) {
    return { cause: 'outside', text: `${metric} ${latest.value} outside ${range.min}…${range.max}` };
  }
  const previous = series.sampleBack(1);
  if (metric.endsWith('_temp_c') && previous) {
    const minutes = Math.max((latest.ts - previous.ts) / MINUTE, 1 / 60);
    if (Math.abs(latest.value - previous.value) / Math.max(minutes, 1) > 10) {
      return {
        cause: 'stepped',
        text: `${metric} stepped ${round1(latest.value - previous.value)} in ${round1(minutes)} min`,
      };
    }
  }
  const earliest = series.earliestTs();
  if (now - earliest >= 2 * HOUR && latest.ts - earliest >= 2 * HOUR - 5 * MINUTE) {
    // Every sample of the last 2 h equals the newest one: none differs since then.
    const from = now - 2 * HOUR;
    if (series.countSince(from, 3) >= 3 && series.lastDifferentTs() < from) {
      return { cause: 'flat', text: `${metric} flat at ${latest.value} for 2 h` };
    }
  }
  return undefined;
}

/** Sensor implausible: immediate; cleared after 10 min of valid data (the off-delay). */
export function sensorImplausible(
  metric: string,
  series: SeriesInput | undefined,
  time: RuleTime,
  timing = DEFAULT_TIMING['sensor-implausible'],
): RuleDecision | undefined {
  if (!series || viewOf(series)!.size === 0) return undefined;
  const reason = implausibilityOf(metric, series, time.now);
  return decision(
    timing,
    reason !== undefined,
    reason === undefined,
    'warning',
    reason?.text ?? `${metric} valid again`,
    undefined,
    undefined,
    reason ? { metric, cause: reason.cause } : { metric },
  );
}

/** Power failure: mains lost reported by a gateway, or every device of the site offline together. */
export function powerFailure(
  input: { mainsOk: boolean | undefined; devices: number; offline: number },
  time: RuleTime,
  timing = DEFAULT_TIMING['power-failure'],
): RuleDecision | undefined {
  const allOffline = input.devices > 1 && input.offline === input.devices;
  const mainsLost = input.mainsOk === false;
  return decision(
    timing,
    allOffline || mainsLost,
    !allOffline && input.mainsOk !== false,
    'critical',
    mainsLost
      ? 'Gateway reports mains power lost'
      : `All ${input.devices} devices of the site offline together`,
    undefined,
    undefined,
    { cause: mainsLost ? 'mains' : 'all-offline' },
  );
}

export interface ReadyBatch {
  readonly batchId: string;
  readonly readySince: number;
  readonly allocated: boolean;
  readonly holdDays: number;
}

/** Seedlings over-age: READY longer than the hold days without an allocation (老化苗). */
export function seedlingOverAge(
  batch: ReadyBatch,
  time: RuleTime,
  timing = DEFAULT_TIMING['seedling-over-age'],
): RuleDecision {
  const days = (time.now - batch.readySince) / (24 * HOUR);
  const over = !batch.allocated && days > batch.holdDays;
  return decision(
    timing,
    over,
    !over,
    'advisory',
    `Batch ready for ${Math.floor(days)} days without an order (hold ${batch.holdDays})`,
    days,
    batch.holdDays,
  );
}

/**
 * Bench-heat fault (§2.2, §2.5): bench heat on for 45 min while the bench stays under its setpoint
 * and rose less than 0.5 °C (warning); or the bench at 32 °C or more (critical: cables scorch roots).
 */
export function benchHeatFault(
  benchOn: SeriesInput | undefined,
  benchTemp: SeriesInput | undefined,
  setpointC: number | undefined,
  time: RuleTime,
  timing = DEFAULT_TIMING['bench-heat-fault'],
): RuleDecision | undefined {
  const temp = fresh(benchTemp, time.now);
  if (!temp || !benchTemp) return undefined;
  if (temp.value >= 32) {
    return decision(
      timing,
      true,
      false,
      'critical',
      `Bench at ${round1(temp.value)} °C (≥ 32 °C)`,
      temp.value,
      32,
      { cause: 'scorch' },
    );
  }
  const running = onFor(benchOn, time.now);
  const start = viewOf(benchTemp)!.firstAtOrAfter(time.now - 45 * MINUTE);
  const below = setpointC !== undefined && temp.value < setpointC - 0.5;
  const notRising = start !== undefined && temp.value - start.value < 0.5;
  const raise = running >= 45 * MINUTE && below && notRising;
  return {
    raise,
    clear: !raise && temp.value < 32 && (!below || running === 0 || !notRising),
    severity: 'warning',
    message: `Bench heat on ${Math.round(running / MINUTE)} min but the bench stays at ${round1(temp.value)} °C`,
    value: temp.value,
    threshold: setpointC,
    params: { cause: 'not-rising' },
    onDelayMs: 0,
    offDelayMs: timing.offDelayMs,
  };
}

/** Cold wet root zone (沤根 risk): substrate < 12 °C and VWC above the stage upper limit for 6 h. */
export function coldWetRootZone(
  substrateTemp: SeriesInput | undefined,
  vwc: SeriesInput | undefined,
  t: ZoneThresholds,
  time: RuleTime,
  timing = DEFAULT_TIMING['cold-wet-root-zone'],
): RuleDecision | undefined {
  const temp = fresh(substrateTemp, time.now);
  const wet = fresh(vwc, time.now);
  if (!temp || !wet) return undefined;
  return decision(
    timing,
    temp.value < 12 && wet.value > t.vwcUpperPct,
    temp.value >= 14,
    'advisory',
    `Root zone ${round1(temp.value)} °C and wet (${round1(wet.value)} %): root rot risk`,
    temp.value,
    12,
  );
}

/** CO₂ above 2000 ppm while a combustion heater runs (a possible flue leak: check CO); clear < 1500. */
export function co2HighWithHeater(
  co2: SeriesInput | undefined,
  heaterOn: SeriesInput | undefined,
  time: RuleTime,
  timing = DEFAULT_TIMING['co2-high-heater'],
): RuleDecision | undefined {
  const sample = fresh(co2, time.now);
  if (!sample) return undefined;
  const heating = last(heaterOn)?.value === 1;
  return decision(
    timing,
    heating && time.night && sample.value > 2000,
    sample.value < 1500,
    'warning',
    `CO₂ ${Math.round(sample.value)} ppm with the heater on: check the flue and CO`,
    sample.value,
    2000,
  );
}

/**
 * A crop whose seedlings count chilling hours in a house (§2.5): celery and spring Chinese cabbage
 * in the shipped catalogue, any crop the manager gives a chilling band. Named by key; the Chinese
 * name rides along for the robots' text, which has no catalogue at hand.
 */
export interface ChillingSubject {
  readonly crop: string;
  readonly nameZh: string;
  readonly band: ChillingBand;
}

/** One hour of the zone's air temperature, from the 1-hour rollup: the hour's start and its mean. */
export interface HourlyMean {
  readonly hour: number;
  readonly meanC: number;
}

/** Hours in the 7 days before `now` whose mean air temperature falls in the band. */
export function chillingHours(band: ChillingBand, hours: readonly HourlyMean[], now: number): number {
  const from = now - 7 * 24 * HOUR;
  let count = 0;
  for (const h of hours) if (h.hour >= from && h.hour < now && chillingCounts(band, h.meanC)) count++;
  return count;
}

/**
 * Chilling accumulation (§2.5, advisory): more than `chillingHoursMax` (default 24) chilling hours in
 * the last 7 days, from the hourly picture; rolling, so it clears once the count falls back to N.
 */
export function chillingAccumulation(
  subject: ChillingSubject,
  hours: readonly HourlyMean[] | undefined,
  t: ZoneThresholds,
  time: RuleTime,
  timing = DEFAULT_TIMING['chilling-hours'],
): RuleDecision | undefined {
  if (!hours || hours.length === 0) return undefined;
  const count = chillingHours(subject.band, hours, time.now);
  return decision(
    timing,
    count > t.chillingHoursMax,
    count <= t.chillingHoursMax,
    'advisory',
    `${count} chilling hours in 7 days (${subject.crop}, hours ${chillingBandText(subject.band)}), over ${t.chillingHoursMax}: bolting risk`,
    count,
    t.chillingHoursMax,
    { crop: subject.crop, cropName: subject.nameZh },
  );
}

/**
 * A fault of the system itself (backup failed, disk low) while its system event is open: the
 * backup and disk watch open and end the event; the alarm follows it. A disk at its critical level
 * is critical (PostgreSQL stops on a full disk); the rest is a warning.
 */
export function systemFault(
  open:
    | {
        readonly cause: string;
        readonly critical: boolean;
        readonly params?: Readonly<AlarmParamValues> | undefined;
      }
    | undefined,
  timing: RuleTiming,
): RuleDecision {
  // The event's cause is the reason a backup failed; the disk watch adds what it shed.
  return decision(
    timing,
    open !== undefined,
    open === undefined,
    open?.critical === true ? 'critical' : 'warning',
    open?.cause ?? 'cleared',
    undefined,
    undefined,
    open ? { reason: open.cause, ...open.params } : undefined,
  );
}
