/**
 * Request ids on writes (issue 18 item 6): the browser names every write with an id it makes
 * itself (crypto.getRandomValues: the page runs on plain-HTTP LAN origins, where
 * crypto.randomUUID is missing) and the api answers a repeat with the first answer.
 */
export const REQUEST_ID_HEADER = 'idempotency-key';
export const REQUEST_ID_PATTERN = /^[A-Za-z0-9_-]{16,64}$/;

/** `GET /api/requests/:requestId`: did a write arrive, and what did it answer? */
export type RequestCheck =
  | { requestId: string; state: 'unknown' }
  | { requestId: string; state: 'pending' }
  | { requestId: string; state: 'done'; statusCode: number; body: unknown };
