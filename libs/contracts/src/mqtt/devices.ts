import type { MetricKey } from './metrics.js';

/** Device kinds (docs/mqtt.md). A gateway publishes for the devices of its zone. */
export const DEVICE_KINDS = [
  'env',
  'substrate',
  'heater',
  'boom',
  'bench-heat',
  'weather',
  'gateway',
  // A local siren (a relay on a horn) that wakes the nursery for a critical alarm at night.
  'siren',
] as const;
export type DeviceKind = (typeof DEVICE_KINDS)[number];

/** The metrics each kind normally reports, used for registration defaults and the simulator. */
export const DEFAULT_METRICS_BY_KIND: Readonly<Record<DeviceKind, readonly MetricKey[]>> = {
  env: ['air_temp_c', 'air_rh_pct', 'co2_ppm', 'light_lux'],
  substrate: ['substrate_vwc_pct', 'substrate_temp_c', 'substrate_ec_ms_cm'],
  heater: ['heater_on', 'sp_c', 'mode', 'water_temp_c'],
  boom: ['irrigation_on', 'boom_pass'],
  'bench-heat': ['bench_heat_on', 'bench_temp_c', 'sp_c'],
  weather: ['air_temp_c', 'air_rh_pct', 'light_lux'],
  gateway: ['mains_ok', 'battery_v', 'rssi_dbm'],
  siren: ['siren_on'],
};

/** One row of DATA_DIR/simulator-devices.json (and `npm run devices:export`). */
export interface DeviceCredentials {
  readonly site: string;
  readonly zone: string;
  readonly device: string;
  readonly kind: DeviceKind;
  readonly username: string;
  readonly password: string;
  readonly intervalS: number;
}
