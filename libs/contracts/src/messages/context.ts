import type { MessageLocale } from './format.js';

/**
 * What a text needs besides its parameters: the language, and names the catalogue cannot know by
 * itself (a crop's name from the crop catalogue, a house's from `zones.name`, a metric's from the
 * registry). Without them the key is shown as it is.
 */
export interface MessageContext {
  readonly locale: MessageLocale;
  readonly cropName?: (crop: string) => string;
  readonly zoneName?: (zone: string) => string;
  readonly metricName?: (metric: string) => string;
}

export const cropOf = (context: MessageContext, crop: unknown): string =>
  typeof crop === 'string' ? (context.cropName?.(crop) ?? crop) : '—';
export const zoneOf = (context: MessageContext, zone: unknown): string =>
  typeof zone === 'string' ? (context.zoneName?.(zone) ?? zone) : '—';
export const metricOf = (context: MessageContext, metric: unknown): string =>
  typeof metric === 'string' ? (context.metricName?.(metric) ?? metric) : '—';
