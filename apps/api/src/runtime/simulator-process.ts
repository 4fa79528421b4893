import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { unrefSleep } from './process-info.js';

export interface SimulatorProcess {
  readonly pid: number;
  stop(): Promise<void>;
}

export interface SimulatorOptions {
  readonly brokerUrl: string;
  readonly devicesFile: string;
  readonly log: (line: string) => void;
  /** Built entry point; default dist/apps/simulator/src/main.js next to this build. */
  readonly entry?: string;
}

/** dist/apps/api/src/runtime -> dist/apps/simulator/src/main.js */
export function defaultSimulatorEntry(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  return path.resolve(here, '..', '..', '..', 'simulator', 'src', 'main.js');
}

/**
 * Runs the greenhouse simulator as a child process (SIMULATOR=true). A separate process on
 * purpose: it talks to the api only over MQTT, exactly like real devices. Returns undefined, with
 * a warning, when the simulator is not built or the app wrote no device list.
 */
export function startSimulator(options: SimulatorOptions): SimulatorProcess | undefined {
  const entry = options.entry ?? defaultSimulatorEntry();
  if (!existsSync(entry)) {
    options.log(
      `Warning: SIMULATOR is on but ${entry} does not exist (simulator not built): running without it`,
    );
    return undefined;
  }
  if (!existsSync(options.devicesFile)) {
    options.log(
      `Warning: SIMULATOR is on but ${options.devicesFile} was not written by the api: running without it`,
    );
    return undefined;
  }
  const child: ChildProcess = spawn(
    process.execPath,
    [entry, '--broker', options.brokerUrl, '--devices', options.devicesFile],
    // Own process group: Ctrl-C reaches the api, which stops the simulator in order.
    { stdio: ['ignore', 'inherit', 'inherit'], detached: true },
  );
  let stopping = false;
  child.once('exit', (code, signal) => {
    if (!stopping)
      options.log(
        `Warning: the simulator exited (${signal ?? `code ${code ?? '?'}`}); the api keeps running`,
      );
  });
  return {
    pid: child.pid ?? 0,
    async stop() {
      stopping = true;
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      if ((await Promise.race([exited, unrefSleep(5_000).then(() => 'timeout' as const)])) === 'timeout') {
        child.kill('SIGKILL');
        await exited;
      }
    },
  };
}
