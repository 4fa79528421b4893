/** Payloads of the device channels. Times are epoch milliseconds or ISO-8601 strings. */
export type Timestamp = number | string;

export type MetricValue = number | boolean | string;

/** `tele` (QoS 1, never retained): one sample, or an array of up to 1,000 (a backlog). */
export interface TelemetrySample {
  readonly ts: Timestamp;
  readonly seq?: number;
  readonly values: Readonly<Record<string, MetricValue>>;
}
export type TelemetryPayload = TelemetrySample | readonly TelemetrySample[];

/** `state` (retained): reported actuator truth. */
export interface StatePayload {
  readonly ts: Timestamp;
  readonly values: Readonly<Record<string, MetricValue>>;
}

/** `status` (retained); the last will is `{"online": false}`. */
export interface StatusPayload {
  readonly online: boolean;
  readonly ts?: Timestamp;
  readonly fw?: string;
  readonly reason?: string;
}

/** `meta` (retained): a birth certificate. */
export interface MetaPayload {
  readonly model?: string;
  readonly fw?: string;
  readonly metrics: Readonly<Record<string, { readonly unit?: string; readonly interval_s?: number }>>;
}

/** `evt`: device-side events and locally detected faults. */
export interface EventPayload {
  readonly ts: Timestamp;
  readonly type: string;
  readonly detail?: Readonly<Record<string, unknown>>;
}

export const MAX_PAYLOAD_BYTES = 256 * 1024;
export const MAX_BACKLOG_SAMPLES = 1000;

/** Parses a contract timestamp to epoch milliseconds; undefined when it is not one. */
export function timestampToMs(ts: Timestamp): number | undefined {
  if (typeof ts === 'number') return Number.isFinite(ts) && ts > 0 ? Math.round(ts) : undefined;
  if (!/^\d{4}-\d{2}-\d{2}T/.test(ts)) return undefined;
  const ms = Date.parse(ts);
  return Number.isFinite(ms) ? ms : undefined;
}
