// What a house is: its kind and parameters (the 800 m² greenhouse, the germination room; sources in
// docs/simulator.md), its state, and the readings derived from that state (humidity, bench
// temperature, EC, whether the heater, bench heat and boom deliver).
import { saturationVapourKpa } from './weather.js';

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
  /** How far the heater's target rises for humidity at most (house-controllers.ts says why). */
  readonly humidityHeatBoostC: number;
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

export const AIR_VOLUMETRIC_HEAT = 1206; // J/(m³·K) at about 15 °C and 900 hPa (1,000 m)

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
  humidityHeatBoostC: 3,
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

export function relativeHumidityOf(house: HouseState): number {
  return relativeHumidityPct(house.airTempC, house.humidityGm3);
}
