import type { OrderCatalogueResponse } from '#contracts';
import { request } from '../../api.ts';
import { localName } from '../../i18n.ts';
import { signal, useSignal } from '../../state.ts';

/** What can be ordered (GET /api/order-catalogue), shared by the catalogue cards and the form. */
export const orderCatalogue = signal<OrderCatalogueResponse | null>(null);
let asking: Promise<void> | null = null;

/** Asks again: after a live change (a batch or an order moved the earliest dates) or a placed order. */
export function reloadCatalogue(): Promise<void> {
  asking ??= request('GET /api/order-catalogue')
    .then((answer) => orderCatalogue.set(answer))
    .catch(() => undefined)
    .finally(() => {
      asking = null;
    });
  return asking;
}

export function useCatalogue(): OrderCatalogueResponse | null {
  return useSignal(orderCatalogue);
}

/** A line's variety in the page's language (its English name where the catalogue has one), else as typed. */
export function varietyName(crop: string, cultivar: string): string {
  const variety = orderCatalogue
    .get()
    ?.crops.find((c) => c.key === crop)
    ?.varieties.find((v) => v.name === cultivar);
  return variety ? localName(variety) : cultivar;
}
