import { hashKey, keyedUniform, valueNoise } from './random.js';

/**
 * Weather for a Taihang mountain site: Zuoquan county, Shanxi (37.07 N, 113.37 E, about 1,000 m).
 * A climatological model, not a forecast: seasonal mean temperature, a diurnal cycle, a day type
 * (sunny / partly cloudy / cloudy / overcast) drawn per day from the seed, slow anomalies over
 * days, and clear-sky sunshine from the sun's position. Parameters and their sources are in
 * docs/simulator.md.
 */
export interface SiteLocation {
  readonly latitudeDeg: number;
  readonly longitudeDeg: number;
  readonly altitudeM: number;
}

export const ZUOQUAN: SiteLocation = { latitudeDeg: 37.07, longitudeDeg: 113.37, altitudeM: 1000 };

export interface ClimateParameters {
  /** Annual mean air temperature, °C. */
  readonly annualMeanC: number;
  /** Half the difference between the July and January monthly means, °C. */
  readonly seasonalAmplitudeC: number;
  /** Half the mean daily range (max - min) in winter and in summer, °C. */
  readonly diurnalHalfRangeWinterC: number;
  readonly diurnalHalfRangeSummerC: number;
  /** Standard deviation of the slow day-to-day anomaly, °C. */
  readonly anomalySdC: number;
  /** Probability that a day is sunny in January and in July (winters in Shanxi are dry and clear). */
  readonly sunnyProbabilityWinter: number;
  readonly sunnyProbabilitySummer: number;
}

export const ZUOQUAN_CLIMATE: ClimateParameters = {
  annualMeanC: 8,
  seasonalAmplitudeC: 14.5,
  diurnalHalfRangeWinterC: 7,
  diurnalHalfRangeSummerC: 5.5,
  anomalySdC: 2.5,
  sunnyProbabilityWinter: 0.6,
  sunnyProbabilitySummer: 0.35,
};

export type DayType = 'sunny' | 'partly-cloudy' | 'cloudy' | 'overcast';

const CLOUD_TRANSMISSION: Readonly<Record<DayType, number>> = {
  sunny: 1,
  'partly-cloudy': 0.7,
  cloudy: 0.4,
  overcast: 0.2,
};

export interface Weather {
  readonly airTempC: number;
  readonly rhPct: number;
  /** Global horizontal irradiance outside, W/m². */
  readonly globalWm2: number;
  readonly sunElevationDeg: number;
  readonly dayType: DayType;
  /** Mean air temperature of the day, °C (decides whether the blanket season is on). */
  readonly dailyMeanC: number;
}

/** Partial override of the weather (control channel and tests). */
export interface WeatherOverride {
  readonly airTempC?: number;
  readonly rhPct?: number;
  readonly globalWm2?: number;
  readonly dayType?: DayType;
}

const DAY_MS = 86_400_000;
const RAD = Math.PI / 180;

/** Solar elevation (degrees) at an instant, from declination and local solar hour angle. */
export function sunElevationDeg(timeMs: number, site: SiteLocation = ZUOQUAN): number {
  const date = new Date(timeMs);
  const dayOfYear = (timeMs - Date.UTC(date.getUTCFullYear(), 0, 1)) / DAY_MS;
  const declination = -23.44 * Math.cos((2 * Math.PI * (dayOfYear + 10)) / 365);
  const solarHour = (((timeMs / 3_600_000 + site.longitudeDeg / 15) % 24) + 24) % 24;
  const hourAngle = (solarHour - 12) * 15;
  const sine =
    Math.sin(site.latitudeDeg * RAD) * Math.sin(declination * RAD) +
    Math.cos(site.latitudeDeg * RAD) * Math.cos(declination * RAD) * Math.cos(hourAngle * RAD);
  return Math.asin(Math.max(-1, Math.min(1, sine))) / RAD;
}

/**
 * Clear-sky global irradiance on a horizontal surface (W/m²): Meinel's direct-beam attenuation
 * with the altitude correction of Laue, plus a 10 % diffuse share.
 */
export function clearSkyGlobalWm2(elevationDeg: number, altitudeM: number = ZUOQUAN.altitudeM): number {
  if (elevationDeg <= 0) return 0;
  const sine = Math.sin(elevationDeg * RAD);
  const airMass = 1 / (sine + 0.50572 * Math.pow(elevationDeg + 6.07995, -1.6364));
  const h = altitudeM / 1000;
  const direct = 1353 * ((1 - 0.14 * h) * Math.pow(0.7, Math.pow(airMass, 0.678)) + 0.14 * h);
  return 1.1 * direct * sine;
}

function localDayIndex(timeMs: number, site: SiteLocation): number {
  return Math.floor((timeMs + (site.longitudeDeg / 15) * 3_600_000) / DAY_MS);
}

function seasonalPhase(timeMs: number): number {
  const date = new Date(timeMs);
  const dayOfYear = (timeMs - Date.UTC(date.getUTCFullYear(), 0, 1)) / DAY_MS;
  // Coldest around 15 January (day 15), warmest mid-July.
  return Math.cos((2 * Math.PI * (dayOfYear - 15)) / 365);
}

export function dayTypeOf(seed: number, timeMs: number, climate = ZUOQUAN_CLIMATE, site = ZUOQUAN): DayType {
  const winterWeight = (1 + seasonalPhase(timeMs)) / 2;
  const sunny =
    climate.sunnyProbabilitySummer +
    (climate.sunnyProbabilityWinter - climate.sunnyProbabilitySummer) * winterWeight;
  const draw = keyedUniform(seed, 'day-type', localDayIndex(timeMs, site));
  if (draw < sunny) return 'sunny';
  const rest = (draw - sunny) / (1 - sunny);
  if (rest < 0.4) return 'partly-cloudy';
  if (rest < 0.75) return 'cloudy';
  return 'overcast';
}

/** Saturation vapour pressure over water (kPa), Magnus-Tetens. */
export function saturationVapourKpa(tempC: number): number {
  return 0.61078 * Math.exp((17.27 * tempC) / (tempC + 237.3));
}

export function weatherAt(
  seed: number,
  timeMs: number,
  override: WeatherOverride = {},
  climate: ClimateParameters = ZUOQUAN_CLIMATE,
  site: SiteLocation = ZUOQUAN,
): Weather {
  const winterWeight = (1 + seasonalPhase(timeMs)) / 2;
  const dayType = override.dayType ?? dayTypeOf(seed, timeMs, climate, site);
  const clouds = CLOUD_TRANSMISSION[dayType];
  const anomaly = climate.anomalySdC * valueNoise(seed, 'temp-anomaly', timeMs, 2.5 * DAY_MS);
  const dailyMeanC = climate.annualMeanC - climate.seasonalAmplitudeC * seasonalPhase(timeMs) + anomaly;
  // Clear days swing more: strong sun by day, strong radiative cooling by night.
  const halfRange =
    (climate.diurnalHalfRangeSummerC +
      (climate.diurnalHalfRangeWinterC - climate.diurnalHalfRangeSummerC) * winterWeight) *
    (0.45 + 0.55 * clouds);
  const solarHour = (((timeMs / 3_600_000 + site.longitudeDeg / 15) % 24) + 24) % 24;
  // Minimum near sunrise, maximum about 14:30 solar time: a skewed cosine.
  const phase =
    solarHour >= 6 && solarHour < 14.5
      ? Math.PI * (1 - (solarHour - 6) / 8.5)
      : Math.PI * (((solarHour - 14.5 + 24) % 24) / 15.5);
  const modelled =
    dailyMeanC + halfRange * Math.cos(phase) + 0.3 * valueNoise(seed, 'temp-jitter', timeMs, 3_600_000);
  const airTempC = override.airTempC ?? modelled;

  // Vapour pressure roughly at the dew point of the night minimum (dry winters, moist summers).
  const dewPointC = Math.min(airTempC, dailyMeanC - halfRange - 1 - 3 * winterWeight);
  const rhPct =
    override.rhPct ??
    Math.max(10, Math.min(100, (100 * saturationVapourKpa(dewPointC)) / saturationVapourKpa(airTempC)));

  const elevation = sunElevationDeg(timeMs, site);
  const flicker =
    dayType === 'partly-cloudy' ? 0.75 + 0.25 * Math.sin(hashKey(seed, Math.floor(timeMs / 600_000)) % 7) : 1;
  const globalWm2 = override.globalWm2 ?? clearSkyGlobalWm2(elevation, site.altitudeM) * clouds * flicker;

  return {
    airTempC,
    rhPct,
    globalWm2: Math.max(0, globalWm2),
    sunElevationDeg: elevation,
    dayType,
    dailyMeanC,
  };
}
