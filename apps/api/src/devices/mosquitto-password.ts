import { pbkdf2Sync, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Mosquitto's password-file hash (`mosquitto_passwd`, format `$7$`): PBKDF2-HMAC-SHA512 with
 * 101 iterations, a 12-byte salt and a 64-byte key, written `$7$<iterations>$<b64 salt>$<b64 key>`.
 * Storing exactly this lets `npm run mosquitto:auth` copy the hashes to a Mosquitto password file
 * while the embedded broker verifies the same strings; the plaintext is never kept.
 */
const ITERATIONS = 101;
const SALT_BYTES = 12;
const KEY_BYTES = 64;
const FORMAT = /^\$7\$(\d{1,7})\$([A-Za-z0-9+/=]+)\$([A-Za-z0-9+/=]+)$/;

export function hashMosquittoPassword(password: string, salt = randomBytes(SALT_BYTES)): string {
  const key = pbkdf2Sync(password, salt, ITERATIONS, KEY_BYTES, 'sha512');
  return `$7$${ITERATIONS}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export function verifyMosquittoPassword(password: string, hash: string): boolean {
  const match = FORMAT.exec(hash);
  if (match === null) return false;
  const iterations = Number(match[1]);
  const salt = Buffer.from(match[2] ?? '', 'base64');
  const expected = Buffer.from(match[3] ?? '', 'base64');
  if (iterations < 1 || expected.length === 0) return false;
  const key = pbkdf2Sync(password, salt, iterations, expected.length, 'sha512');
  return timingSafeEqual(key, expected);
}

/** A device password: 24 url-safe characters (144 bits), easy to paste into a DTU's web page. */
export function generateDevicePassword(): string {
  return randomBytes(18).toString('base64url');
}
