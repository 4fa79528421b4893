import { DEFAULT_METRICS_BY_KIND, METRIC_BY_KEY, type DeviceKind, type MetricValue } from '#contracts';
import {
  benchTempC,
  irrigationFlowing,
  relativeHumidityOf,
  substrateEcMsCm,
  type HouseState,
} from './physics/house.js';
import type { Weather } from './physics/weather.js';
import { keyedNormal } from './physics/random.js';

/**
 * What each device kind reads from the physical model (the sensor side), with a little seeded
 * sensor noise. Pure: the device layer adds faults and timestamps.
 */
export interface ReadingContext {
  readonly kind: DeviceKind;
  readonly device: string;
  readonly house: HouseState | undefined;
  readonly weather: Weather;
  readonly noiseKey: string;
  readonly seq: number;
  readonly seed: number;
  /** Scale mode reports five values a message (the ingest benchmark's shape). */
  readonly scale?: boolean;
}

const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;

function noise(context: ReadingContext, metric: string, sd: number): number {
  return sd * keyedNormal(context.seed, context.noiseKey, metric, context.seq);
}

/** The bench group a substrate probe sits in: substrate-2 -> b2. */
export function benchIdOf(device: string): string {
  const match = /(\d+)$/.exec(device);
  return `b${match?.[1] ?? '1'}`;
}

export function telemetryValues(context: ReadingContext): Record<string, MetricValue> {
  const { house, weather } = context;
  const air = (): Record<string, MetricValue> =>
    house === undefined
      ? {
          air_temp_c: round(weather.airTempC + noise(context, 'air', 0.05), 1),
          air_rh_pct: round(Math.min(100, Math.max(0, weather.rhPct + noise(context, 'rh', 0.3))), 1),
          co2_ppm: Math.round(420 + noise(context, 'co2', 3)),
          light_lux: Math.round(weather.globalWm2 * 110),
        }
      : {
          air_temp_c: round(house.airTempC + noise(context, 'air', 0.05), 1),
          air_rh_pct: round(
            Math.min(100, Math.max(0, relativeHumidityOf(house) + noise(context, 'rh', 0.3))),
            1,
          ),
          co2_ppm: Math.round(house.co2Ppm + noise(context, 'co2', 3)),
          light_lux: Math.max(0, Math.round(house.lightLux * (1 + noise(context, 'lux', 0.01)))),
        };
  switch (context.kind) {
    case 'env': {
      const values = air();
      if (context.scale === true) values['rssi_dbm'] = Math.round(-70 + noise(context, 'rssi', 3));
      return values;
    }
    case 'weather': {
      const { co2_ppm: _co2, ...values } = air();
      return values;
    }
    case 'substrate': {
      const bench =
        house?.benches.find((group) => group.id === benchIdOf(context.device)) ?? house?.benches[0];
      if (bench === undefined) return {};
      return {
        substrate_vwc_pct: round(Math.min(100, Math.max(0, bench.vwcPct + noise(context, 'vwc', 0.2))), 1),
        substrate_temp_c: round(bench.tempC + noise(context, 'temp', 0.05), 1),
        substrate_ec_ms_cm: round(substrateEcMsCm(bench) + noise(context, 'ec', 0.01), 2),
      };
    }
    case 'heater':
      if (house === undefined) return {};
      return {
        ...heaterState(house),
        water_temp_c: round(house.heater.waterTempC + noise(context, 'water', 0.1), 1),
      };
    case 'boom':
      return house === undefined ? {} : boomState(house);
    case 'bench-heat':
      if (house === undefined) return {};
      return {
        bench_heat_on: house.benchHeat.on || (house.benchHeat.runaway && house.powered),
        bench_temp_c: round(benchTempC(house) + noise(context, 'bench', 0.05), 1),
        sp_c: house.benchHeat.spC,
      };
    case 'siren':
      return { siren_on: false };
    case 'gateway':
      return {
        mains_ok: house?.powered ?? true,
        battery_v: round(13.2 + noise(context, 'battery', 0.02), 2),
        rssi_dbm: Math.round(-75 + noise(context, 'rssi', 3)),
      };
  }
}

function heaterState(house: HouseState): Record<string, MetricValue> {
  // The relay as the controller drives it: with a failed burner it still says "on".
  return { heater_on: house.heater.on, sp_c: house.heater.spC, mode: house.heater.mode };
}

function boomState(house: HouseState): Record<string, MetricValue> {
  return { irrigation_on: irrigationFlowing(house), boom_pass: house.boom.passes };
}

/** Reported actuator truth for the retained `state` channel; undefined for sensors. */
export function stateValues(
  kind: DeviceKind,
  house: HouseState | undefined,
): Record<string, MetricValue> | undefined {
  if (house === undefined) return undefined;
  switch (kind) {
    case 'heater':
      return heaterState(house);
    case 'boom':
      return boomState(house);
    case 'bench-heat':
      return {
        bench_heat_on: house.benchHeat.on || (house.benchHeat.runaway && house.powered),
        sp_c: house.benchHeat.spC,
        mode: house.benchHeat.enabled ? 'auto' : 'off',
      };
    default:
      return undefined;
  }
}

export function isActuator(kind: DeviceKind): boolean {
  return kind === 'heater' || kind === 'boom' || kind === 'bench-heat';
}

/** The `meta` birth certificate of a device. */
export function metaMetrics(
  kind: DeviceKind,
  intervalS: number,
  scale = false,
): Record<string, { unit?: string; interval_s: number }> {
  const keys: string[] = [...DEFAULT_METRICS_BY_KIND[kind]];
  if (kind === 'env' && scale) keys.push('rssi_dbm');
  return Object.fromEntries(
    keys.map((key) => {
      const unit = METRIC_BY_KEY.get(key)?.unit;
      return [
        key,
        unit !== undefined && unit !== '' ? { unit, interval_s: intervalS } : { interval_s: intervalS },
      ];
    }),
  );
}
