import { afterEach, describe, it } from '@jest/globals';
import { Aedes, type AuthenticateError } from 'aedes';
import { createClock, type DeviceCredentials } from '#contracts';
import { listenMqtt } from '#net';
import { waitFor } from '#testing';
import type { LifecycleEvent } from './device.js';
import { Simulator } from './simulator.js';

/**
 * A device keeps trying after its broker refused it, as field devices do: a restarting api answers
 * "server unavailable" (or, before issue 22, "not authorized") for a moment, and mqtt.js by default
 * never tries again after any refusal in a CONNACK.
 */
describe('simulated device refused by the broker', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it.each([
    ['server unavailable', 3],
    ['not authorized', 5],
  ] as const)('connects once the broker stops answering "%s"', async (_name, returnCode) => {
    let refusals = 2;
    const aedes = await Aedes.createBroker({
      authenticate: (_client, _username, _password, done) => {
        if (refusals <= 0) return done(null, true);
        refusals -= 1;
        done(
          Object.assign(new Error('not yet'), { returnCode } as Pick<AuthenticateError, 'returnCode'>),
          false,
        );
      },
    });
    const listener = await listenMqtt(aedes, { host: '127.0.0.1', port: 0 });
    cleanups.push(() => listener.close());
    const device: DeviceCredentials = {
      site: 'xnz',
      zone: 'gh1',
      device: 'env-1',
      kind: 'env',
      username: `refused-${returnCode}`,
      password: 'x',
      intervalS: 60,
    };
    const events: LifecycleEvent[] = [];
    const simulator = new Simulator({
      brokerUrl: listener.url,
      devices: [device],
      clock: createClock(undefined),
      seed: 1,
      emit: (event) => events.push(event),
      reconnectPeriodMs: 100,
    });
    cleanups.push(() => simulator.stop(false));
    simulator.start();
    await waitFor(() => events.some((event) => event.event === 'devices-connected'), {
      timeoutMs: 5_000,
      what: 'the device connected after two refusals',
    });
  });
});
