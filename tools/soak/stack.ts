import pg from 'pg';
import { waitFor } from '#testing';
import type { ControlWitness } from './control.js';
import type { FaultContext, FaultRun } from './faults.js';
import type { SoakHttp } from './http-client.js';
import { checkInvariants, type Invariant } from './invariants.js';
import { topicOf, type SoakDevice } from './publisher.js';

// What the soak and the whole-tree crash test both do around the faults: their own devices in,
// and at the end everything stopped, ingest idle, and the invariants read.

/** Everything a run drives: the faults' context, the control witness and the ground-truth devices. */
export interface SoakStack extends FaultContext {
  readonly control: ControlWitness;
  readonly devices: readonly SoakDevice[];
}

/**
 * Stops the writers (orders, devices, simulator, the witness's commands), waits for ingest to be
 * idle, reads every invariant and stops the api cleanly.
 */
export async function stopAndCheck(
  stack: SoakStack,
  faults: readonly FaultRun[],
): Promise<{ invariants: Invariant[]; unacknowledged: number }> {
  const { api, placer, publisher, badDevice, simulator, control, http, devices, clock } = stack;
  await api.settled();
  await placer.stop();
  const { unacknowledged } = await publisher.stop(15_000);
  await badDevice.client.endAsync(true);
  await simulator.stop();
  await control.stop(api.databaseUrl());
  await waitForIdleIngest(api.databaseUrl(), http);
  const invariants = await checkInvariants(api.databaseUrl(), {
    acked: publisher.acked,
    published: publisher.publishedKeys,
    groundTruthDevices: devices.map((device) => device.device),
    badTopic: topicOf(badDevice.device),
    goodTopics: devices.map((device) => topicOf(device)),
    faults,
    writes: placer.writes,
    ownExits: api.ownExits,
    commandsReceived: control.received,
    speed: clock.speed,
  });
  await api.stop();
  return { invariants, unacknowledged };
}

/** Registers env devices of the soak's own in the demo's 1号棚 (gh1), reporting every `intervalS`. */
export async function registerDevices(
  http: SoakHttp,
  names: readonly string[],
  intervalS: number,
): Promise<SoakDevice[]> {
  const devices: SoakDevice[] = [];
  for (const device of names) {
    const answer = await http.call<SoakDevice>('POST', '/api/devices', {
      body: { zone: 'gh1', device, kind: 'env', intervalS },
    });
    if (answer.status !== 201) throw new Error(`registering ${device} answered ${answer.status}`);
    devices.push(answer.body);
  }
  return devices;
}

/** Until nothing waits to be written or folded into the rollups, twice in a row a second apart. */
export async function waitForIdleIngest(databaseUrl: string, http: SoakHttp): Promise<void> {
  const sql = new pg.Client({ connectionString: databaseUrl });
  await sql.connect();
  try {
    let idleSince: number | undefined;
    await waitFor(
      async () => {
        const journal = await sql.query<{ n: string }>('SELECT count(*) AS n FROM readings_journal');
        const stats = await http.call<{ queued: number }>('GET', '/api/telemetry/stats');
        const idle = Number(journal.rows[0]?.n) === 0 && stats.status === 200 && stats.body.queued === 0;
        if (!idle) idleSince = undefined;
        else idleSince ??= Date.now();
        return idleSince !== undefined && Date.now() - idleSince >= 1_000;
      },
      { what: 'ingest to be idle', timeoutMs: 120_000, intervalMs: 250 },
    );
  } finally {
    await sql.end();
  }
}
