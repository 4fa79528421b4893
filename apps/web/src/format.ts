import { METRIC_BY_KEY } from '#contracts';
import { locale, t } from './i18n.ts';

/** The nursery's clock: every time on screen is Beijing time, whatever the device says. */
export const TIME_ZONE = 'Asia/Shanghai';

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(kind: 'time' | 'date' | 'datetime'): Intl.DateTimeFormat {
  const key = `${locale.get()}|${kind}`;
  let f = formatters.get(key);
  if (!f) {
    const options: Intl.DateTimeFormatOptions = { timeZone: TIME_ZONE, hour12: false };
    if (kind !== 'date') Object.assign(options, { hour: '2-digit', minute: '2-digit' });
    if (kind !== 'time') Object.assign(options, { year: 'numeric', month: '2-digit', day: '2-digit' });
    f = new Intl.DateTimeFormat(locale.get(), options);
    formatters.set(key, f);
  }
  return f;
}

export function toMs(value: unknown): number | null {
  if (typeof value === 'number') return value;
  if (typeof value === 'string') {
    const ms = Date.parse(value);
    return Number.isNaN(ms) ? null : ms;
  }
  return null;
}

export const formatTime = (ts: unknown) => {
  const ms = toMs(ts);
  return ms === null ? '—' : formatter('time').format(ms);
};
export const formatDate = (ts: unknown) => {
  const ms = toMs(ts);
  return ms === null ? '—' : formatter('date').format(ms);
};
export const formatDateTime = (ts: unknown) => {
  const ms = toMs(ts);
  return ms === null ? '—' : formatter('datetime').format(ms);
};

/** Today's date in Beijing as YYYY-MM-DD. */
export function todayInNursery(offsetDays = 0): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: TIME_ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(Date.now() + offsetDays * 86_400_000);
  return parts;
}

export function hourInNursery(ms = Date.now()): number {
  return (
    Number(
      new Intl.DateTimeFormat('en-GB', { timeZone: TIME_ZONE, hour: '2-digit', hour12: false }).format(ms),
    ) % 24
  );
}

const ENUM_ZH: Record<string, string> = { auto: '自动', manual: '手动', off: '关闭' };

/** A metric value with its unit ("18.4 °C", "开"); booleans and enums in words. */
export function formatMetric(metric: string, value: number | null | undefined): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  const definition = METRIC_BY_KEY.get(metric);
  if (!definition) return String(value);
  if (definition.kind === 'boolean') return value ? t('on') : t('off');
  if (definition.kind === 'enum') {
    const word = definition.values?.[value] ?? String(value);
    return locale.get() === 'en' ? word : (ENUM_ZH[word] ?? word);
  }
  const digits = Math.abs(value) >= 100 ? 0 : 1;
  return `${value.toFixed(digits)} ${definition.unit}`.trim();
}

export function metricName(metric: string): string {
  const definition = METRIC_BY_KEY.get(metric);
  if (!definition) return metric;
  return locale.get() === 'en' ? definition.nameEn : definition.nameZh;
}

export function formatAge(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  const en = locale.get() === 'en';
  if (s < 60) return en ? `${s} s` : `${s}秒`;
  const m = Math.round(s / 60);
  if (m < 60) return en ? `${m} min` : `${m}分钟`;
  const h = Math.round(m / 60);
  return en ? `${h} h` : `${h}小时`;
}

export function formatMoney(value: unknown): string {
  const n = typeof value === 'string' ? Number(value) : typeof value === 'number' ? value : NaN;
  if (!Number.isFinite(n)) return '—';
  return `${n.toLocaleString(locale.get(), { minimumFractionDigits: 2, maximumFractionDigits: 2 })} ${t('yuan')}`;
}

export function formatCount(value: unknown, unit: 'plants' | 'trays' = 'plants'): string {
  const n = typeof value === 'string' ? Number(value) : typeof value === 'number' ? value : NaN;
  if (!Number.isFinite(n)) return '—';
  return `${n.toLocaleString(locale.get())} ${t(unit)}`;
}
