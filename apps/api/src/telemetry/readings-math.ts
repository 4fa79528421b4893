/** Pure read-side arithmetic: step choice and derived air metrics. */
export type Step = 'raw' | '1m' | '1h' | { readonly bucketS: number };
export type StepRequest = 'auto' | 'raw' | '1m' | '1h';

/** Points a series may hold at step=auto; a day of 1-minute values (1,440) stays whole. */
export const MAX_POINTS = 1500;
const MINUTE_S = 60;
const HOUR_S = 3600;

/** The finest step that keeps a series within MAX_POINTS for a device reporting every intervalS. */
export function chooseStep(request: StepRequest, spanMs: number, intervalS: number): Step {
  if (request !== 'auto') return request;
  const spanS = spanMs / 1000;
  if (spanS / Math.max(1, intervalS) <= MAX_POINTS) return 'raw';
  if (spanS / MINUTE_S <= MAX_POINTS) return '1m';
  if (spanS / HOUR_S <= MAX_POINTS) return '1h';
  return { bucketS: Math.ceil(spanS / MAX_POINTS / HOUR_S) * HOUR_S };
}

export const DERIVED_METRICS = ['dew_point_c', 'vpd_kpa'] as const;
export type DerivedMetric = (typeof DERIVED_METRICS)[number];

export function isDerivedMetric(metric: string): metric is DerivedMetric {
  return (DERIVED_METRICS as readonly string[]).includes(metric);
}

/** Dew point (Magnus formula, Alduchov & Eskridge constants), °C. */
export function dewPointC(airTempC: number, rhPct: number): number | null {
  if (rhPct <= 0 || rhPct > 100) return null;
  const b = 17.625;
  const c = 243.04;
  const gamma = Math.log(rhPct / 100) + (b * airTempC) / (c + airTempC);
  return round((c * gamma) / (b - gamma), 2);
}

/** Vapour pressure deficit (Tetens), kPa. */
export function vpdKpa(airTempC: number, rhPct: number): number | null {
  if (rhPct < 0 || rhPct > 100) return null;
  const saturation = 0.6108 * Math.exp((17.27 * airTempC) / (airTempC + 237.3));
  return round(saturation * (1 - rhPct / 100), 3);
}

export function derive(metric: DerivedMetric, airTempC: number, rhPct: number): number | null {
  return metric === 'dew_point_c' ? dewPointC(airTempC, rhPct) : vpdKpa(airTempC, rhPct);
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
