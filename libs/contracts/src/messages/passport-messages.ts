import type { PassportMetric } from '../http/passports.js';

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
