import { describe, expect, it } from '@jest/globals';
import { planMessage, type IngestPlan } from './ingest.js';
import { IngestWriter, type IngestWriterOptions, type OutageEvent } from './ingest-writer.js';
import type { WriteBatch, WriteOutcome } from './telemetry.repository.js';

const TOPIC = 'nursery/v1/xnz/gh1/env-1/tele';
const NOW = Date.now();
const DEVICE = {
  id: 'd1',
  site: 'xnz',
  zone: 'gh1',
  device: 'env-1',
  kind: 'env' as const,
  enabled: true,
  username: 'u',
  passwordHash: '',
  intervalS: 60,
};

const reading = (n: number, payload?: string): IngestPlan =>
  planMessage(
    TOPIC,
    Buffer.from(payload ?? JSON.stringify({ ts: NOW - 100_000 + n, values: { co2_ppm: n } })),
    {
      now: NOW,
      retentionMs: 86_400_000,
      lookup: () => DEVICE,
    },
  );

const sqlError = (code: string) => Object.assign(new Error(`refused ${code}`), { code });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A strict in-memory store: keeps what it committed, refuses what `refuse` says. */
function memoryStore(refuse: (batch: WriteBatch) => Error | undefined) {
  const committed: WriteBatch[] = [];
  return {
    committed,
    values: () => committed.flatMap((batch) => batch.readings.map((row) => row.value)),
    deadLetters: () => committed.flatMap((batch) => batch.deadLetters),
    store: async (batch: WriteBatch): Promise<WriteOutcome> => {
      await sleep(1);
      const error = refuse(batch);
      if (error) throw error;
      committed.push(batch);
      return { inserted: batch.readings.length, duplicates: 0, conflicts: 0 };
    },
  };
}

const options = (extra: Partial<IngestWriterOptions> = {}): IngestWriterOptions => ({
  batchRows: 10,
  flushMs: 2,
  maxQueuedMessages: 10_000,
  seenWriteIntervalMs: 0,
  now: () => Date.now(),
  ...extra,
});

describe('IngestWriter: a message PostgreSQL refuses', () => {
  it('halves the batch until the refused message is alone, dead-letters it and commits the rest', async () => {
    const poisoned = (batch: WriteBatch) =>
      batch.readings.some((row) => row.value === 7) ? sqlError('22021') : undefined;
    const memory = memoryStore(poisoned);
    const writer = new IngestWriter(memory.store, options({ batchRows: 100, flushMs: 20 }));
    await Promise.all(Array.from({ length: 20 }, (_, i) => writer.submit(reading(i))));
    expect(memory.values().sort((a, b) => a - b)).toEqual(
      Array.from({ length: 20 }, (_, i) => i).filter((i) => i !== 7),
    );
    const dead = memory.deadLetters();
    expect(dead).toHaveLength(1);
    expect(dead[0].reason).toBe('unstorable');
    expect(dead[0].detail).toContain('22021');
    expect(JSON.parse(dead[0].payload)).toEqual({ ts: NOW - 100_000 + 7, values: { co2_ppm: 7 } });
    expect(writer.held).toBe(0);
    writer.close();
  });

  it('falls back to a minimal dead letter (base64 of the first 1 KiB), then drops and counts', async () => {
    const unstorable: { deadLettered: boolean }[] = [];
    // Refuses the poisoned reading and its full dead letter (the excerpt holds "poison").
    const memory = memoryStore((batch) =>
      batch.readings.some((row) => row.value === 3) ||
      batch.deadLetters.some((row) => row.payload.includes('poison'))
        ? sqlError('22P05')
        : undefined,
    );
    const writer = new IngestWriter(
      memory.store,
      options({ onUnstorable: (event) => unstorable.push(event) }),
    );
    const payload = JSON.stringify({ ts: NOW - 1, values: { air_temp_c: 3 }, note: 'poison'.repeat(300) });
    await writer.submit(reading(3, payload));
    const [dead] = memory.deadLetters();
    expect(dead.reason).toBe('unstorable');
    expect(Buffer.from(dead.payload, 'base64').toString()).toBe(payload.slice(0, 1024));
    expect(Buffer.from(dead.topic, 'base64').toString()).toBe(TOPIC);
    expect(unstorable).toEqual([expect.objectContaining({ deadLettered: true })]);

    const refuseAll = new IngestWriter(
      async () => {
        throw sqlError('22000');
      },
      options({ onUnstorable: (event) => unstorable.push(event) }),
    );
    await refuseAll.submit(reading(1));
    expect(refuseAll.dropped).toBe(1);
    expect(refuseAll.held).toBe(0);
    expect(unstorable.at(-1)).toEqual(expect.objectContaining({ deadLettered: false }));
    writer.close();
    refuseAll.close();
  });
});

describe('IngestWriter: the database away', () => {
  it('retries one batch with backoff whatever arrives meanwhile, never lets `held` fall, and says down and back once', async () => {
    let away = true;
    const memory = memoryStore(() => (away ? sqlError('08006') : undefined));
    const events: OutageEvent[] = [];
    const writer = new IngestWriter(
      memory.store,
      options({ concurrency: 2, retryDelayMs: () => 200, onOutage: (event) => events.push(event) }),
    );
    const done: Promise<void>[] = [];
    const heldSeen: number[] = [];
    // 1,000 messages over 1 s, each submit enough for a batch: the old writer retried at once.
    const startedAt = Date.now();
    for (let i = 0; i < 50; i++) {
      for (let j = 0; j < 20; j++) done.push(writer.submit(reading(i * 20 + j)));
      heldSeen.push(writer.held);
      await sleep(20);
    }
    const attemptsWhileAway = writer.writeAttempts;
    // Each of 2 writers retries every 200 ms at most: 8 in the planned second, more only when a
    // loaded machine stretches the loop (ci: 9). Retrying at once made hundreds.
    const elapsedMs = Date.now() - startedAt;
    expect(attemptsWhileAway).toBeLessThanOrEqual(2 * Math.ceil(elapsedMs / 200) + 2);
    for (let i = 1; i < heldSeen.length; i++) expect(heldSeen[i]).toBeGreaterThanOrEqual(heldSeen[i - 1]);
    expect(writer.held).toBe(1_000);
    away = false;
    await Promise.all(done);
    expect(memory.values()).toHaveLength(1_000);
    expect(events.map((event) => event.kind)).toEqual(['down', 'back']);
    writer.close();
  });
});
