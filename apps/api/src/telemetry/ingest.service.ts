import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { AppConfig } from '#config';
import { METRIC_BY_KEY, decodeMetricValue, type Clock } from '#contracts';
import { DomainEvents } from '../common/domain-events.js';
import { APP_CONFIG, CLOCK } from '../common/tokens.js';
import { DeviceDirectory } from '../devices/device-directory.js';
import { deadLetterPlan, planMessage, type IngestPlan } from './ingest.js';
import {
  IngestWriter,
  type CommittedBatch,
  type OutageEvent,
  type UnstorableEvent,
} from './ingest-writer.js';
import { TelemetryRepository } from './telemetry.repository.js';
import { TelemetryStats } from './telemetry-stats.js';
import type { TelemetryAccepted } from './telemetry.events.js';
import { describeWriteError } from './write-errors.js';

const DAY_MS = 86_400_000;
const NO_PARTITION = '23514';

/**
 * The one ingest pipeline, used by the embedded broker's hooks and the external consumer alike:
 * `ingest(topic, payload)` resolves once what the message carries is committed (or
 * dead-lettered), and only then may the caller acknowledge it.
 */
@Injectable()
export class IngestService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('ingest');
  readonly writer: IngestWriter;
  private unstorableLogged = 0;

  constructor(
    private readonly repository: TelemetryRepository,
    private readonly directory: DeviceDirectory,
    private readonly events: DomainEvents,
    private readonly stats: TelemetryStats,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    this.writer = new IngestWriter(
      (batch) => this.store(batch),
      {
        batchRows: config.ingest.batchRows,
        flushMs: config.ingest.flushMs,
        maxQueuedMessages: config.ingest.maxQueuedMessages,
        concurrency: config.ingest.writers,
        seenWriteIntervalMs: 15_000,
        now: () => Date.now(),
        onOutage: (event) => this.logOutage(event),
        onUnstorable: (event) => this.logUnstorable(event),
        onReportError: (error) =>
          this.logger.warn(`committed batch not reported: ${describeWriteError(error)}`),
      },
      (batch) => this.committed(batch),
    );
    stats.queued = () => this.writer.held;
    stats.writeAttempts = () => this.writer.writeAttempts;
    stats.dropped = () => this.writer.dropped;
  }

  async onModuleInit(): Promise<void> {
    const now = this.clock.now();
    await this.repository.ensurePartitions(now - 2 * DAY_MS, now + 2 * DAY_MS);
  }

  onModuleDestroy(): void {
    this.writer.close();
  }

  plan(topic: string, payload: Buffer): IngestPlan {
    const now = this.clock.now();
    try {
      return planMessage(topic, payload, {
        now,
        retentionMs: this.config.rawRetentionDays * DAY_MS,
        lookup: (site, zone, device) => this.directory.byTopicAddress(site, zone, device),
      });
    } catch (error) {
      // A bug in planning must not hold the message (and the broker's window) forever.
      return deadLetterPlan(topic, payload, now, 'unstorable', `not planned: ${String(error)}`);
    }
  }

  /** Async so that anything planning throws becomes a rejection, never an exception in a socket handler. */
  async ingest(topic: string, payload: Buffer): Promise<void> {
    return this.writer.submit(this.plan(topic, payload));
  }

  private async store(batch: Parameters<TelemetryRepository['writeBatch']>[0]) {
    try {
      return await this.repository.writeBatch(batch);
    } catch (error) {
      if ((error as { code?: string }).code !== NO_PARTITION || batch.readings.length === 0) throw error;
      // Late data within retention for a day without a partition yet: create it and retry.
      let from = Infinity;
      let to = -Infinity;
      for (const row of batch.readings) {
        from = Math.min(from, row.ts);
        to = Math.max(to, row.ts);
      }
      await this.repository.ensurePartitions(from, to);
      return this.repository.writeBatch(batch);
    }
  }

  /**
   * One line when the database goes away for ingest, one a minute while it stays away, one when
   * it is back with the duration: an expected outage is no stack trace and no line per retry.
   */
  private logOutage(event: OutageEvent): void {
    switch (event.kind) {
      case 'down':
        this.logger.warn(
          `database unavailable for ingest (${event.cause}); holding ${event.held} messages unacknowledged, retrying`,
        );
        return;
      case 'still-down':
        this.logger.warn(
          `database still unavailable for ingest after ${seconds(event.downMs)} (${event.cause}); holding ${event.held} messages`,
        );
        return;
      case 'back':
        // Warn, like the line it answers: at the usual LOG_LEVEL=warn a reader must see both.
        this.logger.warn(
          `database back for ingest after ${seconds(event.downMs)} (${event.attempts} failed attempts)`,
        );
        return;
    }
  }

  /** Each refused message has its dead letter (or counter); the log names the first a minute. */
  private logUnstorable(event: UnstorableEvent): void {
    const now = Date.now();
    if (now - this.unstorableLogged < 60_000) return;
    this.unstorableLogged = now;
    this.logger.warn(
      event.deadLettered
        ? `a message on ${event.topic.slice(0, 120)} was refused by the database (${event.cause}); dead-lettered as unstorable`
        : `a message on ${event.topic.slice(0, 120)} was refused by the database even as a dead letter (${event.cause}); counted as dropped and acknowledged`,
    );
  }

  private committed(batch: CommittedBatch): void {
    this.stats.recordBatch({
      messages: batch.plans.length,
      accepted: batch.outcome.inserted,
      duplicates: batch.outcome.duplicates,
      conflicts: batch.outcome.conflicts,
      rejected: batch.plans.flatMap((plan) => plan.deadLetters.map((row) => row.reason)),
      lagMs: batch.committedAt - batch.oldestReceivedAt,
      at: batch.committedAt,
    });
    const byZone = new Map<
      string,
      TelemetryAccepted & { readings: TelemetryAccepted['readings'][number][] }
    >();
    for (const plan of batch.plans) {
      if (plan.address && plan.readings.length > 0) {
        const key = `${plan.address.site}/${plan.address.zone}`;
        let event = byZone.get(key);
        if (!event) {
          event = { site: plan.address.site, zone: plan.address.zone, readings: [] };
          byZone.set(key, event);
        }
        for (const row of plan.readings) {
          const metric = METRIC_BY_KEY.get(row.metric);
          event.readings.push({
            device: plan.address.device,
            metric: row.metric,
            ts: row.ts,
            value: metric ? decodeMetricValue(metric, row.value) : row.value,
          });
        }
      }
      for (const event of plan.events) {
        if (event.kind === 'ack')
          this.events.emit('device.ack', {
            address: event.address,
            ack: event.ack,
            receivedAt: event.receivedAt,
          });
        else
          this.events.emit('device.event', {
            address: event.address,
            deviceId: event.deviceId,
            event: event.event,
            receivedAt: event.receivedAt,
          });
      }
      if (plan.address && plan.presence?.status) {
        this.events.emit('device.presence', {
          ...plan.address,
          deviceId: plan.presence.deviceId,
          presence: plan.presence.status.online ? 'online' : 'offline',
          at: plan.presence.status.at,
          reason: 'status',
        });
      }
    }
    for (const event of byZone.values()) this.events.emit('telemetry.accepted', event);
    for (const id of batch.cameOnline) {
      const entry = this.directory.byId(id);
      if (!entry) continue;
      this.events.emit('device.presence', {
        site: entry.site,
        zone: entry.zone,
        device: entry.device,
        deviceId: id,
        presence: 'online',
        at: batch.committedAt,
        reason: 'telemetry',
      });
    }
  }
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
