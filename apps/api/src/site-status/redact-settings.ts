/** Keys whose values never leave the PC (JWT_SECRET, passwords, robot secrets, tokens). */
const SECRET_KEY = /(secret|password|token|passphrase|key)$/i;
export const REDACTED = '(removed)';

/**
 * The settings as an engineer may see them in a diagnostics zip: secrets replaced, passwords taken
 * out of URLs (`postgres://yumiao:pw@host` → `postgres://yumiao:(removed)@host`) and tokens out of
 * their query strings. A manager sends
 * the zip over WeChat; nothing in it may let its reader into the nursery's database or broker.
 */
export function redactSettings(value: unknown, key = ''): unknown {
  if (value === null || value === undefined) return value ?? null;
  if (SECRET_KEY.test(key)) return REDACTED;
  if (typeof value === 'string') return withoutUrlPassword(value);
  if (Array.isArray(value)) return value.map((item) => redactSettings(item));
  if (typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([name, inner]) => [
        name,
        redactSettings(inner, name),
      ]),
    );
  }
  return value;
}

function withoutUrlPassword(text: string): string {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) return text;
  try {
    const url = new URL(text);
    // A group robot's URL carries its access token as a query parameter.
    const secretParams = [...url.searchParams.keys()].filter((name) => SECRET_KEY.test(name));
    if (url.password === '' && secretParams.length === 0) return text;
    if (url.password !== '') url.password = 'REDACTED';
    for (const name of secretParams) url.searchParams.set(name, 'REDACTED');
    return url.toString().replaceAll('REDACTED', REDACTED);
  } catch {
    return text;
  }
}
