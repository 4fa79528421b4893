import type { BatchLocation, BatchStay, EntryImpact } from '#contracts';

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
  /** When it happened; the stays of `batchStays` start and end at these instants. */
  at?: Date | string;
}

/** One place a batch's trays stood in, from when until when (null: still there). */
export type LocationStay = BatchStay;

export interface LocationOptions {
  /**
   * The site's germination room (催芽室): trays sown there stand in it until a move takes them
   * out, whatever house the sowing names as theirs. Null for a nursery without one.
   */
  readonly germinationRoom?: string | null;
}

const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);
const count = (value: unknown): number | null =>
  typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : null;
/** Stages a batch is created or sown at that stand in the germination room (seed not yet up). */
const IN_GERMINATION = new Set(['sown', 'germinating']);
const instant = (at: Date | string | undefined): string | null =>
  at === undefined ? null : typeof at === 'string' ? at : at.toISOString();

/**
 * Where the trays stood over time, from the batch's events. Creating or sowing puts them all in one
 * place (`start` when the events do not say): the germination room when the nursery has one and
 * the seed is not up yet (stage sown or germinating), otherwise the house the event names. Each
 * move takes `trays` (all of them when absent, as moves before partial moves were recorded) from
 * one place to another. A batch stays one batch however it is spread. Planned batches stand
 * nowhere yet; their place is the house they are planned for.
 */
export function batchStays(
  start: BatchLocation,
  events: readonly LocationEvent[],
  options: LocationOptions = {},
): LocationStay[] {
  return batchPlaces(start, events, options).stays;
}

/** Where the trays stand now (see `batchStays`). */
export function batchLocations(
  start: BatchLocation,
  events: readonly LocationEvent[],
  options: LocationOptions = {},
): BatchLocation[] {
  return batchPlaces(start, events, options).locations;
}

/** Both from one pass over the events: every stay, oldest first, and where the trays stand now. */
export function batchPlaces(
  start: BatchLocation,
  events: readonly LocationEvent[],
  options: LocationOptions = {},
): { stays: LocationStay[]; locations: BatchLocation[] } {
  const { before, now } = foldStays(start, events, options);
  return {
    stays: [...before, ...now],
    locations: now.map(({ zone, benches, trays }) => ({ zone, benches, trays })),
  };
}

/** The stays that ended (`before`) and those that go on (`now`); events without a time end at null. */
function foldStays(
  start: BatchLocation,
  events: readonly LocationEvent[],
  options: LocationOptions,
): { before: LocationStay[]; now: LocationStay[] } {
  const germinationRoom = options.germinationRoom ?? null;
  const closed: LocationStay[] = [];
  let places: LocationStay[] = [{ ...start, from: null, until: null }];
  /** The next places, each kept (with its start) where its trays did not change. */
  const replace = (next: readonly BatchLocation[], at: string | null) => {
    const kept: LocationStay[] = [];
    const unchanged = new Set<LocationStay>();
    for (const place of next) {
      const same = places.find(
        (p) =>
          !unchanged.has(p) &&
          p.zone === place.zone &&
          p.benches === place.benches &&
          p.trays === place.trays,
      );
      if (same) {
        unchanged.add(same);
        kept.push(same);
      } else kept.push({ ...place, from: at, until: null });
    }
    // Kept even when it began at this same instant (two entries at once): the history says what
    // the entries did, and a stay of no length counts no time.
    for (const p of places) if (!unchanged.has(p)) closed.push({ ...p, until: at });
    places = kept;
  };
  for (const event of events) {
    const at = instant(event.at);
    if (event.kind === 'created' || event.kind === 'sow') {
      const zone = text(event.details.zone);
      const trays = count(event.details.trays);
      if (zone === null || trays === null) continue;
      const stage = event.kind === 'sow' ? 'sown' : text(event.details.stage);
      const germinating = germinationRoom !== null && stage !== null && IN_GERMINATION.has(stage);
      const place = germinating
        ? {
            zone: germinationRoom,
            benches: zone === germinationRoom ? text(event.details.benches) : null,
            trays,
          }
        : { zone, benches: text(event.details.benches), trays };
      // Creating or sowing starts the history afresh: a planned batch stood nowhere before.
      places = [{ ...place, from: at, until: null }];
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
      if (place.trays - taken > 0)
        next.push({ zone: place.zone, benches: place.benches, trays: place.trays - taken });
    }
    const moved = (count(event.details.trays) ?? total) - left;
    const benches = text(event.details.benches);
    const held = next.findIndex((p) => p.zone === to && p.benches === benches);
    if (held >= 0) next[held] = { ...next[held], trays: next[held].trays + moved };
    else if (moved > 0) next.push({ zone: to, benches, trays: moved });
    replace(next, at);
  }
  return { before: closed, now: places };
}

/**
 * The batch's home house: the house holding most of its trays, the one its bench capacity, matching
 * and reports count it in. The germination room is a stay on the way, never a home: while every
 * tray is there (or none stands anywhere), the home stays `fallback`, the house it was sown for.
 */
export function mainZone(
  places: readonly BatchLocation[],
  fallback: string,
  germinationRoom: string | null = null,
): string {
  const byZone = new Map<string, number>();
  for (const p of places)
    if (p.zone !== germinationRoom) byZone.set(p.zone, (byZone.get(p.zone) ?? 0) + p.trays);
  let best = fallback;
  let most = -1;
  for (const [zone, trays] of byZone)
    if (trays > most) {
      best = zone;
      most = trays;
    }
  return best;
}
