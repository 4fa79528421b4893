import type { DeadLetterRow, IngestPlan, PresenceChange, ReadingRow } from './ingest.js';
import type { WriteBatch, WriteOutcome } from './telemetry.repository.js';

export interface IngestWriterOptions {
  /** Flush when this many readings wait. */
  readonly batchRows: number;
  /** ... or this long after the first message of a batch arrived. */
  readonly flushMs: number;
  /** Messages held (received, not committed) before the sources must stop reading. */
  readonly maxQueuedMessages: number;
  /** Batches written at once (each in its own transaction); 1 keeps strict batch order. */
  readonly concurrency?: number;
  /** Only rewrite a device's last-seen time this often while it stays online. */
  readonly seenWriteIntervalMs: number;
  readonly now: () => number;
  readonly retryDelayMs?: (attempt: number) => number;
  readonly onError?: (error: unknown, attempt: number) => void;
}

export interface CommittedBatch {
  readonly plans: readonly IngestPlan[];
  readonly outcome: WriteOutcome;
  readonly oldestReceivedAt: number;
  readonly committedAt: number;
  /** Devices whose telemetry marked them online again (not seen online by this process before). */
  readonly cameOnline: readonly string[];
}

interface Submission {
  readonly plan: IngestPlan;
  readonly receivedAt: number;
  readonly resolve: () => void;
}

export type BatchStore = (batch: WriteBatch) => Promise<WriteOutcome>;

/**
 * Gathers planned messages into batches, writes each batch in one transaction and resolves every
 * message's promise only after its commit: the broker-facing code acknowledges on that promise.
 * Up to `concurrency` batches are written at once (PostgreSQL gets more than one backend to work
 * with); a failed batch goes back to the head and is retried (PostgreSQL
 * down or slow), so the queue fills, `saturated` turns true and the sources stop reading until
 * room returns. Memory is bounded by maxQueuedMessages (plus what one socket read can carry).
 */
export class IngestWriter {
  /** Waiting submissions from `head` on (taking from the front never shifts the array). */
  private queue: Submission[] = [];
  private head = 0;
  private queuedRows = 0;
  private inFlight = 0;
  private timer: NodeJS.Timeout | undefined;
  private attempt = 0;
  private closed = false;
  private readonly roomWaiters: (() => void)[] = [];
  private readonly drainWaiters: (() => void)[] = [];
  private readonly seenWritten = new Map<string, number>();

  constructor(
    private readonly store: BatchStore,
    private readonly options: IngestWriterOptions,
    private readonly onCommitted: (batch: CommittedBatch) => void = () => undefined,
  ) {}

  get size(): number {
    return this.queue.length - this.head;
  }

  get saturated(): boolean {
    return this.size >= this.options.maxQueuedMessages;
  }

  /** Resolves once the message's rows and dead letters are committed. */
  submit(plan: IngestPlan): Promise<void> {
    return new Promise<void>((resolve) => {
      this.queue.push({ plan, receivedAt: this.options.now(), resolve });
      this.queuedRows += plan.readings.length + plan.deadLetters.length;
      this.schedule();
    });
  }

  /** For sources that cannot pause a socket (the embedded broker's hook): wait for room. */
  async room(): Promise<void> {
    while (this.saturated) await new Promise<void>((resolve) => this.roomWaiters.push(resolve));
  }

  /** Resolves when nothing waits to be written. */
  async drained(): Promise<void> {
    while (this.size > 0 || this.inFlight > 0) {
      await new Promise<void>((resolve) => this.drainWaiters.push(resolve));
    }
  }

  /** A device that was marked stale or offline: its next telemetry rewrites presence at once. */
  forgetSeen(deviceId: string): void {
    this.seenWritten.delete(deviceId);
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
  }

  private get concurrency(): number {
    return this.options.concurrency ?? 1;
  }

  private schedule(): void {
    if (this.inFlight >= this.concurrency || this.closed || this.size === 0) return;
    if (this.queuedRows >= this.options.batchRows) {
      if (this.timer) clearTimeout(this.timer);
      this.timer = undefined;
      void this.write();
      return;
    }
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      void this.write();
    }, this.options.flushMs);
  }

  private take(): { taken: Submission[]; rows: number } {
    const taken: Submission[] = [];
    let rows = 0;
    while (this.head < this.queue.length && (taken.length === 0 || rows < this.options.batchRows)) {
      const next = this.queue[this.head];
      const size = next.plan.readings.length + next.plan.deadLetters.length;
      if (taken.length > 0 && rows + size > this.options.batchRows * 2) break;
      this.head += 1;
      taken.push(next);
      rows += size;
    }
    // Array.shift() per message was quadratic in a long queue (2 % of the api's CPU profile).
    if (this.head === this.queue.length) {
      this.queue = [];
      this.head = 0;
    } else if (this.head > 4096 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
    this.queuedRows -= rows;
    return { taken, rows };
  }

  private async write(): Promise<void> {
    if (this.inFlight >= this.concurrency || this.closed || this.size === 0) return;
    this.inFlight += 1;
    const { taken: batch, rows } = this.take();
    const now = this.options.now();
    const { writeBatch, seen } = this.compose(batch, now);
    // Another batch may start while this one commits, if enough is already waiting.
    if (this.queuedRows >= this.options.batchRows) this.schedule();
    let outcome: Awaited<ReturnType<typeof this.store>>;
    try {
      outcome = await this.store(writeBatch);
    } catch (error) {
      // Keep the batch at the head: nothing is acknowledged until it commits.
      this.queue = [...batch, ...this.queue.slice(this.head)];
      this.head = 0;
      this.queuedRows += rows;
      this.attempt += 1;
      this.options.onError?.(error, this.attempt);
      const delay = this.options.retryDelayMs?.(this.attempt) ?? Math.min(2_000, 100 * 2 ** this.attempt);
      this.inFlight -= 1;
      if (!this.closed) {
        this.timer ??= setTimeout(() => {
          this.timer = undefined;
          void this.write();
        }, delay);
      }
      return;
    }
    // Committed: acknowledge, then report. A failure while reporting must not send the committed
    // batch round again (it would repeat forever and stall ingest), so it is only logged.
    this.attempt = 0;
    const cameOnline = seen.filter((id) => !this.seenWritten.has(id));
    for (const id of seen) this.seenWritten.set(id, now);
    const plans = new Array<IngestPlan>(batch.length);
    let oldestReceivedAt = Infinity;
    for (let i = 0; i < batch.length; i++) {
      const submission = batch[i];
      submission.resolve();
      plans[i] = submission.plan;
      if (submission.receivedAt < oldestReceivedAt) oldestReceivedAt = submission.receivedAt;
    }
    try {
      this.onCommitted({ plans, outcome, oldestReceivedAt, committedAt: this.options.now(), cameOnline });
    } catch (error) {
      this.options.onError?.(error, 0);
    }
    this.inFlight -= 1;
    if (!this.saturated) for (const wake of this.roomWaiters.splice(0)) wake();
    if (this.size === 0 && this.inFlight === 0) for (const wake of this.drainWaiters.splice(0)) wake();
    else this.schedule();
  }

  private compose(batch: readonly Submission[], now: number): { writeBatch: WriteBatch; seen: string[] } {
    const readings: ReadingRow[] = [];
    const deadLetters: DeadLetterRow[] = [];
    const pending = new Map<
      string,
      { site: string; zone: string; device: string; topic: string; at: number; count: number }
    >();
    const presence = new Map<string, PresenceChange>();
    for (const { plan } of batch) {
      for (const row of plan.readings) readings.push(row);
      for (const row of plan.deadLetters) deadLetters.push(row);
      if (plan.pending) {
        const key = `${plan.pending.site}/${plan.pending.zone}/${plan.pending.device}`;
        const before = pending.get(key);
        pending.set(key, { ...plan.pending, count: (before?.count ?? 0) + 1 });
      }
      if (plan.presence) {
        const before = presence.get(plan.presence.deviceId);
        const next = plan.presence;
        presence.set(next.deviceId, {
          deviceId: next.deviceId,
          seenAt: next.seenAt ?? before?.seenAt ?? null,
          status: next.status ?? before?.status ?? null,
          skewMs: next.skewMs ?? before?.skewMs ?? null,
          meta: next.meta ?? before?.meta ?? null,
        });
      }
    }
    const seen: string[] = [];
    const changes: PresenceChange[] = [];
    for (const change of presence.values()) {
      if (change.status !== null) this.seenWritten.delete(change.deviceId);
      const written = this.seenWritten.get(change.deviceId);
      const routine =
        change.status === null &&
        change.meta === null &&
        written !== undefined &&
        now - written < this.options.seenWriteIntervalMs &&
        (change.skewMs === null || Math.abs(change.skewMs) <= 60_000);
      if (routine) continue;
      changes.push(change);
      if (change.seenAt !== null && change.status?.online !== false) seen.push(change.deviceId);
    }
    return { writeBatch: { readings, deadLetters, pending: [...pending.values()], presence: changes }, seen };
  }
}
