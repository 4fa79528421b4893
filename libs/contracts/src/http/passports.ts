// The climate passport (气候档案) of a batch: the climate it lived through, per stage and place,
// as stored when a stage closed and when it was delivered (docs/agronomy.md, "The climate passport").

/** The figures a passport judges: air temperature, substrate moisture, relative humidity. */
export type PassportMetric = 'air_temp_c' | 'substrate_vwc_pct' | 'air_rh_pct';

/** One figure over one piece: the band it was judged against and the time (ms) in, below, above it, and with no data. */
export interface PassportFigure {
  metric: PassportMetric;
  /** The band in force for the batch's crop and stage there (null: no limit on that side). */
  lo: number | null;
  hi: number | null;
  inMs: number;
  belowMs: number;
  aboveMs: number;
  /** Time no sensor had a reading standing for it (gaps longer than 3 × its interval): 无数据. */
  noDataMs: number;
  /** Substrate moisture only: read on the probes of the batch's own benches, house-wide, or no probe there. */
  basis?: 'benches' | 'house' | 'none';
}

/** A climate event while the batch stood there: a raised alarm and what was done about it. */
export interface PassportExcursion {
  alarmId: string;
  rule: string;
  severity: string;
  raisedAt: string;
  clearedAt: string | null;
  acknowledgedBy: string | null;
  /** What the person who acknowledged it wrote. */
  ackComment: string | null;
  /** The adviser's observations and recommendations written on this alarm. */
  observations: string[];
}

/** One stage of the batch in one place: the unit every figure is kept for. */
export interface PassportPiece {
  stage: string;
  zone: string;
  benches: string | null;
  trays: number;
  from: string;
  until: string;
  /** Ended (the stage closed, or the trays moved on): its figures are stored and never recomputed. */
  closed: boolean;
  figures: PassportFigure[];
  /** Degree-days (°C·d) of air temperature above the crop's base temperature. */
  degreeDays: number;
  baseC: number;
  /** Irrigation runs of the house's booms, and their minutes. */
  irrigations: number;
  irrigationMinutes: number;
  excursions: PassportExcursion[];
}

/** The whole-life summary the delivery slip prints. */
export interface PassportSummary {
  figures: PassportFigure[];
  degreeDays: number;
  excursions: number;
  irrigations: number;
  /** The places it stood, oldest first (the germination room, houses). */
  places: string[];
  days: number;
}

export interface ClimatePassportResponse {
  batchId: string;
  code: string;
  crop: string;
  cultivar: string | null;
  sowDate: string;
  /** When the stored figures were last computed; null: never stored (a live view). */
  storedAt: string | null;
  /** The instant the figures run to (the delivery, the final stage, or now for a live view). */
  through: string;
  pieces: PassportPiece[];
  summary: PassportSummary;
  /** The link's token (manager and adviser only); null when there is none or it was revoked. */
  token: string | null;
}
