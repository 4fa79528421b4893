/** Answer fields that carry a secret shown once: never stored in request_records. */
const SECRET_KEYS = new Set(['password', 'accessToken', 'refreshToken', 'secret']);

/**
 * The answer as request_records keeps it: every secret (a device's or a user's new password, a
 * token) replaced by null, at any depth. The api stores only hashes of passwords; a stored answer
 * must not undo that. A replayed answer therefore has no password: the page says to rotate or
 * reset again (the first answer, the one that was lost, was the only time it could be shown).
 */
export function withheldSecrets(body: unknown): unknown {
  if (body === undefined) return undefined;
  // Through JSON, as the answer goes out and is stored: dates become their ISO strings first.
  return JSON.parse(JSON.stringify(body, (key, value: unknown) => (SECRET_KEYS.has(key) ? null : value)));
}
