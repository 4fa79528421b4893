import { locale, t, type MessageKey } from '../../i18n.ts';
import type { OrderLineResponse } from '#contracts';
import { formatFen } from '../../format.ts';

/** A message with `{name}` parameters filled in. */
export function tf(key: MessageKey, params: Record<string, string | number>): string {
  return t(key).replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

/** A plain number in the page's language (1,200). */
export const num = (n: number) => n.toLocaleString(locale.get() === 'en' ? 'en' : 'zh-CN');

/** Seedlings with their unit: "1,200 株" / "1,200 plants". */
export const plants = (n: number) => `${num(n)} ${t('plants')}`;

/** Fen per seedling as yuan: "¥0.80/株" / "¥0.80 each". */
export const perPlant = (fen: number) => tf('buyerPerPlant', { price: formatFen(fen) });

/**
 * A calendar date as the nursery writes it on both languages' pages: 2027-04-25 (the api's own
 * form; no locale turns it into 2027/04/25 or 4/25/2027).
 */
export const day = (date: string | null | undefined) => (date ? date.slice(0, 10) : '—');

/** What a line came to, in words: confirmed for a date, or waiting (with its place and earliest date). */
export function lineOutcomeText(line: OrderLineResponse): string {
  if (line.confirmedDate && line.status !== 'waitlisted')
    return tf('buyerConfirmedFor', { quantity: plants(line.quantity), date: day(line.confirmedDate) });
  return tf('buyerWaiting', { quantity: plants(line.quantity), date: day(line.wantedFrom) });
}
