import { Injectable } from '@nestjs/common';
import { Counter, Gauge } from 'prom-client';
import { Metrics } from '../observability/metrics.js';
import type { DeadLetterReason } from './ingest.js';

export interface TelemetryStatsView {
  readonly messages: number;
  readonly accepted: number;
  readonly duplicates: number;
  readonly conflicts: number;
  readonly rejected: Readonly<Partial<Record<DeadLetterReason, number>>>;
  readonly rejectedTotal: number;
  /** Receive-to-commit of the oldest message of the last batch, ms. */
  readonly ingestLagMs: number;
  readonly maxIngestLagMs: number;
  /** Messages received and not committed yet: waiting, or in a batch being written or retried. */
  readonly queued: number;
  /** Write transactions tried (each batch, each retry, each split half). */
  readonly writeAttempts: number;
  /** Messages the database refused even as a dead letter: acknowledged with no record. */
  readonly dropped: number;
  readonly lastCommitAt: string | null;
  /** Samples added to the rollups by the fold since start, and when a fold last succeeded: a
   * lastFoldAt falling behind means the rollups (not the raw readings) are stuck. */
  readonly foldedSamples: number;
  readonly lastFoldAt: string | null;
}

/** Ingest counters: in memory for GET /api/telemetry/stats and in the Prometheus registry. */
@Injectable()
export class TelemetryStats {
  private messages = 0;
  private accepted = 0;
  private duplicates = 0;
  private conflicts = 0;
  private readonly rejected = new Map<DeadLetterReason, number>();
  private lagMs = 0;
  private maxLagMs = 0;
  private lastCommitAt: number | null = null;
  private foldedSamples = 0;
  private lastFoldAt: number | null = null;
  queued: () => number = () => 0;
  writeAttempts: () => number = () => 0;
  dropped: () => number = () => 0;

  private readonly messagesCounter: Counter;
  private readonly readingsCounter: Counter<'outcome'>;
  private readonly rejectedCounter: Counter<'reason'>;
  private readonly lagGauge: Gauge;

  constructor(metrics: Metrics) {
    const registers = [metrics.registry];
    this.messagesCounter = new Counter({
      name: 'yumiao_ingest_messages_total',
      help: 'MQTT messages committed',
      registers,
    });
    this.readingsCounter = new Counter({
      name: 'yumiao_ingest_readings_total',
      help: 'Readings by outcome (accepted, duplicate, conflict)',
      labelNames: ['outcome'] as const,
      registers,
    });
    this.rejectedCounter = new Counter({
      name: 'yumiao_ingest_rejected_total',
      help: 'Dead letters by reason',
      labelNames: ['reason'] as const,
      registers,
    });
    this.lagGauge = new Gauge({
      name: 'yumiao_ingest_lag_seconds',
      help: 'Receive-to-commit lag of the last batch',
      registers,
    });
  }

  recordBatch(input: {
    messages: number;
    accepted: number;
    duplicates: number;
    conflicts: number;
    rejected: readonly DeadLetterReason[];
    lagMs: number;
    at: number;
  }): void {
    this.messages += input.messages;
    this.accepted += input.accepted;
    this.duplicates += input.duplicates;
    this.conflicts += input.conflicts;
    this.messagesCounter.inc(input.messages);
    if (input.accepted) this.readingsCounter.inc({ outcome: 'accepted' }, input.accepted);
    if (input.duplicates) this.readingsCounter.inc({ outcome: 'duplicate' }, input.duplicates);
    if (input.conflicts) this.readingsCounter.inc({ outcome: 'conflict' }, input.conflicts);
    for (const reason of input.rejected) {
      this.rejected.set(reason, (this.rejected.get(reason) ?? 0) + 1);
      this.rejectedCounter.inc({ reason });
    }
    this.lagMs = input.lagMs;
    this.maxLagMs = Math.max(this.maxLagMs, input.lagMs);
    this.lagGauge.set(input.lagMs / 1000);
    this.lastCommitAt = input.at;
  }

  /** A fold of the ingest journal into the rollups committed (TelemetryJobs.fold). */
  recordFold(samples: number, at: number): void {
    this.foldedSamples += samples;
    this.lastFoldAt = at;
  }

  view(): TelemetryStatsView {
    return {
      messages: this.messages,
      accepted: this.accepted,
      duplicates: this.duplicates,
      conflicts: this.conflicts,
      rejected: Object.fromEntries(this.rejected),
      rejectedTotal: [...this.rejected.values()].reduce((a, b) => a + b, 0),
      ingestLagMs: this.lagMs,
      maxIngestLagMs: this.maxLagMs,
      queued: this.queued(),
      writeAttempts: this.writeAttempts(),
      dropped: this.dropped(),
      lastCommitAt: this.lastCommitAt === null ? null : new Date(this.lastCommitAt).toISOString(),
      foldedSamples: this.foldedSamples,
      lastFoldAt: this.lastFoldAt === null ? null : new Date(this.lastFoldAt).toISOString(),
    };
  }
}
