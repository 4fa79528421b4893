import { METRIC_BY_KEY, NURSERY_TIME_ZONE } from '#contracts';
import { locale, t } from './i18n.ts';

/**
 * The nursery's clock: every time on screen is Beijing time, whatever the device says (the
 * contract's zone, which the messages and the api's default use too).
 */
export const TIME_ZONE = NURSERY_TIME_ZONE;

/**
 * One Beijing-time formatter; dates read 2026-12-06 and times 07:30 in both languages (the
 * browser's own English order, 12/06/2026, is ambiguous to a Chinese reader of an English page).
 */
const nurseryParts = new Intl.DateTimeFormat('en-US', {
  timeZone: TIME_ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
});
function formatter(kind: 'time' | 'date' | 'datetime'): { format(ms: number): string } {
  return {
    format(ms) {
      const part: Record<string, string> = {};
      for (const { type, value } of nurseryParts.formatToParts(ms)) part[type] = value;
      const date = `${part['year']}-${part['month']}-${part['day']}`;
      const time = `${part['hour']}:${part['minute']}`;
      return kind === 'date' ? date : kind === 'time' ? time : `${date} ${time}`;
    },
  };
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
  return nurseryDate(Date.now() + offsetDays * 86_400_000);
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

/** Yuan with two decimals and the sign: "¥1,920.00" (money is stored in fen: pass fen / 100). */
export function formatMoney(value: unknown): string {
  const n = typeof value === 'string' ? Number(value) : typeof value === 'number' ? value : NaN;
  if (!Number.isFinite(n)) return '—';
  const text = Math.abs(n).toLocaleString(locale.get(), {
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
  });
  return `${n < 0 ? '−' : ''}¥${text}`;
}

export const formatFen = (fen: unknown): string => {
  const n = typeof fen === 'string' ? Number(fen) : typeof fen === 'number' ? fen : NaN;
  return formatMoney(Number.isFinite(n) ? n / 100 : NaN);
};

/** A nursery calendar date (YYYY-MM-DD) for the given instant. */
export function nurseryDate(ms: number): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: TIME_ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(ms);
}

/** Whole days from calendar date `from` to `to` (both YYYY-MM-DD), or null when either is missing. */
export function daysBetween(from: unknown, to: unknown): number | null {
  if (typeof from !== 'string' || typeof to !== 'string') return null;
  const a = Date.parse(from.slice(0, 10));
  const b = Date.parse(to.slice(0, 10));
  return Number.isNaN(a) || Number.isNaN(b) ? null : Math.round((b - a) / 86_400_000);
}

const axisParts = new Map<string, Intl.DateTimeFormat>();
/**
 * A chart tick in Beijing time: "18:00", or the date at midnight ("11月29日" / "Nov 29"), so a
 * 24-hour axis reads like the nursery's own clock whatever the phone's zone and locale.
 */
export function formatAxisTick(seconds: number): string {
  const en = locale.get() === 'en';
  let f = axisParts.get('parts');
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone: TIME_ZONE,
      month: 'numeric',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    axisParts.set('parts', f);
  }
  const parts = Object.fromEntries(f.formatToParts(seconds * 1000).map((p) => [p.type, p.value]));
  if (parts.hour === '00' && parts.minute === '00') {
    const month = Number(parts.month);
    return en
      ? `${['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][month - 1]} ${parts.day}`
      : `${month}月${parts.day}日`;
  }
  return `${parts.hour}:${parts.minute}`;
}

export function formatCount(value: unknown, unit: 'plants' | 'trays' = 'plants'): string {
  const n = typeof value === 'string' ? Number(value) : typeof value === 'number' ? value : NaN;
  if (!Number.isFinite(n)) return '—';
  return `${n.toLocaleString(locale.get())} ${t(unit)}`;
}
