import { saturationVapourKpa, type Weather } from './weather.js';

/**
 * A lumped physical model of one house: a single-span plastic greenhouse of about 800 m² with a
 * thermal blanket at night (or an insulated germination room), stepped in simulated time.
 *
 * Heat: three nodes. Air (with the light, fast-coupled mass of benches, trays and frame), a floor
 * surface layer that stores the day's sun and gives it back at night, and the deep soil at a
 * seasonal constant. Losses through the cover (U × area, much lower under the blanket) and by air
 * exchange (infiltration plus vents). Gains from the sun (split between air and floor) and from the
 * heater. Water: absolute humidity with transpiration in, exchange and condensation on the cold
 * cover out. CO2: uptake by the seedlings in light, respiration at night, exchange. Root zone: per
 * bench group moisture, temperature and EC. Every parameter and its source: docs/simulator.md.
 *
 * The controllers that live on the devices (heater thermostat, bench-heat thermostat, boom timer,
 * vent opener, blanket) are part of the model because they act locally and keep running when the
 * broker or the server is gone (docs/domain.md §4.2, local autonomy).
 */
export type HouseKind = 'greenhouse' | 'germination-room';

export interface HouseParameters {
  readonly kind: HouseKind;
  readonly floorAreaM2: number;
  readonly coverAreaM2: number;
  readonly volumeM3: number;
  /** Cover heat transfer coefficient by day and under the thermal blanket, W/(m²·K). */
  readonly coverUWm2K: number;
  readonly blanketUWm2K: number;
  readonly hasBlanket: boolean;
  /** Air changes per hour of a closed house, and added by fully open vents. */
  readonly infiltrationAch: number;
  readonly ventMaxAch: number;
  /** Heat capacity of the air node (air plus light mass coupled within minutes), J/K. */
  readonly airCapacityJK: number;
  readonly surfaceCapacityJK: number;
  readonly surfaceCouplingWK: number;
  readonly groundCouplingWK: number;
  readonly solarTransmission: number;
  readonly solarToAir: number;
  readonly solarToSurface: number;
  readonly heaterPowerW: number;
  readonly heaterMinOnS: number;
  readonly heaterMinOffS: number;
  /** Half the thermostat's deadband: on at SP - this, off at SP + this (docs/domain.md §2.1). */
  readonly heaterHalfBandC: number;
  readonly ventOpenAboveC: number;
  readonly ventBandC: number;
  /**
   * Humidity venting: above this RH the vents open a little, proportionally over the band, but
   * only when the air is warmer than the heating setpoint + humidityVentMarginC (so it never
   * fights the heater), and never wider than humidityVentCapPct (outsideC) (cold air).
   */
  readonly humidityVentAbovePct: number;
  readonly humidityVentBandPct: number;
  readonly humidityVentMarginC: number;
  /** Humidifier (fogger) of a closed room: holds this RH, undefined = none. */
  readonly humidifierTargetPct: number | undefined;
  readonly humidifierMaxGs: number;
  /** Where the inside surface of the cover sits between outside (0) and inside air (1). */
  readonly coverInsideFraction: number;
  /** Substrate warming rate of the bench heat alone (K/h) and the bench's time constant (h). */
  readonly benchHeatRateKh: number;
  readonly benchTimeConstantH: number;
  readonly benchHalfBandC: number;
  /** Water one boom pass delivers, in substrate moisture points at 30 % (less when wetter). */
  readonly passWaterPts: number;
  readonly passDurationS: number;
  readonly infiltrationTimeS: number;
  readonly saturationVwcPct: number;
  /** Moisture points per hour lost to evapotranspiration per W/m² inside, per kPa VPD, and base. */
  readonly etPerWm2: number;
  readonly etPerKpa: number;
  readonly etBase: number;
  /** Seedlings' CO2 uptake at light saturation and night respiration, g/(m²·h). */
  readonly co2UptakeGm2h: number;
  readonly co2RespirationGm2h: number;
  readonly heaterWaterMaxC: number;
}

const AIR_VOLUMETRIC_HEAT = 1206; // J/(m³·K) at about 15 °C and 900 hPa (1,000 m)

export const GREENHOUSE_800: HouseParameters = {
  kind: 'greenhouse',
  floorAreaM2: 800,
  coverAreaM2: 1150,
  volumeM3: 2800,
  coverUWm2K: 4.0,
  blanketUWm2K: 1.15,
  hasBlanket: true,
  infiltrationAch: 0.4,
  ventMaxAch: 30,
  airCapacityJK: 2800 * AIR_VOLUMETRIC_HEAT * 3.5,
  surfaceCapacityJK: 800 * 0.015 * 2.0e6,
  surfaceCouplingWK: 800 * 10,
  groundCouplingWK: 800 * 4,
  solarTransmission: 0.75,
  solarToAir: 0.5,
  solarToSurface: 0.4,
  heaterPowerW: 100_000,
  heaterMinOnS: 180,
  heaterMinOffS: 180,
  heaterHalfBandC: 0.5,
  ventOpenAboveC: 26,
  ventBandC: 4,
  humidityVentAbovePct: 85,
  humidityVentBandPct: 8,
  humidityVentMarginC: 1,
  humidifierTargetPct: undefined,
  humidifierMaxGs: 0,
  coverInsideFraction: 0.35,
  benchHeatRateKh: 1.2,
  benchTimeConstantH: 6,
  benchHalfBandC: 0.5,
  passWaterPts: 15,
  passDurationS: 240,
  infiltrationTimeS: 90,
  saturationVwcPct: 85,
  etPerWm2: 0.0045,
  etPerKpa: 0.6,
  etBase: 0.05,
  co2UptakeGm2h: 1.0,
  co2RespirationGm2h: 0.3,
  heaterWaterMaxC: 70,
};

export const GERMINATION_ROOM: HouseParameters = {
  ...GREENHOUSE_800,
  kind: 'germination-room',
  floorAreaM2: 40,
  coverAreaM2: 150,
  volumeM3: 120,
  coverUWm2K: 0.5,
  blanketUWm2K: 0.5,
  hasBlanket: false,
  infiltrationAch: 0.3,
  ventMaxAch: 0,
  airCapacityJK: 120 * AIR_VOLUMETRIC_HEAT * 6,
  surfaceCapacityJK: 40 * 0.1 * 2.0e6,
  surfaceCouplingWK: 40 * 8,
  groundCouplingWK: 40 * 1,
  solarTransmission: 0,
  heaterPowerW: 4_000,
  // An insulated panel (U 0.5) keeps its inside face within a few kelvin of the air.
  coverInsideFraction: 0.94,
  // Fogger holding 92 % (docs/domain.md §1.3: germination room at 90-95 % RH), ~6 kg/h.
  humidifierTargetPct: 92,
  humidifierMaxGs: 1.7,
  etPerKpa: 0.15,
  co2UptakeGm2h: 0,
};

export type ControlMode = 'auto' | 'manual' | 'off';
export type ValveFault = 'none' | 'stuck-open' | 'stuck-closed';

export interface BenchGroup {
  readonly id: string;
  /** Edge benches and those near the door dry faster (docs/domain.md §2.3). */
  readonly dryingFactor: number;
  vwcPct: number;
  tempC: number;
  /** Water applied but not yet soaked in, moisture points. */
  pendingWaterPts: number;
}

export interface HeaterState {
  spC: number;
  mode: ControlMode;
  /** The relay as the controller drives and reports it. */
  on: boolean;
  lastSwitchMs: number;
  waterTempC: number;
  /** Heater failure: the relay closes but no heat comes (burner lockout, pump failure). */
  failed: boolean;
}

export interface BenchHeatState {
  enabled: boolean;
  spC: number;
  on: boolean;
  /** Runaway: the contactor welded, heat stays on whatever the controller says. */
  runaway: boolean;
}

export interface BoomState {
  remainingS: number;
  benches: readonly string[] | undefined;
  passes: number;
  /** Seconds run in the current pass. */
  passProgressS: number;
  valve: ValveFault;
  /** The boom's own timer: one pass at 10:00 local time when the benches are drier than this. */
  autoBelowVwcPct: number | undefined;
  lastAutoDay: number;
}

export interface HouseState {
  timeMs: number;
  airTempC: number;
  surfaceTempC: number;
  /** Absolute humidity, g/m³. */
  humidityGm3: number;
  co2Ppm: number;
  lightLux: number;
  insideGlobalWm2: number;
  blanketClosed: boolean;
  ventPct: number;
  ventEnabled: boolean;
  /** Mains power at the site: without it heater, bench heat, boom and vents stop. */
  powered: boolean;
  heater: HeaterState;
  benchHeat: BenchHeatState;
  boom: BoomState;
  benches: BenchGroup[];
}

export const OUTSIDE_CO2_PPM = 420;

export function absoluteHumidityGm3(tempC: number, rhPct: number): number {
  return (2166.7 * saturationVapourKpa(tempC) * (rhPct / 100)) / (tempC + 273.15);
}

export function relativeHumidityPct(tempC: number, humidityGm3: number): number {
  return Math.min(100, Math.max(0, (100 * humidityGm3) / absoluteHumidityGm3(tempC, 100)));
}

export function groundTempC(dailyMeanC: number): number {
  // The soil 20-30 cm under a covered, heated house stays at 12-15 °C through the winter.
  return 13 + 0.25 * Math.max(0, dailyMeanC);
}

export interface InitialHouse {
  readonly timeMs: number;
  readonly airTempC: number;
  readonly heaterSpC?: number;
  readonly benchIds?: readonly string[];
  readonly vwcPct?: number;
}

export function createHouse(params: HouseParameters, initial: InitialHouse): HouseState {
  const air = initial.airTempC;
  return {
    timeMs: initial.timeMs,
    airTempC: air,
    surfaceTempC: air,
    humidityGm3: absoluteHumidityGm3(air, 80),
    co2Ppm: 480,
    lightLux: 0,
    insideGlobalWm2: 0,
    blanketClosed: false,
    ventPct: 0,
    ventEnabled: params.ventMaxAch > 0,
    powered: true,
    heater: {
      spC: initial.heaterSpC ?? 15,
      mode: 'auto',
      on: false,
      lastSwitchMs: initial.timeMs - 3_600_000,
      waterTempC: air,
      failed: false,
    },
    benchHeat: {
      enabled: true,
      spC: params.kind === 'germination-room' ? 26 : 20,
      on: false,
      runaway: false,
    },
    boom: {
      remainingS: 0,
      benches: undefined,
      passes: 0,
      passProgressS: 0,
      valve: 'none',
      autoBelowVwcPct: undefined,
      lastAutoDay: -1,
    },
    benches: (initial.benchIds ?? ['b1', 'b2']).map((id, index) => ({
      id,
      dryingFactor: 1 + 0.12 * index,
      vwcPct: (initial.vwcPct ?? 60) - 2 * index,
      tempC: air,
      pendingWaterPts: 0,
    })),
  };
}

export function benchTempC(house: HouseState): number {
  const mean = house.benches.reduce((sum, bench) => sum + bench.tempC, 0) / Math.max(1, house.benches.length);
  // The bench probe sits near the cables: a little warmer while they heat.
  return mean + (benchHeatDelivering(house) ? 1.0 : 0);
}

export function substrateEcMsCm(bench: BenchGroup): number {
  // Salts concentrate as the substrate dries and are diluted by each watering.
  return Math.min(6, 1.2 * Math.sqrt(60 / Math.max(5, bench.vwcPct)));
}

export function heaterDelivering(house: HouseState): boolean {
  return house.powered && house.heater.on && !house.heater.failed;
}

export function benchHeatDelivering(house: HouseState): boolean {
  return house.powered && (house.benchHeat.on || house.benchHeat.runaway);
}

export function irrigationFlowing(house: HouseState): boolean {
  if (house.boom.valve === 'stuck-open') return true;
  if (house.boom.valve === 'stuck-closed') return false;
  return house.powered && house.boom.remainingS > 0;
}

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

function controlHeater(house: HouseState, params: HouseParameters): void {
  const heater = house.heater;
  const sinceSwitchS = (house.timeMs - heater.lastSwitchMs) / 1000;
  let wanted = heater.on;
  if (heater.mode === 'off') wanted = false;
  else if (heater.mode === 'manual') wanted = true;
  else if (
    !heater.on &&
    house.airTempC < heater.spC - params.heaterHalfBandC &&
    sinceSwitchS >= params.heaterMinOffS
  )
    wanted = true;
  else if (
    heater.on &&
    house.airTempC > heater.spC + params.heaterHalfBandC &&
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

function controlBenchHeat(house: HouseState, params: HouseParameters): void {
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

function controlBoomTimer(house: HouseState, params: HouseParameters): void {
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

function controlCover(house: HouseState, params: HouseParameters, weather: Weather): void {
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
  const rh = relativeHumidityPct(house.airTempC, house.humidityGm3);
  const byRh = Math.min(1, Math.max(0, (rh - params.humidityVentAbovePct) / params.humidityVentBandPct));
  const warmth = Math.min(1, Math.max(0, house.airTempC - (house.heater.spC + params.humidityVentMarginC)));
  return byRh * warmth * humidityVentCapPct(weather.airTempC);
}

/** Advances the house by dtS simulated seconds (a few tens of seconds at most) under `weather`. */
export function stepHouse(house: HouseState, params: HouseParameters, weather: Weather, dtS: number): void {
  controlCover(house, params, weather);
  controlHeater(house, params);
  controlBenchHeat(house, params);
  controlBoomTimer(house, params);

  const outsideC = weather.airTempC;
  const blanket = house.blanketClosed;
  const cover = params.coverAreaM2 * (blanket ? params.blanketUWm2K : params.coverUWm2K);
  const ach = params.infiltrationAch + (params.ventMaxAch * house.ventPct) / 100;
  const exchange = (ach * params.volumeM3 * AIR_VOLUMETRIC_HEAT) / 3600;
  const inside = blanket ? 0 : weather.globalWm2 * params.solarTransmission;
  house.insideGlobalWm2 = inside;
  const solar = inside * params.floorAreaM2;
  const heater = heaterDelivering(house) ? params.heaterPowerW : 0;
  const ground = groundTempC(weather.dailyMeanC);

  const surfaceFlow = params.surfaceCouplingWK * (house.surfaceTempC - house.airTempC);
  const airGain =
    heater + solar * params.solarToAir + surfaceFlow - (cover + exchange) * (house.airTempC - outsideC);
  const surfaceGain =
    solar * params.solarToSurface - surfaceFlow - params.groundCouplingWK * (house.surfaceTempC - ground);
  house.airTempC += (airGain * dtS) / params.airCapacityJK;
  house.surfaceTempC += (surfaceGain * dtS) / params.surfaceCapacityJK;

  const heaterWaterTarget = heaterDelivering(house) ? params.heaterWaterMaxC : house.airTempC;
  const waterTau = heaterDelivering(house) ? 600 : 2400;
  house.heater.waterTempC += (heaterWaterTarget - house.heater.waterTempC) * (1 - Math.exp(-dtS / waterTau));

  stepRootZone(house, params, dtS);
  stepAirWater(house, params, weather, ach, dtS);
  stepCo2(house, params, ach, dtS);
  // About 110 lux per W/m² of daylight global irradiance.
  house.lightLux = Math.round(inside * 110);
  house.timeMs += dtS * 1000;
}

function vpdKpa(house: HouseState): number {
  const saturation = saturationVapourKpa(house.airTempC);
  return Math.max(0, saturation * (1 - relativeHumidityPct(house.airTempC, house.humidityGm3) / 100));
}

/** Moisture points per hour one bench group loses now (also drives the air's humidity). */
export function evapotranspirationPtsPerH(
  house: HouseState,
  params: HouseParameters,
  bench: BenchGroup,
): number {
  const demand = params.etBase + params.etPerWm2 * house.insideGlobalWm2 + params.etPerKpa * vpdKpa(house);
  // Plants close stomata and the surface crusts as the substrate dries.
  const availability = Math.min(1, Math.max(0, (bench.vwcPct - 10) / 40));
  return demand * availability * bench.dryingFactor;
}

function stepRootZone(house: HouseState, params: HouseParameters, dtS: number): void {
  const flowing = irrigationFlowing(house);
  const boom = house.boom;
  const benchHeat = benchHeatDelivering(house)
    ? params.benchHeatRateKh * (house.benchHeat.runaway ? 1.6 : 1)
    : 0;
  const dtH = dtS / 3600;
  for (const bench of house.benches) {
    const watered =
      flowing &&
      (boom.benches === undefined || boom.benches.includes(bench.id) || boom.valve === 'stuck-open');
    if (watered) {
      const room = Math.min(
        1,
        Math.max(
          0,
          (params.saturationVwcPct - bench.vwcPct - bench.pendingWaterPts) / (params.saturationVwcPct - 30),
        ),
      );
      bench.pendingWaterPts += ((params.passWaterPts * room) / params.passDurationS) * dtS;
    }
    const soaked = bench.pendingWaterPts * (1 - Math.exp(-dtS / params.infiltrationTimeS));
    bench.pendingWaterPts -= soaked;
    const et = evapotranspirationPtsPerH(house, params, bench);
    bench.vwcPct = Math.min(params.saturationVwcPct, Math.max(3, bench.vwcPct + soaked - et * dtH));
    const sun = 0.0008 * house.insideGlobalWm2;
    const evaporativeCooling = 0.15 * et;
    bench.tempC +=
      ((house.airTempC - bench.tempC) / params.benchTimeConstantH + benchHeat + sun - evaporativeCooling) *
      dtH;
  }
  if (boom.remainingS > 0 && house.powered) {
    const run = Math.min(dtS, boom.remainingS);
    boom.remainingS -= run;
    boom.passProgressS += run;
    while (boom.passProgressS >= params.passDurationS) {
      boom.passProgressS -= params.passDurationS;
      boom.passes += 1;
    }
    if (boom.remainingS <= 0) boom.passProgressS = 0;
  }
}

function stepAirWater(
  house: HouseState,
  params: HouseParameters,
  weather: Weather,
  ach: number,
  dtS: number,
): void {
  // One moisture point over the trays (4 cm of substrate on 70 % of the floor) is this much water.
  const gramsPerPoint = 0.01 * 0.04 * params.floorAreaM2 * 0.7 * 1e6;
  const etGs =
    house.benches.reduce((sum, bench) => sum + evapotranspirationPtsPerH(house, params, bench), 0) /
    Math.max(1, house.benches.length);
  const transpirationGs = (etGs * gramsPerPoint) / 3600;
  const outsideGm3 = absoluteHumidityGm3(weather.airTempC, weather.rhPct);
  const exchangeGs = ((ach * params.volumeM3) / 3600) * (house.humidityGm3 - outsideGm3);
  // Condensation on the inside of the cover, which sits between inside and outside temperature.
  const coverC =
    weather.airTempC +
    (house.airTempC - weather.airTempC) *
      (house.blanketClosed ? Math.max(0.7, params.coverInsideFraction) : params.coverInsideFraction);
  const condensationGs =
    Math.max(0, house.humidityGm3 - absoluteHumidityGm3(coverC, 100)) * params.coverAreaM2 * 0.004;
  const humidifierGs = humidifierOutputGs(house, params);
  house.humidityGm3 +=
    ((transpirationGs + humidifierGs - exchangeGs - condensationGs) * dtS) / params.volumeM3;
  house.humidityGm3 = Math.max(0.5, Math.min(house.humidityGm3, absoluteHumidityGm3(house.airTempC, 99)));
}

/** The fogger's output now: full below target - 2 %, nothing above target + 1 %. */
export function humidifierOutputGs(house: HouseState, params: HouseParameters): number {
  if (params.humidifierTargetPct === undefined || !house.powered) return 0;
  const rh = relativeHumidityPct(house.airTempC, house.humidityGm3);
  const demand = Math.min(1, Math.max(0, (params.humidifierTargetPct + 1 - rh) / 3));
  return demand * params.humidifierMaxGs;
}

function stepCo2(house: HouseState, params: HouseParameters, ach: number, dtS: number): void {
  const gramsPerPpm = params.volumeM3 * 0.0018;
  const light = house.insideGlobalWm2 / (house.insideGlobalWm2 + 150);
  const co2Limit = Math.min(1, Math.max(0, (house.co2Ppm - 150) / 300));
  const uptakeGs = (params.co2UptakeGm2h * light * co2Limit * params.floorAreaM2) / 3600;
  const respirationGs = (params.co2RespirationGm2h * params.floorAreaM2) / 3600;
  const exchangePpmS = (ach / 3600) * (house.co2Ppm - OUTSIDE_CO2_PPM);
  house.co2Ppm += ((respirationGs - uptakeGs) / gramsPerPpm - exchangePpmS) * dtS;
  house.co2Ppm = Math.max(150, house.co2Ppm);
}

export function relativeHumidityOf(house: HouseState): number {
  return relativeHumidityPct(house.airTempC, house.humidityGm3);
}
