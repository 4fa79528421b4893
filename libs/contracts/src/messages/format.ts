/** The page's language: Chinese first, English complete. */
export type MessageLocale = 'zh-CN' | 'en';

/** The nursery's clock: dates and times a person reads are shown in it, whatever the server's zone. */
export const NURSERY_TIME_ZONE = 'Asia/Shanghai';

const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

/** A number with at most `digits` decimals in the locale's digits grouping; '—' when absent. */
export function formatNumber(locale: MessageLocale, value: unknown, digits = 1): string {
  if (!isNumber(value)) return '—';
  return new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(value);
}

/** A number and its unit (°C, %, ppm, 分钟 …) separated as each language writes it. */
export function withUnit(locale: MessageLocale, value: unknown, unit: string, digits = 1): string {
  const number = formatNumber(locale, value, digits);
  return unit === '%' || unit === '°C'
    ? `${number} ${unit}`
    : locale === 'en'
      ? `${number} ${unit}`
      : `${number}${unit}`;
}

/** Yuan from fen: 12345 → ¥123.45. Money is stored in fen throughout. */
export function formatYuan(locale: MessageLocale, fen: unknown): string {
  if (!isNumber(fen)) return '—';
  return new Intl.NumberFormat(locale, { style: 'currency', currency: 'CNY' }).format(fen / 100);
}

/** A date (YYYY-MM-DD, as stored for calendar dates) in the locale's words: 2027年4月25日 / Apr 25, 2027. */
export function formatDate(locale: MessageLocale, value: unknown): string {
  if (typeof value !== 'string' && !isNumber(value) && !(value instanceof Date)) return '—';
  const plainDay = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value);
  const date = plainDay ? new Date(`${value}T00:00:00Z`) : new Date(value);
  if (Number.isNaN(date.getTime())) return String(value);
  return new Intl.DateTimeFormat(locale, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    // A calendar date names a day, not an instant: shown as written, without a zone shift.
    timeZone: plainDay ? 'UTC' : NURSERY_TIME_ZONE,
  }).format(date);
}

/** An instant in nursery time: 2027年4月25日 08:30 / Apr 25, 2027, 08:30. */
export function formatDateTime(locale: MessageLocale, value: unknown): string {
  if (typeof value !== 'string' && !isNumber(value) && !(value instanceof Date)) return '—';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return String(value);
  return new Intl.DateTimeFormat(locale, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone: NURSERY_TIME_ZONE,
  }).format(date);
}

/** A list in the locale's words: 甲、乙 / a, b. */
export function formatList(locale: MessageLocale, values: unknown): string {
  if (!Array.isArray(values)) return '—';
  return values.map(String).join(locale === 'en' ? ', ' : '、');
}

const STAMP = new Intl.DateTimeFormat('en-CA', {
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
  timeZone: NURSERY_TIME_ZONE,
});

/**
 * An instant in nursery time written the same in every language: 2026-12-06 08:30. For lists of
 * events (alarm episodes, outage notices) where dates must read alike on a Chinese and an English page.
 */
export function formatStamp(value: unknown): string {
  if (typeof value !== 'string' && !isNumber(value) && !(value instanceof Date)) return '—';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return String(value);
  const parts = Object.fromEntries(STAMP.formatToParts(date).map((part) => [part.type, part.value]));
  return `${parts['year']}-${parts['month']}-${parts['day']} ${parts['hour']}:${parts['minute']}`;
}
