import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeFileAtomic } from './atomic-file.js';
import { isAlive, processStartTime, unrefSleep, waitForExit } from './process-info.js';

export interface SimulatorProcess {
  readonly pid: number;
  stop(): Promise<void>;
}

export interface SimulatorOptions {
  readonly brokerUrl: string;
  readonly devicesFile: string;
  readonly log: (line: string) => void;
  /**
   * Where the running simulator's pid is kept (DATA_DIR/simulator.pid): a start stops the one a
   * previous run left, so one data folder never has two simulators on the same device accounts.
   */
  readonly pidFile: string;
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
export async function startSimulator(options: SimulatorOptions): Promise<SimulatorProcess | undefined> {
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
  await stopLeftover(options.pidFile, options.log);
  const child: ChildProcess = spawn(
    process.execPath,
    [entry, '--broker', options.brokerUrl, '--devices', options.devicesFile],
    // Own process group: Ctrl-C reaches the api, which stops the simulator in order. The IPC
    // channel is how the simulator learns that the api died, even by SIGKILL (it exits then).
    { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], detached: true },
  );
  child.channel?.unref();
  if (child.pid !== undefined) {
    writeFileAtomic(
      options.pidFile,
      `${JSON.stringify({ pid: child.pid, startTime: processStartTime(child.pid) })}\n`,
      0o644,
    );
  }
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
      rmSync(options.pidFile, { force: true });
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

/**
 * A simulator recorded in the pid file that still runs (same pid and start time) was left by a run
 * that died before the simulator noticed: it is stopped before a new one starts.
 */
async function stopLeftover(pidFile: string, log: (line: string) => void): Promise<void> {
  let recorded: { pid?: unknown; startTime?: unknown };
  try {
    recorded = JSON.parse(readFileSync(pidFile, 'utf8')) as { pid?: unknown; startTime?: unknown };
  } catch {
    return;
  }
  const pid = typeof recorded.pid === 'number' ? recorded.pid : 0;
  if (!isAlive(pid) || processStartTime(pid) !== recorded.startTime) return;
  log(`Stopping a simulator (pid ${pid}) left running by a previous run`);
  process.kill(pid, 'SIGTERM');
  if (!(await waitForExit(pid, 3_000))) {
    process.kill(pid, 'SIGKILL');
    await waitForExit(pid, 2_000);
  }
}
