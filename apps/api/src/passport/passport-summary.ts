import type { PassportFigure, PassportMetric, PassportPiece, PassportSummary } from '#contracts';

const METRICS: readonly PassportMetric[] = ['air_temp_c', 'substrate_vwc_pct', 'air_rh_pct'];
const DAY_MS = 86_400_000;

/**
 * The whole life in a few figures, what the delivery slip prints: per metric the time in, below
 * and above its band and without data, summed over every stage and place (each piece judged by its
 * own band, so the summary carries no band of its own); degree-days; how many climate alarms and
 * irrigations; the places in the order it first stood in them.
 *
 * A batch split over two houses lives both at once: each piece counts by its share of the trays
 * standing anywhere then (`trayShare`), so the whole life adds up to its length, not twice it, and
 * the degree-days are the batch's, not the sum of two houses'.
 */
export function passportSummary(pieces: readonly PassportPiece[]): PassportSummary {
  const shares = pieces.map((piece) => trayShare(piece, pieces));
  const figures: PassportFigure[] = METRICS.map((metric) => {
    const sum = { metric, lo: null, hi: null, inMs: 0, belowMs: 0, aboveMs: 0, noDataMs: 0 };
    pieces.forEach((piece, index) => {
      for (const figure of piece.figures)
        if (figure.metric === metric) {
          sum.inMs += figure.inMs * shares[index];
          sum.belowMs += figure.belowMs * shares[index];
          sum.aboveMs += figure.aboveMs * shares[index];
          sum.noDataMs += figure.noDataMs * shares[index];
        }
    });
    return sum;
  });
  const places: string[] = [];
  for (const piece of pieces) if (!places.includes(piece.zone)) places.push(piece.zone);
  // One alarm lasting over two pieces (a stage change in the middle of a cold night) counts once.
  const alarms = new Set(pieces.flatMap((piece) => piece.excursions.map((e) => e.alarmId)));
  const first = pieces.length > 0 ? Math.min(...pieces.map((p) => Date.parse(p.from))) : 0;
  const last = pieces.length > 0 ? Math.max(...pieces.map((p) => Date.parse(p.until))) : 0;
  return {
    figures,
    degreeDays:
      Math.round(pieces.reduce((sum, piece, index) => sum + piece.degreeDays * shares[index], 0) * 10) / 10,
    excursions: alarms.size,
    irrigations: pieces.reduce((sum, piece) => sum + piece.irrigations, 0),
    places,
    days: Math.round(((last - first) / DAY_MS) * 10) / 10,
  };
}

/**
 * The piece's trays over all trays standing at the middle of it (every piece overlapping that
 * instant): 1 while the batch stands in one place.
 */
function trayShare(piece: PassportPiece, pieces: readonly PassportPiece[]): number {
  const middle = (Date.parse(piece.from) + Date.parse(piece.until)) / 2;
  const standing = pieces
    .filter((other) => Date.parse(other.from) <= middle && middle < Date.parse(other.until))
    .reduce((sum, other) => sum + other.trays, 0);
  return standing > 0 ? piece.trays / standing : 1;
}
