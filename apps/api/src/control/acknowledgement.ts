import type { AckResult } from '#contracts';

/**
 * The result a command keeps when an acknowledgement arrives. A resend that crossed the device's
 * first answer comes back `duplicate` (the device deduplicates by id): the first answer is the
 * device's real one, so a `duplicate` never replaces a result already recorded, and the state
 * timeout keeps counting from the first acknowledgement. Anything else is the device's newer word.
 */
export function acknowledgementAfter(
  previous: { readonly result: AckResult | null; readonly at: Date | null },
  incoming: AckResult,
  now: Date,
): { result: AckResult; at: Date } {
  if (incoming === 'duplicate' && previous.result !== null && previous.at !== null)
    return { result: previous.result, at: previous.at };
  return { result: incoming, at: now };
}
