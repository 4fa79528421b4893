import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { DeviceCredentials } from '#contracts';
import { waitFor } from '#testing';

export interface SoakSimulatorOptions {
  readonly root: string;
  readonly brokerUrl: string;
  /** The demo seed's DATA_DIR/simulator-devices.json. */
  readonly seedDevicesFile: string;
  /** Where the copy with the soak's interval goes. */
  readonly devicesFile: string;
  readonly intervalS: number;
  readonly seed: number;
  readonly logFile: string;
  readonly clock: { readonly start: string; readonly anchor: number; readonly speed: number };
}

/**
 * The greenhouse simulator on the soak's simulated clock, its devices (the demo seed's) reporting
 * once every `intervalS` simulated seconds. It is the field: a whole-tree crash kills it too, and
 * the soak starts it again as the api would.
 */
export class SoakSimulator {
  private child: ChildProcess | undefined;
  private control: string | undefined;

  constructor(private readonly options: SoakSimulatorOptions) {
    const devices = JSON.parse(readFileSync(options.seedDevicesFile, 'utf8')) as DeviceCredentials[];
    writeFileSync(
      options.devicesFile,
      JSON.stringify(devices.map((device) => ({ ...device, intervalS: options.intervalS }))),
      { mode: 0o600 },
    );
  }

  get pid(): number {
    return this.child?.pid ?? 0;
  }

  get deviceCount(): number {
    return (JSON.parse(readFileSync(this.options.devicesFile, 'utf8')) as unknown[]).length;
  }

  async start(): Promise<void> {
    const { options } = this;
    this.control = undefined;
    const child = spawn(
      process.execPath,
      [
        path.join(options.root, 'dist/apps/simulator/src/main.js'),
        ...['--broker', options.brokerUrl, '--devices', options.devicesFile],
        ...['--seed', String(options.seed), '--start', options.clock.start],
        ...['--anchor', String(options.clock.anchor), '--speed', String(options.clock.speed)],
        ...['--control-port', '0', '--quiet'],
      ],
      { cwd: options.root, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    this.child = child;
    const keep = (chunk: Buffer): void => {
      const text = chunk.toString('utf8');
      appendFileSync(options.logFile, text);
      const port = /"event":"control-listening","port":(\d+)/.exec(text)?.[1];
      if (port !== undefined) this.control = `http://127.0.0.1:${port}`;
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    await waitFor(
      () => {
        if (child.exitCode !== null) throw new Error(`the simulator exited (${child.exitCode})`);
        return this.control;
      },
      { what: 'the simulator control channel', timeoutMs: 30_000, intervalMs: 50 },
    );
  }

  /** Messages its devices published since it (last) started, as its control channel counts them. */
  async published(): Promise<number> {
    if (this.control === undefined) return 0;
    const devices = (await (await fetch(`${this.control}/devices`)).json()) as { published: number }[];
    return devices.reduce((sum, device) => sum + device.published, 0);
  }

  /** A graceful stop (SIGTERM): each device says it goes offline and disconnects. */
  async stop(): Promise<void> {
    await this.signal('SIGTERM');
  }

  async kill(): Promise<void> {
    await this.signal('SIGKILL');
  }

  private async signal(signal: NodeJS.Signals): Promise<void> {
    const child = this.child;
    if (child === undefined || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill(signal);
    await exited;
  }
}
