import { randomBytes } from 'node:crypto';
import { REQUEST_ID_HEADER, type Clock } from '#contracts';
import type { SoakHttp } from './http-client.js';
import type { Random } from './random.js';

/** One write the soak asked for: an order placed, or a deposit recorded on one of those orders. */
export interface SoakWrite {
  readonly kind: 'order' | 'payment';
  /** The idempotency key, also in the row's note (`soak <key>`), so the row can be found. */
  readonly key: string;
  /**
   * `ok`: answered 2xx (the row must exist exactly once); `refused`: a 4xx; `server-error`: a 500;
   * `unknown`: no answer before giving up (the row may exist, but at most once).
   */
  outcome: 'ok' | 'refused' | 'server-error' | 'unknown';
  status?: number;
  /** What the first attempt got: its status, or 'no answer' (the api was down or died meanwhile). */
  first?: number | 'no answer';
  id?: string;
}

const CROPS = ['tomato', 'pepper', 'eggplant', 'cucumber', 'cabbage', 'lettuce'] as const;
/** Answers that mean "the api or its database is away, ask again with the same key". */
const RETRY_STATUSES = new Set([502, 503, 504]);
const GIVE_UP_MS = 90_000;
const DAY_MS = 86_400_000;
const NURSERY_OFFSET_MS = 8 * 3_600_000;

/**
 * Places orders for the demo buyers through HTTP all through the soak, each with an idempotency
 * key that a retry after a crash repeats, and records a deposit on each placed order the same way.
 * Every answered write must then be in the database exactly once, and no key may make two rows.
 */
export class OrderPlacer {
  readonly writes: SoakWrite[] = [];
  private buyers: string[] = [];
  private timer: NodeJS.Timeout | undefined;
  private readonly running = new Set<Promise<void>>();

  constructor(
    private readonly http: SoakHttp,
    private readonly clock: Clock,
    private readonly random: Random,
  ) {}

  async start(everyMs: number): Promise<void> {
    const buyers = await this.http.call<{ id: string }[]>('GET', '/api/buyers');
    if (buyers.status !== 200 || buyers.body.length === 0) throw new Error('the demo seed made no buyers');
    this.buyers = buyers.body.map((buyer) => buyer.id);
    this.timer = setInterval(() => {
      const placing = this.placeOne().finally(() => this.running.delete(placing));
      this.running.add(placing);
    }, everyMs);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await Promise.all(this.running);
  }

  private async placeOne(): Promise<void> {
    const today = new Date(this.clock.now() + NURSERY_OFFSET_MS);
    const wanted = new Date(today.getTime() + this.random.int(25, 60) * DAY_MS).toISOString().slice(0, 10);
    const order = await this.write('order', '/api/orders', (key) => ({
      buyerId: this.random.pick(this.buyers),
      lines: [{ crop: this.random.pick(CROPS), quantity: this.random.int(2, 40) * 100, wantedDate: wanted }],
      note: `soak ${key}`,
    }));
    if (order.outcome !== 'ok' || order.id === undefined) return;
    await this.write('payment', `/api/orders/${order.id}/payments`, (key) => ({
      amountFen: this.random.int(1, 50) * 1000,
      method: 'cash',
      note: `soak ${key}`,
    }));
  }

  private async write(
    kind: SoakWrite['kind'],
    route: string,
    body: (key: string) => unknown,
  ): Promise<SoakWrite> {
    const key = randomBytes(12).toString('hex');
    const write: SoakWrite = { kind, key, outcome: 'unknown' };
    this.writes.push(write);
    const payload = body(key);
    const deadline = Date.now() + GIVE_UP_MS;
    while (Date.now() < deadline) {
      try {
        const answer = await this.http.call<{ id?: string; code?: string }>('POST', route, {
          body: payload,
          headers: { [REQUEST_ID_HEADER]: key },
        });
        write.status = answer.status;
        write.first ??= answer.status;
        if (answer.status >= 200 && answer.status < 300) {
          write.outcome = 'ok';
          write.id = kind === 'order' ? answer.body.id : undefined;
          return write;
        }
        if (answer.status >= 500 && !RETRY_STATUSES.has(answer.status)) {
          write.outcome = 'server-error';
          return write;
        }
        // The first attempt's record is pending: it may still finish (or a crash cut it short).
        const pending = answer.status === 409 && answer.body.code === 'REQUEST_IN_PROGRESS';
        if (!RETRY_STATUSES.has(answer.status) && !pending) {
          write.outcome = 'refused';
          return write;
        }
      } catch {
        // the api is down: the same key again in a moment
        write.first ??= 'no answer';
      }
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
    return write;
  }
}
