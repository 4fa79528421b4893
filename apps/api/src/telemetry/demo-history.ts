import type { ZoneThresholds } from '../thresholds/thresholds.js';

/**
 * The demo's past days (issue 18): what a fresh demo install shows as history before the simulator
 * has run for long. Each metric is a SQL expression of one minute `t` of a `generate_series`, with
 * `e` its epoch seconds and `h` its hour of the nursery's day (fractional), shaped after the
 * simulator's houses (apps/simulator/src/physics): the heater holds the night setpoint, the sun
 * warms the house from the day setpoint towards its vents and draws the humidity and CO2 down, the
 * benches dry from one morning's watering (10:00) to the next. The curves stay inside the limits in force
 * of the house (the alarm thresholds), with a margin wider than their wiggle, so a technician who
 * looks at the alarm bands sees them kept; nothing here is judged by the alarms, which read the
 * live window only (window/).
 */

/** The days written behind the first start. */
export const DEMO_HISTORY_DAYS = 3;

/** What the model of one zone needs: its air by day and night, humidity and the benches' water. */
export interface ZoneClimate {
  readonly kind: 'house' | 'dark-room' | 'outdoor';
  /** Air the heater holds at night, °C. */
  readonly nightC: number;
  /** Air by day before the sun warms it (the day setpoint), °C. */
  readonly dayC: number;
  /** Air at the warmest hour of a clear day, °C. */
  readonly peakC: number;
  readonly rhNightPct: number;
  readonly rhDayPct: number;
  readonly vwcHighPct: number;
  readonly vwcLowPct: number;
  /** How much lower a drier bench group may read and stay a point above the moisture floor. */
  readonly vwcSlackPct: number;
}

/** Stays clear of the house's warning limits by this much: the wiggle below is at most ±0.35 °C. */
const MARGIN_C = 1.5;

const round1 = (value: number) => Math.round(value * 10) / 10;

/**
 * The climate of a house from its limits in force: nights at the night setpoint (never within the
 * margin of the cold warning), days from the day setpoint to 5 °C warmer (never within the margin
 * of the heat warning), RH 62–84 % in a greenhouse (the high-humidity rule starts at 90 %), 92 %
 * in the germination and healing rooms (humidified, dark), the benches between 3 points above the
 * moisture floor and 2 below the ceiling.
 */
export function houseClimate(zoneKind: string, thresholds: ZoneThresholds): ZoneClimate {
  const lowest = thresholds.coldWarnC + MARGIN_C;
  const highest = thresholds.hotWarnC - MARGIN_C;
  const clamp = (value: number) => round1(Math.min(highest, Math.max(lowest, value)));
  const nightC = clamp(thresholds.nightSetpointC + 0.5);
  const dayC = clamp(Math.max(thresholds.daySetpointC + 0.5, nightC));
  const dark = zoneKind === 'germination' || zoneKind === 'healing';
  const peakC = dark ? dayC : clamp(dayC + 5);
  let vwcLowPct = thresholds.vwcLowerPct + 3;
  let vwcHighPct = thresholds.vwcUpperPct - 2;
  if (thresholds.vwcUpperPct <= thresholds.vwcLowerPct) {
    // The crops disagree (a germinating batch's floor above a hardening one's ceiling): the floor
    // wins, as drought kills and the ceiling only counts in a cold root zone (cold-wet-root-zone),
    // which the night bench heating keeps warm (metricExpression).
    vwcLowPct = thresholds.vwcLowerPct + 3;
    vwcHighPct = thresholds.vwcLowerPct + 7;
  } else if (vwcHighPct - vwcLowPct < 4) {
    const middle = (thresholds.vwcLowerPct + thresholds.vwcUpperPct) / 2;
    vwcLowPct = middle - 1;
    vwcHighPct = middle + 1;
  }
  return {
    kind: dark ? 'dark-room' : 'house',
    // A dark room's heater holds one temperature day and night.
    nightC: dark ? dayC : nightC,
    dayC,
    peakC,
    rhNightPct: dark ? 92 : 84,
    rhDayPct: dark ? 92 : 62,
    vwcHighPct: round1(vwcHighPct),
    vwcLowPct: round1(vwcLowPct),
    vwcSlackPct: round1(Math.max(0, vwcLowPct - thresholds.vwcLowerPct - 1)),
  };
}

/**
 * The weather at the site (Zuoquan, Shanxi, docs/domain.md): a daily mean from about −6 °C in
 * mid-January to 22 °C in mid-July, ±5 °C over the day.
 */
export function outdoorClimate(atMs: number): ZoneClimate {
  const dayOfYear = (atMs - Date.UTC(new Date(atMs).getUTCFullYear(), 0, 1)) / 86_400_000;
  const mean = 8 + 14 * Math.cos((2 * Math.PI * (dayOfYear - 196)) / 365);
  return {
    kind: 'outdoor',
    nightC: round1(mean - 5),
    dayC: round1(mean - 5),
    peakC: round1(mean + 5),
    rhNightPct: 75,
    rhDayPct: 40,
    vwcHighPct: 0,
    vwcLowPct: 0,
    vwcSlackPct: 0,
  };
}

const n = (value: number) => Number(value.toFixed(3)).toString();

/**
 * A deterministic wiggle of amplitude about `amplitude` (two incommensurate sines of the epoch),
 * shifted per series by `phase` so that two probes do not draw the same line.
 */
const wiggle = (amplitude: number, phase: number) =>
  `(${n(amplitude * 0.6)} * sin(e / 437.0 + ${n(phase)}) + ${n(amplitude * 0.4)} * sin(e / 89.0 + ${n(2 * phase)}))`;

/** The sun: 0 at night, up to 1 at 12:00, from 06:30 to 17:30 (a winter day; tests need no more). */
const SUN = `greatest(0.0, sin(pi() * (h - 6.5) / 11.0))`;
/** The house's warmth lags the sun by an hour (thermal mass), peaking about 13:00. */
const WARMTH = `greatest(0.0, sin(pi() * (h - 7.5) / 11.0))`;
/** Each day its own cloud: 0.55 … 1 of a clear day. */
const CLOUD = `(0.775 + 0.225 * sin(floor(e / 86400.0) * 2.1))`;
/**
 * 1 from 10:00 to 17:00 (the heating schedule's day and afternoon), ramps of half an hour; the
 * afternoon's halfway setpoint is within the sun's warmth here.
 */
const DAYTIME = `(least(1.0, greatest(0.0, (h - 10.0) * 2.0)) * least(1.0, greatest(0.0, (17.0 - h) * 2.0)))`;
/** Hours since the last irrigation, one a day at 10:00. */
const SINCE_WATERING = `(CASE WHEN h >= 10.0 THEN h - 10.0 ELSE h + 14.0 END)`;

function air(climate: ZoneClimate, phase: number): string {
  if (climate.kind === 'outdoor')
    return `${n((climate.nightC + climate.peakC) / 2)} + ${n((climate.peakC - climate.nightC) / 2)} * cos(2.0 * pi() * (h - 14.0) / 24.0) + ${wiggle(0.4, phase)}`;
  return `${n(climate.nightC)} + ${n(climate.dayC - climate.nightC)} * ${DAYTIME} + ${n(climate.peakC - climate.dayC)} * ${WARMTH} * ${CLOUD} + ${wiggle(0.3, phase)}`;
}

function vwc(climate: ZoneClimate, phase: number): string {
  // Dries from the high mark to the low one in the 24 h from one watering to the next.
  return `${n(climate.vwcHighPct)} - ${n(climate.vwcHighPct - climate.vwcLowPct)} * least(1.0, ${SINCE_WATERING} / 24.0) + ${wiggle(0.3, phase)}`;
}

/** Rounded as the devices report it. */
const rounded = (expression: string, digits: number) => `round((${expression})::numeric, ${digits})::float8`;

/**
 * The SQL expression of `metric` for one series of a zone, or undefined for what is not modelled
 * (actuator states, setpoints, the gateway: history shows what sensors measured, nothing invented
 * about what was switched). `offset` lowers a second probe's moisture as the simulator does.
 */
export function metricExpression(
  metric: string,
  climate: ZoneClimate,
  phase: number,
  offset = 0,
): string | undefined {
  const outdoor = climate.kind === 'outdoor';
  const dark = climate.kind === 'dark-room';
  switch (metric) {
    case 'air_temp_c':
      return rounded(air(climate, phase), 1);
    case 'air_rh_pct':
      return rounded(
        `${n(climate.rhNightPct)} - ${n(climate.rhNightPct - climate.rhDayPct)} * ${outdoor ? SUN : WARMTH} * ${CLOUD} + ${wiggle(1, phase)}`,
        1,
      );
    case 'co2_ppm':
      if (outdoor) return rounded(`420 + ${wiggle(4, phase)}`, 0);
      // Respiration builds CO2 up overnight; the seedlings draw it down in the light.
      return rounded(
        dark ? `520 + ${wiggle(6, phase)}` : `560 - 170 * ${SUN} * ${CLOUD} + ${wiggle(6, phase)}`,
        0,
      );
    case 'light_lux':
      if (dark) return '0';
      // About 60 % of the light outside passes the film and the screen.
      return rounded(`${outdoor ? 66000 : 40000} * ${SUN} * ${CLOUD}`, 0);
    case 'substrate_vwc_pct':
      return outdoor ? undefined : rounded(`${vwc(climate, phase)} - ${n(offset)}`, 1);
    case 'substrate_temp_c':
      // The bench heating keeps the root zone above 12 °C at night (cold-wet-root-zone, §2.2).
      return outdoor ? undefined : rounded(`${air(climate, phase)} - 0.5 + 2.0 * (1.0 - ${DAYTIME})`, 1);
    case 'substrate_ec_ms_cm':
      // Salts concentrate as the substrate dries (the simulator's substrateEcMsCm).
      return outdoor
        ? undefined
        : rounded(`least(6.0, 1.2 * sqrt(60.0 / greatest(5.0, ${vwc(climate, phase)} - ${n(offset)})))`, 2);
    case 'bench_temp_c':
      // The bench heating runs at night only (docs/domain.md §2.2): warmer than the air then.
      return outdoor ? undefined : rounded(`${air(climate, phase)} + 2.5 * (1.0 - ${DAYTIME})`, 1);
    default:
      return undefined;
  }
}
