import { useEffect, useState } from 'preact/hooks';
import type { BatchResponse, OrderResponse, ZoneResponse } from '#contracts';
import { request } from '../../api.ts';
import { localName } from '../../i18n.ts';
import { clockSkew, onLive } from '../../live.ts';
import { nurseryDate } from '../../format.ts';
import { useCropNames } from '../orders.tsx';

/** Places trays stand in: the houses, the germination and the healing rooms (not outdoors). */
const TRAY_PLACES = new Set(['greenhouse', 'germination', 'healing']);

export interface Nursery {
  /** Every batch, planned ones included; null until the first answer. */
  batches: BatchResponse[] | null;
  zones: ZoneResponse[];
  orders: OrderResponse[];
  reload(): void;
}

let zonesOnce: Promise<ZoneResponse[]> | null = null;
/** The site's zones, asked for once per page (they change only in the manager's setup). */
function loadZones(): Promise<ZoneResponse[]> {
  zonesOnce ??= request('GET /api/zones').then(
    (list) => list.filter((z) => TRAY_PLACES.has(z.kind)),
    (error: unknown) => {
      zonesOnce = null;
      throw error;
    },
  );
  return zonesOnce;
}

/**
 * The batches (and the orders when `withOrders`), loaded once the live socket has joined its rooms
 * and again on every `batch.changed` (an entry by anyone, a matching run), so the lists stay true.
 */
export function useNursery(withOrders = false): Nursery {
  useCropNames();
  const [batches, setBatches] = useState<BatchResponse[] | null>(null);
  const [zones, setZones] = useState<ZoneResponse[]>([]);
  const [orders, setOrders] = useState<OrderResponse[]>([]);
  const loadBatches = () =>
    void request('GET /api/batches')
      .then(setBatches)
      .catch(() => setBatches((held) => held ?? []));
  const loadOrders = () =>
    void request('GET /api/orders')
      .then(setOrders)
      .catch(() => undefined);
  useEffect(() => {
    void loadZones()
      .then(setZones)
      .catch(() => undefined);
    return onLive({
      batch: loadBatches,
      ...(withOrders ? { order: loadOrders } : {}),
      load() {
        loadBatches();
        if (withOrders) loadOrders();
      },
    });
  }, []);
  return { batches, zones, orders, reload: loadBatches };
}

export const zoneName = (zones: readonly ZoneResponse[], code: string) =>
  localName(zones.find((z) => z.code === code)) || code;

/** The nursery's date by the server's clock. */
export const nurseryToday = () => nurseryDate(Date.now() + clockSkew.get());

export const LIVE_STAGES = new Set([
  'sown',
  'germinating',
  'emerged',
  'true_leaf',
  'grafted',
  'healing',
  'hardening',
  'ready',
]);
