// The telemetry a device keeps while it cannot send, replayed as backlog arrays once it can.
import { MAX_BACKLOG_SAMPLES, type TelemetrySample } from '#contracts';

/** Samples a device keeps while it cannot send (oldest dropped first): 10 backlog messages. */
export const MAX_BUFFERED_SAMPLES = 10_000;

export class TelemetryBacklog {
  private samples: TelemetrySample[] = [];
  /** Times the oldest samples were dropped since the last replay. */
  private dropped = 0;

  get size(): number {
    return this.samples.length;
  }

  add(sample: TelemetrySample): void {
    this.samples.push(sample);
    if (this.samples.length > MAX_BUFFERED_SAMPLES) {
      this.samples.splice(0, this.samples.length - MAX_BUFFERED_SAMPLES);
      this.dropped += 1;
    }
  }

  /**
   * Empties the backlog into `tele` payloads of at most MAX_BACKLOG_SAMPLES samples each (newest
   * first when `reversed`, the out-of-order fault), with the counts the replay reports.
   */
  take(reversed: boolean): { payloads: string[]; samples: number; dropped: number } {
    let samples = this.samples;
    this.samples = [];
    if (reversed) samples = [...samples].reverse();
    const messages = Math.ceil(samples.length / MAX_BACKLOG_SAMPLES);
    const payloads: string[] = [];
    for (let index = 0; index < messages; index++)
      payloads.push(
        JSON.stringify(samples.slice(index * MAX_BACKLOG_SAMPLES, (index + 1) * MAX_BACKLOG_SAMPLES)),
      );
    const dropped = this.dropped;
    this.dropped = 0;
    return { payloads, samples: samples.length, dropped };
  }
}
