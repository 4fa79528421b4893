import { REQUEST_ID_HEADER, type RequestCheck } from '#contracts';
import { signal } from './state.ts';

/**
 * Writes that survive flaky greenhouse Wi-Fi (issue 18 item 6). Every write carries a request id
 * made here; after a time-out or a dropped connection the page does not claim the write failed:
 * it says "未确认，正在核对…" and asks the server (`GET /api/requests/:id`), re-sending with the
 * same id only when the server never saw it. The api answers a repeat with its first answer.
 */

/** Writes sent but not confirmed yet; the shell shows 未确认，正在核对… while this is above 0. */
export const unconfirmedWrites = signal(0);

/** A write with no answer after this long is checked with the server instead. */
export const WRITE_TIMEOUT_MS = 10_000;
const CHECK_EVERY_MS = 2_000;
/** After this long unconfirmed the page gives up and says so (the write may still have landed). */
const GIVE_UP_MS = 120_000;

/**
 * 128 random bits, URL-safe. crypto.getRandomValues, not crypto.randomUUID: the dashboard runs on
 * plain-HTTP LAN origins (http://192.168.1.10:3000), where randomUUID does not exist.
 */
export function newRequestId(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export class UnconfirmedError extends Error {
  constructor(readonly requestId: string) {
    super('UNCONFIRMED');
  }
}

export interface WriteTransport {
  /** Sends the write once; rejects on a time-out or a network failure. */
  send(requestId: string, signal: AbortSignal): Promise<Response>;
  /** Asks the api whether the write with this id arrived. */
  check(requestId: string, signal: AbortSignal): Promise<RequestCheck>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function withTimeout<T>(work: (signal: AbortSignal) => Promise<T>, ms: number): Promise<T> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), ms);
  try {
    return await work(controller.signal);
  } finally {
    clearTimeout(timer);
  }
}

/** A repeat that reached the api while the first attempt still ran: keep checking. */
async function inProgress(response: Response): Promise<boolean> {
  if (response.status !== 409) return false;
  try {
    return ((await response.clone().json()) as { code?: string }).code === 'REQUEST_IN_PROGRESS';
  } catch {
    return false;
  }
}

/** The response of the write, or of its replay: whatever the server answered first. */
export async function reliableWrite(
  transport: WriteTransport,
  timing: { timeoutMs: number; checkEveryMs: number; giveUpMs: number } = {
    timeoutMs: WRITE_TIMEOUT_MS,
    checkEveryMs: CHECK_EVERY_MS,
    giveUpMs: GIVE_UP_MS,
  },
): Promise<Response | RequestCheck> {
  const requestId = newRequestId();
  const { timeoutMs, checkEveryMs, giveUpMs } = timing;
  try {
    const response = await withTimeout((signal) => transport.send(requestId, signal), timeoutMs);
    if (!(await inProgress(response))) return response;
  } catch {
    // No answer: the write may or may not have arrived. Ask, never guess.
  }
  unconfirmedWrites.set(unconfirmedWrites.get() + 1);
  try {
    const started = Date.now();
    while (Date.now() - started < giveUpMs) {
      await sleep(checkEveryMs);
      let check: RequestCheck;
      try {
        check = await withTimeout((signal) => transport.check(requestId, signal), timeoutMs);
      } catch {
        continue;
      }
      if (check.state === 'done') return check;
      if (check.state === 'unknown') {
        try {
          const response = await withTimeout((signal) => transport.send(requestId, signal), timeoutMs);
          if (!(await inProgress(response))) return response;
        } catch {
          // Still no answer: check again.
        }
      }
    }
    throw new UnconfirmedError(requestId);
  } finally {
    unconfirmedWrites.set(unconfirmedWrites.get() - 1);
  }
}

export { REQUEST_ID_HEADER };
