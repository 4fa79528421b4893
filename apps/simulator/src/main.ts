import { createClock } from '#contracts';
import { parseCli, USAGE } from './cli.js';
import { startControlServer } from './control-server.js';
import { loadDeviceFile, scaleDevices } from './device-list.js';
import type { LifecycleEvent } from './device.js';
import { loadScenario } from './faults.js';
import { Simulator } from './simulator.js';

/** Boots the simulator from argv; prints one JSON line per lifecycle event on stdout. */
function print(event: LifecycleEvent): void {
  process.stdout.write(`${JSON.stringify({ ...event, at: new Date().toISOString() })}\n`);
}

async function main(): Promise<void> {
  const cli = parseCli(process.argv.slice(2), Date.now());
  if (cli.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const fromFile = cli.devicesFile === undefined ? undefined : loadDeviceFile(cli.devicesFile);
  const devices = cli.scale === undefined ? fromFile! : scaleDevices(cli.scale, fromFile);
  const simulator = new Simulator({
    brokerUrl: cli.broker,
    devices,
    clock: createClock(cli.time),
    seed: cli.seed,
    faults: cli.faults,
    scenario: cli.scenarioFile === undefined ? [] : loadScenario(cli.scenarioFile),
    scale: cli.scale !== undefined,
    verbose: !cli.quiet,
    localIrrigation: cli.localIrrigation,
    emit: print,
    // Scale mode must not stampede the broker when it restarts under a thousand connections.
    reconnectPeriodMs: cli.scale === undefined ? 2000 : 5000,
  });
  const control =
    cli.controlPort === undefined ? undefined : await startControlServer(simulator, cli.controlPort);
  if (control !== undefined) print({ event: 'control-listening', port: control.port });
  simulator.start();
  let statsTimer: NodeJS.Timeout | undefined;
  if (cli.scale !== undefined) {
    let last = 0;
    statsTimer = setInterval(() => {
      const published = simulator
        .listDevices()
        .reduce((sum, device) => sum + (device['published'] as number), 0);
      print({
        event: 'scale-stats',
        connected: simulator.connectedCount(),
        published,
        perSecond: (published - last) / 10,
      });
      last = published;
    }, 10_000);
  }
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    print({ event: 'stopping', signal });
    if (statsTimer !== undefined) clearInterval(statsTimer);
    control?.server.close();
    // Orphaned (the api is gone): out within 2 s, before a restarted api starts another one.
    const forced = setTimeout(() => process.exit(1), signal === 'parent-gone' ? 1_500 : 5_000);
    forced.unref();
    simulator.stop(true).then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  // Started by the api with an IPC channel: when the api dies, however it died (SIGKILL included,
  // which no signal handler sees), the kernel closes the channel and the simulator stops with it.
  if (process.channel !== undefined) {
    process.channel.unref();
    process.once('disconnect', () => stop('parent-gone'));
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).message ?? String(error)}\n`);
  if (!(error as Error).message?.includes('Usage')) process.stderr.write(`${USAGE}\n`);
  process.exit(2);
});
