import type { PassportFigure, PassportMetric } from '../http/passports.js';

/** Batch stages as the nursery names them, [中文, English]: the web's tables and the printed pages. */
export const BATCH_STAGE_NAMES: Readonly<Record<string, readonly [string, string]>> = {
  planned: ['待播种', 'planned'],
  sown: ['已播种', 'sown'],
  germinating: ['催芽中', 'germinating'],
  emerged: ['已出苗', 'emerged'],
  true_leaf: ['真叶期', 'true leaf'],
  grafted: ['已嫁接', 'grafted'],
  healing: ['愈合中', 'healing'],
  hardening: ['炼苗中', 'hardening'],
  ready: ['可出圃', 'ready'],
  sold_out: ['已售罄', 'sold out'],
  culled: ['已淘汰', 'culled'],
  over_aged: ['已老化', 'over-aged'],
};

/** The climate passport's figures, [中文, English], with their unit. */
export const PASSPORT_METRIC_NAMES: Readonly<
  Record<PassportMetric, { zh: string; en: string; unit: string }>
> = {
  air_temp_c: { zh: '气温', en: 'Air temperature', unit: '°C' },
  substrate_vwc_pct: { zh: '基质湿度', en: 'Substrate moisture', unit: '%' },
  air_rh_pct: { zh: '空气湿度', en: 'Air humidity', unit: '%' },
};

/** The band a figure was judged against, in words: 10–32 °C, ≥ 90 %, ≤ 90 %, or — for none. */
export function passportBandText(figure: PassportFigure): string {
  const unit = PASSPORT_METRIC_NAMES[figure.metric].unit;
  if (figure.lo !== null && figure.hi !== null) return `${figure.lo}–${figure.hi} ${unit}`;
  if (figure.lo !== null) return `≥ ${figure.lo} ${unit}`;
  if (figure.hi !== null) return `≤ ${figure.hi} ${unit}`;
  return '—';
}

/**
 * A share of a figure's time in percent, one decimal: what the slip, the buyer's page and the staff's
 * panel print. Null when the figure covers no time at all.
 */
export function passportSharePct(
  figure: PassportFigure,
  part: 'inMs' | 'belowMs' | 'aboveMs' | 'noDataMs',
): number | null {
  const total = figure.inMs + figure.belowMs + figure.aboveMs + figure.noDataMs;
  return total === 0 ? null : Math.round((figure[part] / total) * 1000) / 10;
}
