/** Why the ingest set a device's message (or part of it) aside as a dead letter (docs/mqtt.md). */
export const DEAD_LETTER_REASONS = [
  'invalid_topic',
  'payload_too_large',
  'invalid_json',
  'invalid_payload',
  'too_many_samples',
  'unknown_metric',
  'wrong_type',
  'out_of_range',
  'not_finite',
  'invalid_timestamp',
  'too_far_ahead',
  'too_old',
  'unknown_device',
  'device_disabled',
  'no_values',
  'unstorable',
] as const;

export type DeadLetterReason = (typeof DEAD_LETTER_REASONS)[number];

export function isDeadLetterReason(value: unknown): value is DeadLetterReason {
  return typeof value === 'string' && (DEAD_LETTER_REASONS as readonly string[]).includes(value);
}
