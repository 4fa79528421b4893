import type { IsoDateTime } from './common.js';

/** `GET /api/modem`: the SMS modem for the manager's status card. */
export interface ModemStatusResponse {
  /** False when no SMS_MODEM is set: this nursery has no modem. */
  configured: boolean;
  path: string | null;
  open: boolean;
  /** 0-31 (+CSQ); null while unknown. About 10 or more is enough for SMS. */
  signal: number | null;
  simReady: boolean | null;
  lastError: string | null;
  checkedAt: IsoDateTime | null;
}
