import type { BatchLocation, EntryImpact } from '#contracts';

export interface LineChange {
  orderId: string;
  from: { status: string; missing: number };
  to: { status: string; missing: number };
}

/** What a matching run did to the orders, as a technician reads it after an entry. */
export function entryImpact(changes: readonly LineChange[]): EntryImpact {
  const nowShort = new Set<string>();
  const recovered = new Set<string>();
  let seedlings = 0;
  for (const { orderId, from, to } of changes) {
    const before = from.status === 'short' ? from.missing : 0;
    const after = to.status === 'short' ? to.missing : 0;
    if (after > before) {
      nowShort.add(orderId);
      seedlings += after - before;
    } else if (before > 0 && after === 0) recovered.add(orderId);
  }
  for (const id of nowShort) recovered.delete(id);
  return { ordersNowShort: [...nowShort], seedlingsNowShort: seedlings, ordersRecovered: [...recovered] };
}

export interface LocationEvent {
  kind: string;
  details: Record<string, unknown>;
}

const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);
const count = (value: unknown): number | null =>
  typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : null;

/**
 * Where the trays stand after the batch's events: creating or sowing puts them all in one place
 * (`start` when the events do not say), each move
 * takes `trays` (all of them when absent, as moves before partial moves were recorded) from one
 * place to another. A batch stays one batch however it is spread.
 */
export function batchLocations(start: BatchLocation, events: readonly LocationEvent[]): BatchLocation[] {
  let places: BatchLocation[] = [{ ...start }];
  for (const event of events) {
    if (event.kind === 'created' || event.kind === 'sow') {
      // Sowing (or creating) puts every tray in one place; a planned batch is sown where it is sown.
      const zone = text(event.details.zone);
      const trays = count(event.details.trays);
      if (zone !== null && trays !== null) places = [{ zone, benches: text(event.details.benches), trays }];
      continue;
    }
    if (event.kind !== 'move') continue;
    const from = text(event.details.from);
    const to = text(event.details.to);
    if (from === null || to === null) continue;
    const fromBenches = text(event.details.fromBenches);
    const total = places.reduce((sum, p) => sum + p.trays, 0);
    let left = count(event.details.trays) ?? total;
    const next: BatchLocation[] = [];
    for (const place of places) {
      const matches = place.zone === from && (fromBenches === null || place.benches === fromBenches);
      const taken = matches ? Math.min(left, place.trays) : 0;
      left -= taken;
      if (place.trays - taken > 0) next.push({ ...place, trays: place.trays - taken });
    }
    const moved = (count(event.details.trays) ?? total) - left;
    const benches = text(event.details.benches);
    const held = next.findIndex((p) => p.zone === to && p.benches === benches);
    if (held >= 0) next[held] = { ...next[held], trays: next[held].trays + moved };
    else if (moved > 0) next.push({ zone: to, benches, trays: moved });
    places = next;
  }
  return places;
}

/** The house holding most of the batch's trays: the one its capacity and climate are counted in. */
export function mainZone(places: readonly BatchLocation[], fallback: string): string {
  const byZone = new Map<string, number>();
  for (const p of places) byZone.set(p.zone, (byZone.get(p.zone) ?? 0) + p.trays);
  let best = fallback;
  let most = -1;
  for (const [zone, trays] of byZone)
    if (trays > most) {
      best = zone;
      most = trays;
    }
  return best;
}
