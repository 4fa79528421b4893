import { createHash, randomBytes } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A ULID (Crockford base32: 10 time + 16 random characters) from the api's clock: sortable, unique. */
export function commandId(now: number): string {
  return timePart(now) + [...randomBytes(16)].map((byte) => ALPHABET[byte % 32]).join('');
}

/**
 * The one id a programme's slot gives its command, the same on every try: the slot's time, then
 * 16 characters of a hash of the programme and the slot. A run that died after writing the
 * command and before marking the slot fired finds it on its next tick instead of firing again.
 */
export function slotCommandId(scheduleId: string, slotAt: number): string {
  const digest = createHash('sha256').update(`${scheduleId}@${slotAt}`).digest();
  return timePart(slotAt) + [...digest.subarray(0, 16)].map((byte) => ALPHABET[byte % 32]).join('');
}

function timePart(ms: number): string {
  let time = '';
  let rest = ms;
  for (let i = 0; i < 10; i++) {
    time = ALPHABET[rest % 32] + time;
    rest = Math.floor(rest / 32);
  }
  return time;
}
