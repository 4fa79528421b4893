// The passport's unit of account: one stage of a batch in one place, from its events alone. The
// stages come from the created, sow and stage events; the places from the stays (batch-entries.ts).
import { FINAL_BATCH_STAGES } from '#contracts';
import type { LocationEvent, LocationStay } from '../batches/batch-entries.js';

/** A stage the batch was in, from when until when (null: it still is). */
export interface StagePeriod {
  readonly stage: string;
  readonly from: number;
  readonly until: number | null;
}

/** One stage in one place: where every passport figure is counted. */
export interface PieceWindow {
  readonly stage: string;
  readonly zone: string;
  readonly benches: string | null;
  readonly trays: number;
  readonly from: number;
  readonly until: number;
  /** The stage ended or the trays moved on before `through`: the piece will not grow any more. */
  readonly closed: boolean;
}

/**
 * A piece shorter than this is left out: two entries minutes apart (the trays moved, then the
 * emergence recorded) make a stay of no climate worth a row.
 */
export const MIN_PIECE_MS = 10 * 60_000;

const ms = (at: Date | string | undefined): number | null =>
  at === undefined ? null : typeof at === 'string' ? Date.parse(at) : at.getTime();

/**
 * The stages from the events, oldest first: creating starts at the stage it names, sowing a planned
 * batch at `sown`, grafting at `grafted`, each stage event moves to its `to` (an edit's stage event names none and is no
 * change). A final stage (sold out, culled, over-aged) ends the last period and opens none.
 */
export function stagePeriods(events: readonly LocationEvent[]): StagePeriod[] {
  const periods: StagePeriod[] = [];
  let open: { stage: string; from: number } | null = null;
  const enter = (stage: string, at: number) => {
    if (open !== null) {
      if (open.stage === stage) return;
      periods.push({ ...open, until: at });
    }
    open = (FINAL_BATCH_STAGES as readonly string[]).includes(stage) ? null : { stage, from: at };
  };
  for (const event of events) {
    const at = ms(event.at);
    if (at === null) continue;
    if (event.kind === 'created' && typeof event.details.stage === 'string') enter(event.details.stage, at);
    else if (event.kind === 'sow') enter('sown', at);
    else if (event.kind === 'graft') enter('grafted', at);
    else if (event.kind === 'stage' && typeof event.details.to === 'string') enter(event.details.to, at);
  }
  if (open !== null) periods.push({ ...(open as { stage: string; from: number }), until: null });
  // A planned batch stands nowhere and lives no climate: its periods are not the passport's.
  return periods.filter((period) => period.stage !== 'planned');
}

/**
 * Each growing stage crossed with each stay, cut at `through` (the delivery, or now). A stay
 * without a time (events from before times were kept) counts from the stage's start. Pieces
 * shorter than 10 minutes are left out.
 */
export function pieceWindows(
  periods: readonly StagePeriod[],
  stays: readonly LocationStay[],
  through: number,
): PieceWindow[] {
  const pieces: PieceWindow[] = [];
  for (const period of periods) {
    for (const stay of stays) {
      const stayFrom = ms(stay.from ?? undefined) ?? period.from;
      const stayUntil = ms(stay.until ?? undefined);
      const from = Math.max(period.from, stayFrom);
      const ends = [period.until, stayUntil].filter((end): end is number => end !== null);
      const end = ends.length > 0 ? Math.min(...ends) : null;
      const until = Math.min(end ?? through, through);
      if (until - from < MIN_PIECE_MS) continue;
      pieces.push({
        stage: period.stage,
        zone: stay.zone,
        benches: stay.benches,
        trays: stay.trays,
        from,
        until,
        closed: end !== null && end <= through,
      });
    }
  }
  return pieces.sort((a, b) => a.from - b.from || a.zone.localeCompare(b.zone));
}

/** The key a stored piece is found again by: the same stage, in the same place, from the same instant. */
export function pieceKey(piece: {
  stage: string;
  zone: string;
  benches: string | null;
  from: number | string;
}): string {
  const from = typeof piece.from === 'string' ? Date.parse(piece.from) : piece.from;
  return `${piece.stage}|${piece.zone}|${piece.benches ?? ''}|${from}`;
}
