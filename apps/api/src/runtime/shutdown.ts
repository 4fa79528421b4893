/** The order things stop in, whatever order they started in. */
export const SHUTDOWN_PHASES = ['http', 'app', 'simulator', 'broker', 'database', 'lock'] as const;
export type ShutdownPhase = (typeof SHUTDOWN_PHASES)[number];

interface Step {
  readonly phase: ShutdownPhase;
  readonly name: string;
  readonly run: () => Promise<void> | void;
}

export interface Shutdown {
  add(phase: ShutdownPhase, name: string, run: () => Promise<void> | void): void;
  /** A signal asked to stop. While booting this only records it; see {@link Shutdown.booted}. */
  request(reason: string): void;
  /** True once a stop was requested: the boot sequence checks it between steps. */
  readonly requested: boolean;
  /** Ends the boot phase; if a stop was requested meanwhile it starts now. */
  booted(): void;
  /** Runs every step once, by phase; later calls return the same promise. */
  run(reason: string, exitCode?: number): Promise<void>;
  /** Resolves with the exit code once a run has finished. */
  readonly done: Promise<number>;
}

/**
 * Ordered shutdown: HTTP, Nest app, simulator, broker, PostgreSQL, then the DATA_DIR lock. A
 * signal during the boot is held until the step in flight finishes, so a half-started PostgreSQL
 * is still stopped rather than orphaned.
 */
export function createShutdown(log: (line: string) => void): Shutdown {
  const steps: Step[] = [];
  let running: Promise<void> | undefined;
  let requestedReason: string | undefined;
  let booting = true;
  let finish: (exitCode: number) => void = () => undefined;
  const done = new Promise<number>((resolve) => {
    finish = resolve;
  });

  const run = (reason: string, exitCode = 0): Promise<void> => {
    running ??= (async () => {
      log(`Stopping (${reason})...`);
      const ordered = [...steps].sort(
        (a, b) => SHUTDOWN_PHASES.indexOf(a.phase) - SHUTDOWN_PHASES.indexOf(b.phase),
      );
      for (const step of ordered) {
        try {
          await step.run();
        } catch (error) {
          log(`Error while stopping ${step.name}: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
      log('Stopped.');
      finish(exitCode);
    })();
    return running;
  };

  return {
    add(phase, name, stepRun) {
      steps.push({ phase, name, run: stepRun });
    },
    request(reason) {
      requestedReason ??= reason;
      if (!booting) void run(reason);
    },
    get requested() {
      return requestedReason !== undefined;
    },
    booted() {
      booting = false;
      if (requestedReason !== undefined) void run(requestedReason);
    },
    run,
    done,
  };
}

/**
 * SIGINT / SIGTERM: stop in order, then exit 0 (or the code a failed boot asked for). One Ctrl-C
 * often arrives two or three times within milliseconds (the terminal signals the whole process
 * group, and npm and scripts/start.mjs forward it too), so signals closer than half a second count
 * as one; a third distinct one forces the exit.
 */
export function exitOnSignals(shutdown: Shutdown, log: (line: string) => void): void {
  let presses = 0;
  let last = 0;
  const onSignal = (signal: NodeJS.Signals): void => {
    const now = Date.now();
    if (now - last < 500) return;
    last = now;
    presses += 1;
    if (presses >= 3) {
      log(`${signal} again: exiting without finishing the shutdown`);
      process.exit(1);
    }
    shutdown.request(signal);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  // The terminal closed (or scripts/start.mjs forwards it): stop as cleanly as for Ctrl-C.
  process.on('SIGHUP', onSignal);
  void shutdown.done.then((code) => process.exit(code));
}
