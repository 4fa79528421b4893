/**
 * The metric registry: every key a device may report, with its kind, unit and physical range.
 * Keys are snake_case with a unit suffix (docs/domain.md §4.2). Booleans are stored as 0/1 and
 * enumerated strings as the index of their value, so one numeric column holds every reading.
 * Ranges are physical limits of sensors, not alarm thresholds: a value outside them is refused.
 */
export type MetricKind = 'number' | 'boolean' | 'enum';

export interface MetricDefinition {
  readonly key: string;
  readonly kind: MetricKind;
  readonly unit: string;
  readonly min?: number;
  readonly max?: number;
  /** For enum metrics: the allowed values; stored as their index. */
  readonly values?: readonly string[];
  readonly nameZh: string;
  readonly nameEn: string;
}

const number = (key: string, unit: string, min: number, max: number, nameZh: string, nameEn: string) =>
  ({ key, kind: 'number', unit, min, max, nameZh, nameEn }) as const satisfies MetricDefinition;
const boolean = (key: string, nameZh: string, nameEn: string) =>
  ({ key, kind: 'boolean', unit: '', min: 0, max: 1, nameZh, nameEn }) as const satisfies MetricDefinition;

export const CONTROL_MODES = ['auto', 'manual', 'off'] as const;
export type ControlMode = (typeof CONTROL_MODES)[number];

export const METRICS = [
  number('air_temp_c', '°C', -40, 70, '气温', 'Air temperature'),
  number('air_rh_pct', '%', 0, 100, '空气湿度', 'Air humidity'),
  number('co2_ppm', 'ppm', 0, 10_000, '二氧化碳', 'CO2'),
  number('light_lux', 'lx', 0, 200_000, '光照', 'Light'),
  number('par_umol_m2_s', 'µmol/m²/s', 0, 3_000, '光合有效辐射', 'PAR'),
  number('substrate_vwc_pct', '%', 0, 100, '基质含水量', 'Substrate moisture'),
  number('substrate_temp_c', '°C', -20, 60, '基质温度', 'Substrate temperature'),
  number('substrate_ec_ms_cm', 'mS/cm', 0, 20, '基质EC', 'Substrate EC'),
  number('bench_temp_c', '°C', -20, 70, '苗床温度', 'Bench temperature'),
  // Heating water: a hot-water boiler supplies 70–90 °C (the simulator's boiler reaches 70 °C).
  number('water_temp_c', '°C', -5, 95, '水温', 'Water temperature'),
  boolean('heater_on', '加温', 'Heater on'),
  boolean('bench_heat_on', '苗床加温', 'Bench heat on'),
  boolean('irrigation_on', '灌溉', 'Irrigation on'),
  boolean('siren_on', '警报器', 'Siren sounding'),
  number('boom_pass', '次', 0, 1_000_000, '喷灌趟数', 'Boom passes'),
  number('vent_pct', '%', 0, 100, '通风开度', 'Vent opening'),
  number('screen_pct', '%', 0, 100, '遮阳/保温幕', 'Screen'),
  number('sp_c', '°C', -10, 45, '设定温度', 'Setpoint'),
  { key: 'mode', kind: 'enum', unit: '', values: CONTROL_MODES, nameZh: '模式', nameEn: 'Mode' },
  boolean('mains_ok', '市电', 'Mains power'),
  number('battery_v', 'V', 0, 60, '电池电压', 'Battery'),
  number('rssi_dbm', 'dBm', -150, 0, '信号强度', 'Signal'),
] as const satisfies readonly MetricDefinition[];

export type MetricKey = (typeof METRICS)[number]['key'];

export const METRIC_BY_KEY: ReadonlyMap<string, MetricDefinition> = new Map(
  METRICS.map((metric) => [metric.key, metric as MetricDefinition]),
);

export function isMetricKey(key: string): key is MetricKey {
  return METRIC_BY_KEY.has(key);
}

export type EncodeResult =
  { ok: true; value: number } | { ok: false; reason: 'wrong_type' | 'out_of_range' | 'not_finite' };

/** Turns a reported value into the number stored for it, or says why it cannot be stored. */
export function encodeMetricValue(metric: MetricDefinition, raw: unknown): EncodeResult {
  switch (metric.kind) {
    case 'boolean':
      if (typeof raw === 'boolean') return { ok: true, value: raw ? 1 : 0 };
      if (raw === 0 || raw === 1) return { ok: true, value: raw };
      return { ok: false, reason: 'wrong_type' };
    case 'enum': {
      if (typeof raw !== 'string') return { ok: false, reason: 'wrong_type' };
      const index = metric.values?.indexOf(raw) ?? -1;
      return index < 0 ? { ok: false, reason: 'out_of_range' } : { ok: true, value: index };
    }
    case 'number': {
      if (typeof raw !== 'number') return { ok: false, reason: 'wrong_type' };
      if (!Number.isFinite(raw)) return { ok: false, reason: 'not_finite' };
      if ((metric.min !== undefined && raw < metric.min) || (metric.max !== undefined && raw > metric.max)) {
        return { ok: false, reason: 'out_of_range' };
      }
      return { ok: true, value: raw };
    }
  }
}

/** The inverse of encodeMetricValue, for the read side. */
export function decodeMetricValue(metric: MetricDefinition, stored: number): number | boolean | string {
  switch (metric.kind) {
    case 'boolean':
      return stored !== 0;
    case 'enum':
      return metric.values?.[stored] ?? String(stored);
    case 'number':
      return stored;
  }
}
