/**
 * What the ingest benchmark's parent and its pipeline processes share: the IPC messages, the shape
 * of a pipeline, and helpers both pipelines use.
 */
import mqtt from 'mqtt';

export type PipelineName = 'baseline' | 'api' | 'embedded';

export interface Pipeline {
  readonly brokerUrl: string;
  /** Called with (device ts, commit time) for every committed reading of the first metric. */
  onCommit(listener: (ts: number, at: number) => void): void;
  close(): Promise<void>;
}

/** What the parent sends a pipeline process, and what it answers. */
export type PipelineRequest = { type: 'start-step' } | { type: 'end-step' } | { type: 'close' };
export interface StepFigures {
  readonly type: 'step';
  readonly p50: number;
  readonly p99: number;
  readonly cpuSeconds: number;
  readonly peakRssMb: number;
}
export type PipelineReply =
  { type: 'ready'; brokerUrl: string } | { type: 'step-started' } | StepFigures | { type: 'closed' };

/** The INGEST_* variables of this process, for the api and the baseline alike. */
export function ingestOverrides(): Record<string, string> {
  return Object.fromEntries(
    Object.entries(process.env).filter(
      (entry): entry is [string, string] => entry[0].startsWith('INGEST_') && entry[1] !== undefined,
    ),
  );
}

/**
 * A pipeline's persistent sessions outlive it at the broker and would keep queueing every message
 * of the next pipeline's steps (Mosquitto work the next pipeline would pay for): end them.
 */
export async function purgeSessions(url: string, clientIds: readonly string[]): Promise<void> {
  await Promise.all(
    clientIds.map(
      (clientId) =>
        new Promise<void>((resolve) => {
          const client = mqtt.connect(url, { protocolVersion: 4, clientId, clean: true, reconnectPeriod: 0 });
          client.once('connect', () => client.end(false, () => resolve()));
          client.once('error', () => client.end(true, () => resolve()));
        }),
    ),
  );
}
