import { METRIC_BY_KEY, type SeriesResponse } from '#contracts';

export type CsvLanguage = 'zh' | 'en';

const HEADERS: Record<CsvLanguage, readonly string[]> = {
  zh: ['时间（北京时间）', '设备', '指标', '单位', '数值', '最小值', '最大值', '样本数'],
  en: ['Time (Beijing)', 'Device', 'Metric', 'Unit', 'Value', 'Min', 'Max', 'Samples'],
};

/** Metrics the api computes from air temperature and humidity (no device reports them). */
const DERIVED_NAMES: Record<string, { zh: string; en: string; unit: string }> = {
  dew_point_c: { zh: '露点', en: 'Dew point', unit: '°C' },
  vpd_kpa: { zh: '饱和差', en: 'Vapour pressure deficit', unit: 'kPa' },
};

const BEIJING_OFFSET_MS = 8 * 3_600_000;

/**
 * An instant as nursery time with its offset, `2026-12-06T07:30:00+08:00`. China keeps one offset
 * all year (no daylight saving), so adding eight hours is exact.
 */
export function beijingTime(iso: string): string {
  const ms = Date.parse(iso);
  return `${new Date(ms + BEIJING_OFFSET_MS).toISOString().slice(0, 19)}+08:00`;
}

/** A cell quoted when it holds a comma, a quote or a line break (RFC 4180). */
function cell(value: string | number | null | undefined): string {
  const text = value === null || value === undefined ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function metricLabel(metric: string, language: CsvLanguage): { name: string; unit: string } {
  const registered = METRIC_BY_KEY.get(metric);
  if (registered)
    return { name: language === 'en' ? registered.nameEn : registered.nameZh, unit: registered.unit };
  const derived = DERIVED_NAMES[metric];
  return derived ? { name: derived[language], unit: derived.unit } : { name: metric, unit: '' };
}

/**
 * The readings of a history export for a person with a spreadsheet: headers and metric names in
 * their language, times in nursery time with `+08:00`, one row per device and point. Starts with a
 * byte order mark: Excel on a Chinese Windows reads a CSV without one as GBK and garbles the text.
 */
export function readingsCsv(series: readonly SeriesResponse[], language: CsvLanguage): string {
  const lines = [HEADERS[language].join(',')];
  for (const one of series) {
    const { name, unit } = metricLabel(one.metric, language);
    for (const point of one.points) {
      lines.push(
        [beijingTime(point.ts), one.device, name, unit, point.value, point.min, point.max, point.count]
          .map(cell)
          .join(','),
      );
    }
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
