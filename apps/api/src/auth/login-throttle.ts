/**
 * Failed-login limits: after 5 failures for a phone within 15 minutes that phone waits; an address
 * gets at most 50 failures per 15 minutes. Pure: given the failures in the window, how long to wait.
 */
export const LOGIN_WINDOW_MS = 15 * 60_000;
export const MAX_FAILURES_PER_PHONE = 5;
export const MAX_FAILURES_PER_ADDRESS = 50;

/** Seconds until another attempt is allowed, or 0. `failures` are the window's, oldest first. */
export function retryAfterSeconds(failures: readonly Date[], limit: number, now: number): number {
  if (failures.length < limit) return 0;
  // The attempt frees up when enough of the oldest failures leave the window.
  const freeing = failures[failures.length - limit];
  if (!freeing) return 0;
  return Math.max(1, Math.ceil((freeing.getTime() + LOGIN_WINDOW_MS - now) / 1000));
}
