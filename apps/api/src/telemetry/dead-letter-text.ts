/**
 * Every text a dead letter stores passes through here. PostgreSQL refuses a NUL in `text` and
 * `varchar` (SQLSTATE 22021), and a refused dead letter used to roll its whole batch back and be
 * retried forever: one device publishing binary noise stopped ingest for the nursery. So each
 * field leaves here without NUL, as well-formed UTF-16 (which pg sends as valid UTF-8) and within
 * its column's length, counted in code points as PostgreSQL counts characters.
 */

/** Column lengths of `dead_letters` (migration telemetry-storage). */
export const DEAD_LETTER_LIMITS = { topic: 300, reason: 32, detail: 500, payload: 1000 } as const;

/** Raw bytes kept per dead letter (`dead_letters.raw`), enough to see what a device really sent. */
export const DEAD_LETTER_RAW_BYTES = 4096;

/** Shown where a NUL was, so the installer still sees that the device sent one. */
const NUL_MARK = '\u2400';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** `text` without NUL, with lone surrogates replaced, cut to `maxChars` code points. */
export function deadLetterText(text: string, maxChars: number): string {
  let out = text.includes('\u0000') ? text.replaceAll('\u0000', NUL_MARK) : text;
  out = out.replace(LONE_SURROGATE, '\uFFFD');
  if (out.length <= maxChars) return out;
  // Cut by code points: a surrogate pair counts once, as PostgreSQL's varchar(n) counts it.
  let end = 0;
  let points = 0;
  while (end < out.length && points < maxChars) {
    const code = out.charCodeAt(end);
    end += code >= 0xd800 && code <= 0xdbff ? 2 : 1;
    points += 1;
  }
  return out.slice(0, end);
}

/** A payload's bytes as dead-letter text: invalid UTF-8 becomes U+FFFD, then deadLetterText. */
export function payloadExcerpt(payload: Buffer, maxChars: number = DEAD_LETTER_LIMITS.payload): string {
  // A code point takes at most 4 bytes; decoding only that much bounds the work for 256 KiB.
  return deadLetterText(payload.subarray(0, maxChars * 4).toString('utf8'), maxChars);
}

/** The first DEAD_LETTER_RAW_BYTES of a payload, copied (a view would pin the socket's buffer). */
export function rawExcerpt(payload: Buffer): Buffer {
  return Buffer.from(payload.subarray(0, DEAD_LETTER_RAW_BYTES));
}
