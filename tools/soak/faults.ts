import { randomUUID } from 'node:crypto';
import type { MqttClient } from 'mqtt';
import type { Clock } from '#contracts';
import type { SoakApi } from './api-runner.js';
import { badPayloads, badRequests } from './bad-inputs.js';
import type { SoakHttp } from './http-client.js';
import type { OrderPlacer } from './orders.js';
import { topicOf, type GroundTruthPublisher, type SoakDevice } from './publisher.js';
import type { SoakSimulator } from './simulator-runner.js';

export const FAULT_KINDS = ['database-kill', 'api-kill', 'tree-kill', 'bad-payloads', 'bad-http'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/** How long the soak waits for a recovery before it calls it failed (the budget is checked later). */
const RECOVERY_WAIT_MS = 120_000;

export interface FaultRun {
  readonly kind: FaultKind;
  /** Wall time the fault was injected. */
  readonly at: number;
  /**
   * Seconds until an authenticated route that reads the database answered 200 again: after the
   * crash, or after the last bad request.
   */
  httpS?: number;
  /**
   * Seconds until a reading published after the crash (or after the last bad payload) was
   * acknowledged, so committed.
   */
  ingestS?: number;
  /** Bad payloads: per reason, how many were sent and how many the broker acknowledged. */
  deadLetters?: Map<string, { sent: number; acked: number }>;
  /** Anything that broke a rule while it lasted (a 500, no recovery, a bad body accepted). */
  readonly problems: string[];
}

export interface FaultContext {
  readonly api: SoakApi;
  readonly simulator: SoakSimulator;
  readonly publisher: GroundTruthPublisher;
  readonly placer: OrderPlacer;
  readonly http: SoakHttp;
  readonly clock: Clock;
  /** The device whose topic carries the bad payloads, and its connection. */
  readonly badDevice: { readonly device: SoakDevice; readonly client: MqttClient };
  readonly seed: number;
}

export async function injectFault(kind: FaultKind, context: FaultContext): Promise<FaultRun> {
  // After a crash of the api's own, the fault waits for the restart (the service manager's).
  await context.api.settled();
  const crashes = context.api.ownExits.length;
  const run: FaultRun = { kind, at: Date.now(), problems: [] };
  switch (kind) {
    case 'database-kill':
      process.kill(context.api.postmasterPid(), 'SIGKILL');
      await measureRecovery(context, run);
      break;
    case 'api-kill':
      await context.api.killApi();
      await measureRecovery(context, run, context.api.start());
      break;
    case 'tree-kill':
      await context.api.killTree([context.simulator.pid]);
      await context.simulator.kill();
      await measureRecovery(context, run, Promise.all([context.api.start(), context.simulator.start()]));
      break;
    case 'bad-payloads':
      await sendBadPayloads(context, run);
      break;
    case 'bad-http':
      await sendBadRequests(context, run);
      break;
  }
  for (const exit of context.api.ownExits.slice(crashes))
    run.problems.push(`the api ended by itself (${exit.how})`);
  return run;
}

/**
 * Waits until HTTP and ingest both work again after `run.at`, while `restarting` (the soak
 * starting what the crash took) runs. A 5xx other than 503 meanwhile is a problem: while the
 * database is away the api must say DATABASE_UNAVAILABLE, never 500.
 */
async function measureRecovery(
  context: FaultContext,
  run: FaultRun,
  restarting?: Promise<unknown>,
): Promise<void> {
  const deadline = run.at + RECOVERY_WAIT_MS;
  const restarted = (restarting ?? Promise.resolve()).catch((error: unknown) => {
    run.problems.push(`restart failed: ${firstLine(error)}`);
  });
  const http = (async () => {
    // First the outage itself: a request served by a backend the killed server left running for a
    // moment would otherwise count as "back" at once.
    if (!(await readinessLost(context))) return (run.httpS = 0);
    while (Date.now() < deadline) {
      try {
        const answer = await context.http.call('GET', '/api/zones', { timeoutMs: 5_000 });
        if (answer.status === 200) return (run.httpS = (Date.now() - run.at) / 1000);
        if (answer.status >= 500 && answer.status !== 503)
          run.problems.push(`GET /api/zones answered ${answer.status} while recovering`);
      } catch {
        // nothing listens yet
      }
      await sleep(100);
    }
    run.problems.push('HTTP not back within 120 s');
    return undefined;
  })();
  const ingest = (async () => {
    while (Date.now() < deadline) {
      const acked = context.publisher.firstAckAfter(run.at);
      if (acked !== undefined) return (run.ingestS = (acked - run.at) / 1000);
      await sleep(50);
    }
    run.problems.push('ingest not back within 120 s');
    return undefined;
  })();
  await Promise.all([http, ingest, restarted]);
}

/** Whether /health/ready stopped answering 200 within 5 s of the fault (the api says it is down). */
async function readinessLost(context: FaultContext): Promise<boolean> {
  const until = Date.now() + 5_000;
  while (Date.now() < until) {
    try {
      const answer = await fetch(`${context.api.url}/health/ready`, { signal: AbortSignal.timeout(2_000) });
      await answer.text();
      if (answer.status !== 200) return true;
    } catch {
      return true;
    }
    await sleep(20);
  }
  return false;
}

/** A burst of bad payloads on one device's topic; then good readings must still be acknowledged. */
async function sendBadPayloads(context: FaultContext, run: FaultRun): Promise<void> {
  const { device, client } = context.badDevice;
  const counts = new Map<string, { sent: number; acked: number }>();
  run.deadLetters = counts;
  await Promise.all(
    badPayloads(context.clock.now(), context.seed + run.at).map(async (bad) => {
      const count = counts.get(bad.reason) ?? { sent: 0, acked: 0 };
      counts.set(bad.reason, count);
      count.sent += 1;
      const acked = await Promise.race([
        client.publishAsync(topicOf(device), bad.payload, { qos: 1 }).then(
          () => true,
          () => false,
        ),
        sleep(30_000).then(() => false),
      ]);
      if (acked) count.acked += 1;
      else run.problems.push(`bad payload "${bad.name}" not acknowledged within 30 s`);
    }),
  );
  const after = Date.now();
  while (Date.now() - after < RECOVERY_WAIT_MS) {
    const acked = context.publisher.firstAckAfter(after);
    if (acked !== undefined) {
      run.ingestS = (acked - after) / 1000;
      return;
    }
    await sleep(50);
  }
  run.problems.push('no reading acknowledged within 120 s after the bad payloads');
}

/** Bad requests: each must be refused with a 4xx; then the api must still answer. */
async function sendBadRequests(context: FaultContext, run: FaultRun): Promise<void> {
  const orderId =
    context.placer.writes.find((write) => write.kind === 'order' && write.id)?.id ?? randomUUID();
  for (const bad of badRequests(orderId)) {
    try {
      const call = bad.anonymous
        ? context.http.anonymous.bind(context.http)
        : context.http.call.bind(context.http);
      const answer = await call(bad.method, bad.route, {
        body: bad.body,
        raw: bad.raw,
        headers: bad.headers,
      });
      if (answer.status < 400 || answer.status >= 500)
        run.problems.push(`${bad.name}: ${bad.method} ${bad.route.slice(0, 40)} answered ${answer.status}`);
    } catch (error) {
      run.problems.push(`${bad.name}: no answer (${firstLine(error)})`);
    }
  }
  const after = Date.now();
  const answer = await context.http.call('GET', '/api/zones').catch(() => undefined);
  if (answer?.status === 200) run.httpS = (Date.now() - after) / 1000;
  else run.problems.push(`GET /api/zones answered ${answer?.status ?? 'nothing'} after the bad requests`);
}

export function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]?.slice(0, 200) ?? '';
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
