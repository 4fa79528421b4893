import { composeBatch, refusedDeadLetters } from './ingest-batch.js';
import type { IngestPlan } from './ingest.js';
import type { WriteBatch, WriteOutcome } from './telemetry.repository.js';
import { classifyWriteError, describeWriteError, sqlState } from './write-errors.js';

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
  /** Wait before retry `attempt` (1, 2, …) of a batch the database could not take. */
  readonly retryDelayMs?: (attempt: number) => number;
  /** The database's availability for ingest, for one log line per change (and a reminder). */
  readonly onOutage?: (event: OutageEvent) => void;
  /** A message PostgreSQL refused even as a dead letter: counted, logged once, acknowledged. */
  readonly onUnstorable?: (event: UnstorableEvent) => void;
  /** A failure while reporting a committed batch (the batch stays committed). */
  readonly onReportError?: (error: unknown) => void;
}

export type OutageEvent =
  | { readonly kind: 'down'; readonly cause: string; readonly held: number }
  | { readonly kind: 'still-down'; readonly cause: string; readonly downMs: number; readonly held: number }
  | { readonly kind: 'back'; readonly downMs: number; readonly attempts: number };

export interface UnstorableEvent {
  readonly topic: string;
  readonly cause: string;
  /** Dead-lettered as `unstorable` (true), or even that was refused and the message dropped. */
  readonly deadLettered: boolean;
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

/** 1 s, 2 s, 4 s, then every 5 s: at most about one write attempt a second during an outage. */
export function defaultRetryDelayMs(attempt: number): number {
  return Math.min(5_000, 1_000 * 2 ** (attempt - 1));
}

const REMINDER_MS = 60_000;

/** A batch (or what is left of it) the database could not take just now: it goes back to wait. */
class HeldBack extends Error {
  constructor(
    readonly reason: unknown,
    readonly remaining: Submission[],
  ) {
    super('held back');
  }
}

/**
 * Gathers planned messages into batches, writes each batch in one transaction and resolves every
 * message's promise only after its commit: the broker-facing code acknowledges on that promise.
 * Up to `concurrency` batches are written at once (PostgreSQL gets more than one backend to work
 * with). A failed write is judged by its SQLSTATE (write-errors.ts):
 * - the database cannot write just now: the batch goes back to the head of the queue and one
 *   batch at a time retries it with backoff; new messages never cut the wait short. The queue
 *   fills, `saturated` turns true and the sources stop reading until room returns. Memory is
 *   bounded by maxQueuedMessages (plus what one socket read can carry).
 * - the database refuses something in the batch: the batch is halved until the refused message is
 *   alone; it is dead-lettered as `unstorable` (or, if even that is refused, counted and dropped)
 *   and everything else commits. No message can hold ingest.
 */
export class IngestWriter {
  /** Waiting submissions from `head` on (taking from the front never shifts the array). */
  private queue: Submission[] = [];
  private head = 0;
  private queuedRows = 0;
  private inFlight = 0;
  /** Messages taken into batches being written (received, not yet committed). */
  private inFlightMessages = 0;
  private flushTimer: NodeJS.Timeout | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  /** Failed attempts since the last commit; > 0 means the database is away for ingest. */
  private attempt = 0;
  private downSince = 0;
  private lastReminder = 0;
  private closed = false;
  private readonly roomWaiters: (() => void)[] = [];
  private readonly drainWaiters: (() => void)[] = [];
  private readonly seenWritten = new Map<string, number>();
  /** Calls of the store (each a transaction), for the stats and the outage test. */
  writeAttempts = 0;
  /** Messages acknowledged without any record because PostgreSQL refused even their dead letter. */
  dropped = 0;

  constructor(
    private readonly store: BatchStore,
    private readonly options: IngestWriterOptions,
    private readonly onCommitted: (batch: CommittedBatch) => void = () => undefined,
  ) {}

  /** Messages waiting for a batch (the sources' back-pressure counts these). */
  get size(): number {
    return this.queue.length - this.head;
  }

  /** Messages received and not yet committed: waiting, in a batch being written or retried. */
  get held(): number {
    return this.size + this.inFlightMessages;
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
    if (this.flushTimer) clearTimeout(this.flushTimer);
    if (this.retryTimer) clearTimeout(this.retryTimer);
  }

  private get concurrency(): number {
    return this.options.concurrency ?? 1;
  }

  /**
   * Starts a write when one is due. While the database is away only the retry timer starts one
   * (a single batch probes it): a submit never cuts the backoff short, which used to retry about
   * 115 times a second once enough rows waited.
   */
  private schedule(): void {
    if (this.closed || this.size === 0 || this.attempt > 0) return;
    if (this.inFlight >= this.concurrency) return;
    if (this.queuedRows >= this.options.batchRows) {
      if (this.flushTimer) clearTimeout(this.flushTimer);
      this.flushTimer = undefined;
      void this.write();
      return;
    }
    this.flushTimer ??= setTimeout(() => {
      this.flushTimer = undefined;
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
    if (this.closed || this.size === 0) return;
    if (this.inFlight >= (this.attempt > 0 ? 1 : this.concurrency)) return;
    this.inFlight += 1;
    const { taken: batch } = this.take();
    this.inFlightMessages += batch.length;
    // Another batch may start while this one commits, if enough is already waiting.
    if (this.queuedRows >= this.options.batchRows) this.schedule();
    try {
      await this.commit(batch);
      if (this.attempt > 0) this.recovered();
    } catch (error) {
      const held = error instanceof HeldBack ? error : new HeldBack(error, batch);
      this.holdBack(held);
    } finally {
      this.inFlight -= 1;
    }
    if (!this.saturated) for (const wake of this.roomWaiters.splice(0)) wake();
    if (this.size === 0 && this.inFlight === 0) for (const wake of this.drainWaiters.splice(0)) wake();
    else this.schedule();
  }

  /** Commits the batch, halving it around a message PostgreSQL refuses; HeldBack if it is away. */
  private async commit(batch: Submission[]): Promise<void> {
    const now = this.options.now();
    let outcome: WriteOutcome;
    let seen: readonly string[];
    try {
      const composed = composeBatch(batch, this.seenWritten, now, this.options.seenWriteIntervalMs);
      seen = composed.seen;
      this.writeAttempts += 1;
      outcome = await this.store(composed.writeBatch);
    } catch (error) {
      if (classifyWriteError(error) === 'transient') throw new HeldBack(error, batch);
      if (batch.length === 1) return this.deadLetterRefused(batch[0], error);
      const half = Math.ceil(batch.length / 2);
      const second = batch.slice(half);
      try {
        await this.commit(batch.slice(0, half));
      } catch (inner) {
        if (inner instanceof HeldBack) throw new HeldBack(inner.reason, [...inner.remaining, ...second]);
        throw inner;
      }
      return this.commit(second);
    }
    this.acknowledge(batch, outcome, seen, now);
  }

  /**
   * The message PostgreSQL refused: dead-letter it whole as `unstorable` with the SQLSTATE; if even
   * that is refused, a minimal dead letter (base64 of its first 1 KiB); if that too is refused,
   * count it, report it and acknowledge it: nothing may hold ingest.
   */
  private async deadLetterRefused(submission: Submission, refusal: unknown): Promise<void> {
    const { topic } = submission.plan.source;
    const now = this.options.now();
    const cause = describeWriteError(refusal);
    const attempts = refusedDeadLetters(submission.plan.source, now, cause, sqlState(refusal));
    for (const plan of attempts) {
      try {
        this.writeAttempts += 1;
        const outcome = await this.store({
          readings: [],
          deadLetters: plan.deadLetters,
          pending: [],
          presence: [],
        });
        this.acknowledge([{ ...submission, plan }], outcome, [], now);
        this.options.onUnstorable?.({ topic, cause, deadLettered: true });
        return;
      } catch (error) {
        if (classifyWriteError(error) === 'transient') throw new HeldBack(error, [submission]);
      }
    }
    this.dropped += 1;
    this.options.onUnstorable?.({ topic, cause, deadLettered: false });
    this.inFlightMessages -= 1;
    submission.resolve();
  }

  /** Committed: acknowledge, then report. */
  private acknowledge(
    batch: readonly Submission[],
    outcome: WriteOutcome,
    seen: readonly string[],
    now: number,
  ): void {
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
    this.inFlightMessages -= batch.length;
    // A failure while reporting must not send the committed batch round again (it would repeat
    // forever and stall ingest), so it is only reported.
    try {
      this.onCommitted({ plans, outcome, oldestReceivedAt, committedAt: this.options.now(), cameOnline });
    } catch (error) {
      this.options.onReportError?.(error);
    }
  }

  /** Puts what did not commit back at the head and waits before one batch tries again. */
  private holdBack(held: HeldBack): void {
    const remaining = held.remaining;
    let rows = 0;
    for (const submission of remaining)
      rows += submission.plan.readings.length + submission.plan.deadLetters.length;
    this.queue = [...remaining, ...this.queue.slice(this.head)];
    this.head = 0;
    this.queuedRows += rows;
    this.inFlightMessages -= remaining.length;
    if (this.closed || this.retryTimer !== undefined) return;
    const now = this.options.now();
    this.attempt += 1;
    const cause = describeWriteError(held.reason);
    if (this.attempt === 1) {
      this.downSince = now;
      this.lastReminder = now;
      this.options.onOutage?.({ kind: 'down', cause, held: this.held });
    } else if (now - this.lastReminder >= REMINDER_MS) {
      this.lastReminder = now;
      this.options.onOutage?.({ kind: 'still-down', cause, downMs: now - this.downSince, held: this.held });
    }
    const delay = (this.options.retryDelayMs ?? defaultRetryDelayMs)(this.attempt);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      void this.write();
    }, delay);
  }

  private recovered(): void {
    this.options.onOutage?.({
      kind: 'back',
      downMs: this.options.now() - this.downSince,
      attempts: this.attempt,
    });
    this.attempt = 0;
  }
}
