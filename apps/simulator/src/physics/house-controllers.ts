// The controllers that run on the devices themselves (heater and bench-heat thermostats, the boom
// timer, the vent opener and blanket): they keep acting without the broker or the server.
import type { Weather } from './weather.js';
import { benchTempC, relativeHumidityPct, type HouseParameters, type HouseState } from './house.js';

/** Starts the boom: `seconds` of running, or whole passes. */
export function startIrrigation(
  house: HouseState,
  params: HouseParameters,
  run: { seconds?: number; passes?: number; benches?: readonly string[] },
): void {
  const seconds = run.passes !== undefined ? run.passes * params.passDurationS : (run.seconds ?? 0);
  house.boom.remainingS = seconds;
  house.boom.passProgressS = 0;
  house.boom.benches = run.benches !== undefined && run.benches.length > 0 ? [...run.benches] : undefined;
}

export function controlHeater(house: HouseState, params: HouseParameters): void {
  const heater = house.heater;
  const target = heater.spC + humidityHeatBoostC(house, params);
  const sinceSwitchS = (house.timeMs - heater.lastSwitchMs) / 1000;
  let wanted = heater.on;
  if (heater.mode === 'off') wanted = false;
  else if (heater.mode === 'manual') wanted = true;
  else if (
    !heater.on &&
    house.airTempC < target - params.heaterHalfBandC &&
    sinceSwitchS >= params.heaterMinOffS
  )
    wanted = true;
  else if (
    heater.on &&
    house.airTempC > target + params.heaterHalfBandC &&
    sinceSwitchS >= params.heaterMinOnS
  )
    wanted = false;
  if (!house.powered) wanted = false;
  if (wanted !== heater.on) {
    heater.on = wanted;
    heater.lastSwitchMs = house.timeMs;
  }
}

export const BENCH_SAFETY_CUT_C = 32;

export function controlBenchHeat(house: HouseState, params: HouseParameters): void {
  const bench = house.benchHeat;
  if (!bench.enabled || !house.powered) {
    bench.on = false;
    return;
  }
  const temp = benchTempC(house);
  // Safety cut-out: runaway cables scorch roots above 30-32 °C (docs/domain.md §2.2).
  if (temp >= BENCH_SAFETY_CUT_C) bench.on = false;
  else if (!bench.on && temp < bench.spC - params.benchHalfBandC) bench.on = true;
  else if (bench.on && temp > bench.spC + params.benchHalfBandC) bench.on = false;
}

const CHINA_OFFSET_MS = 8 * 3_600_000;

export function controlBoomTimer(house: HouseState, params: HouseParameters): void {
  const boom = house.boom;
  if (boom.autoBelowVwcPct === undefined || !house.powered || boom.remainingS > 0) return;
  const local = house.timeMs + CHINA_OFFSET_MS;
  const day = Math.floor(local / 86_400_000);
  const hour = (local % 86_400_000) / 3_600_000;
  if (day === boom.lastAutoDay || hour < 10 || hour > 11) return;
  boom.lastAutoDay = day;
  const mean =
    house.benches.reduce((sum, bench) => sum + bench.vwcPct, 0) / Math.max(1, house.benches.length);
  // Winter watering on the morning, never in the evening (docs/domain.md §2.3).
  if (mean < boom.autoBelowVwcPct) startIrrigation(house, params, { passes: 1 });
}

export function controlCover(house: HouseState, params: HouseParameters, weather: Weather): void {
  // The blanket is rolled down from late afternoon to mid-morning in the cold season.
  house.blanketClosed = params.hasBlanket && weather.dailyMeanC < 12 && weather.sunElevationDeg < 8;
  if (!house.ventEnabled || !house.powered || house.blanketClosed) {
    house.ventPct = house.ventEnabled && house.powered ? 0 : house.ventPct;
    if (house.blanketClosed) house.ventPct = 0;
    return;
  }
  const forTemperature = Math.min(
    100,
    Math.max(0, ((house.airTempC - params.ventOpenAboveC) / params.ventBandC) * 100),
  );
  house.ventPct = Math.max(forTemperature, humidityVentPct(house, params, weather));
}

/**
 * Heating for humidity (docs/domain.md §2.4: condensation is the infection trigger): while the air
 * is humid, the climate controller lifts the heater's target by up to humidityHeatBoostC,
 * proportionally over the humidity vent's band (85–93 % RH).
 * - By day the heater then holds the air above setpoint + margin, where the humidity vent opens, and
 *   pays for the warm, moist air the vent lets out (heat and vent).
 * - Under the night blanket, with the vents shut, the warmer air keeps the leaves above the dew
 *   point while the cold cover condenses the water out.
 * Without it, the vent closed as soon as venting cooled the air to the setpoint. A sunny winter
 * morning after watering then stayed at 99 % RH for hours, and evenings after the blanket closed
 * came within 1 °C of the dew point: 14 condensation warnings in a faults-off week.
 */
export function humidityHeatBoostC(house: HouseState, params: HouseParameters): number {
  if (!house.ventEnabled || params.humidityHeatBoostC <= 0) return 0;
  return humidityDemand(house, params) * params.humidityHeatBoostC;
}

/** 0 to 1 over the humidity band (85–93 % RH): how hard the vent and the heater act for humidity. */
function humidityDemand(house: HouseState, params: HouseParameters): number {
  const rh = relativeHumidityPct(house.airTempC, house.humidityGm3);
  return Math.min(1, Math.max(0, (rh - params.humidityVentAbovePct) / params.humidityVentBandPct));
}

/** Outside temperature caps the humidity vent: 15 % from -15 °C down, 30 % at 0 °C, 40 % from 10 °C. */
export function humidityVentCapPct(outsideC: number): number {
  return Math.min(40, Math.max(15, 30 + outsideC));
}

/**
 * The climate controller's humidity venting (docs/domain.md §2.4: ventilate for humidity even in
 * winter). Proportional above humidityVentAbovePct, and faded in over the first kelvin above the
 * heating setpoint + margin so it neither fights the heater nor chatters at the threshold.
 */
function humidityVentPct(house: HouseState, params: HouseParameters, weather: Weather): number {
  const warmth = Math.min(1, Math.max(0, house.airTempC - (house.heater.spC + params.humidityVentMarginC)));
  return humidityDemand(house, params) * warmth * humidityVentCapPct(weather.airTempC);
}
