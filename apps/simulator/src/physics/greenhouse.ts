import { saturationVapourKpa, type Weather } from './weather.js';
import {
  AIR_VOLUMETRIC_HEAT,
  OUTSIDE_CO2_PPM,
  absoluteHumidityGm3,
  benchHeatDelivering,
  groundTempC,
  heaterDelivering,
  irrigationFlowing,
  relativeHumidityPct,
  type BenchGroup,
  type HouseParameters,
  type HouseState,
} from './house.js';
import { controlBenchHeat, controlBoomTimer, controlCover, controlHeater } from './house-controllers.js';

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
 * broker or the server is gone (docs/domain.md §4.2, local autonomy). The house's parameters,
 * state and derived readings are house.ts; the controllers, house-controllers.ts; this file steps
 * the model.
 */

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
