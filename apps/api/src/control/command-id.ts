import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A ULID (Crockford base32: 10 time + 16 random characters) from the api's clock: sortable, unique. */
export function commandId(now: number): string {
  let time = '';
  let rest = now;
  for (let i = 0; i < 10; i++) {
    time = ALPHABET[rest % 32] + time;
    rest = Math.floor(rest / 32);
  }
  const random = [...randomBytes(16)].map((byte) => ALPHABET[byte % 32]).join('');
  return time + random;
}
