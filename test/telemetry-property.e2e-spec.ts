import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { MqttClient } from 'mqtt';
import pg from 'pg';
import { METRICS } from '#contracts';
import { waitFor } from '#testing';
import type { DirectoryEntry } from '../apps/api/src/devices/device-directory.js';
import { planMessage } from '../apps/api/src/telemetry/ingest.js';
import {
  connectDevice,
  startTelemetryApi,
  type IssuedDevice,
  type TelemetryApi,
} from './support/telemetry-harness.js';

const CHANNELS = ['tele', 'tele/raw', 'state', 'status', 'meta', 'evt', 'ack'] as const;
/** The valid readings between the random messages use this metric; random ones never do. */
const MARKER = 'light_lux';
const RANDOM_KEYS = METRICS.map((metric) => metric.key).filter((key) => key !== MARKER);

interface RandomMessage {
  readonly device: string;
  readonly channel: (typeof CHANNELS)[number];
  readonly payload: Buffer;
}

/** Random bytes, random JSON of any shape, and samples that are nearly right. */
function payloads(now: number): fc.Arbitrary<Buffer> {
  const nearlyValid = fc.record(
    {
      ts: fc.oneof(
        fc.constant(now - 3_600_000),
        fc.integer(),
        fc.double(),
        fc.string({ maxLength: 30 }),
        fc.constant(new Date(now - 60_000).toISOString()),
      ),
      seq: fc.oneof(fc.nat(), fc.integer(), fc.double()),
      values: fc.dictionary(
        fc.oneof(fc.constantFrom(...RANDOM_KEYS), fc.string({ maxLength: 12 })),
        fc.oneof(
          fc.double(),
          fc.integer({ min: -200, max: 20_000 }),
          fc.boolean(),
          fc.string({ maxLength: 8 }),
        ),
        { maxKeys: 6 },
      ),
    },
    { requiredKeys: [] },
  );
  return fc.oneof(
    fc.uint8Array({ maxLength: 600 }).map((bytes) => Buffer.from(bytes)),
    fc.jsonValue({ maxDepth: 4 }).map((value) => Buffer.from(JSON.stringify(value) ?? 'null')),
    nearlyValid.map((value) => Buffer.from(JSON.stringify(value))),
    fc.array(nearlyValid, { minLength: 1, maxLength: 4 }).map((value) => Buffer.from(JSON.stringify(value))),
  );
}

describe('property: random payloads and topics between valid readings, through the real ingest', () => {
  let api: TelemetryApi;
  let env: IssuedDevice;
  let gateway: IssuedDevice;
  let client: MqttClient;
  let sql: pg.Client;
  let directory: Map<string, DirectoryEntry>;

  beforeAll(async () => {
    api = await startTelemetryApi();
    env = await api.register('gh1', 'env-1');
    gateway = await api.register('gh1', 'gw-1', 'gateway');
    // The gateway may publish for any device of its zone: random device names reach the ingest.
    client = await connectDevice(api.mqttUrl, { username: gateway.username, password: gateway.password });
    sql = new pg.Client({ connectionString: api.database.url });
    await sql.connect();
    const entry = (issued: IssuedDevice, kind: DirectoryEntry['kind']): DirectoryEntry => ({
      id: issued.id,
      site: issued.site,
      zone: issued.zoneCode,
      device: issued.device,
      kind,
      enabled: true,
      username: issued.username,
      passwordHash: '',
      intervalS: 60,
    });
    directory = new Map([
      ['env-1', entry(env, 'env')],
      ['gw-1', entry(gateway, 'gateway')],
    ]);
  });

  afterAll(async () => {
    await client?.endAsync(true);
    await sql?.end();
    await api?.close();
  });

  it('commits valid readings exactly once, never stalls, and dead-letters every bad message', async () => {
    const now = Date.now();
    let validCount = 0;
    /** The dead letters every run so far expected. */
    const everExpected = new Set<string>();
    const message: fc.Arbitrary<RandomMessage> = fc.record({
      device: fc.oneof(fc.constant('env-1'), fc.stringMatching(/^[a-z0-9-]{1,20}$/)),
      channel: fc.constantFrom(...CHANNELS),
      payload: payloads(now),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(message, { minLength: 1, maxLength: 8 }), async (messages) => {
        await sql.query('DELETE FROM dead_letters');
        const publishes: Promise<unknown>[] = [];
        const valid = () => {
          validCount += 1;
          publishes.push(
            client.publishAsync(
              'nursery/v1/xnz/gh1/env-1/tele',
              JSON.stringify({ ts: now - 7_200_000 + validCount, values: { [MARKER]: validCount } }),
              { qos: 1 },
            ),
          );
        };
        const expected: string[] = [];
        for (const random of messages) {
          valid();
          const topic = `nursery/v1/xnz/gh1/${random.device}/${random.channel}`;
          publishes.push(client.publishAsync(topic, random.payload, { qos: 1 }));
          const plan = planMessage(topic, random.payload, {
            now: Date.now(),
            retentionMs: 180 * 86_400_000,
            lookup: (site, zone, device) => (zone === 'gh1' ? directory.get(device) : undefined),
          });
          const stored = plan.readings.length > 0 || plan.presence !== null || plan.events.length > 0;
          // A message that stores nothing is bad, and a bad message has its dead letter.
          expect(stored || plan.deadLetters.length > 0).toBe(true);
          for (const row of plan.deadLetters) {
            expected.push(`${row.reason} ${row.raw.toString('hex')}`);
            // Recorded before any check can fail: a failed run's messages may land in a later run.
            everExpected.add(`${row.reason} ${row.raw.toString('hex')}`);
          }
        }
        valid();
        await Promise.race([
          Promise.all(publishes),
          new Promise((_, reject) => setTimeout(() => reject(new Error('ingest stalled')), 20_000)),
        ]);
        const marker = await sql.query<{ n: string; distinct: string }>(
          `SELECT count(*) AS n, count(DISTINCT ts) AS distinct FROM reading_values WHERE metric = $1`,
          [MARKER],
        );
        expect(Number(marker.rows[0].n)).toBe(validCount);
        expect(Number(marker.rows[0].distinct)).toBe(validCount);
        // Every submission committed before the check (and so before the next run's DELETE): a
        // message the broker handed over twice, after a reconnect under load, is committed late.
        await waitFor(
          async () => (await api.get<{ queued: number }>('/api/telemetry/stats')).body.queued === 0,
          { what: 'the ingest to be idle', timeoutMs: 20_000 },
        );
        const dead = await sql.query<{ reason: string; raw: Buffer }>('SELECT reason, raw FROM dead_letters');
        const actual = dead.rows.map((row) => `${row.reason} ${row.raw.toString('hex')}`);
        // What PostgreSQL itself refused is dead-lettered whole as unstorable instead.
        const refused = new Set(
          dead.rows.filter((row) => row.reason === 'unstorable').map((row) => row.raw.toString('hex')),
        );
        // Compared as sets: QoS 1 is at least once, and a message resent after a reconnect may
        // leave a second dead letter (readings are deduplicated by their key, dead letters are not).
        const comparable = (list: string[]) =>
          [...new Set(list.filter((entry) => !refused.has(entry.slice(entry.indexOf(' ') + 1))))].sort();
        // Every bad message of this run has its dead letter...
        const got = new Set(comparable(actual));
        expect(comparable(expected).filter((entry) => !got.has(entry))).toEqual([]);
        // ...and nothing else is dead-lettered but the messages of earlier runs: a message the
        // broker handed over again after a reconnect under load can be committed after the next
        // run's DELETE (QoS 1 is at least once; a duplicate dead letter is harmless).
        expect(comparable(actual).filter((entry) => !everExpected.has(entry))).toEqual([]);
      }),
      { numRuns: 120 },
    );
    const stats = await api.get<{ queued: number; dropped: number }>('/api/telemetry/stats');
    expect(stats.body).toEqual(expect.objectContaining({ queued: 0, dropped: 0 }));
  });
});
