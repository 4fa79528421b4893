import { parseArgs } from 'node:util';

export interface SoakOptions {
  /** Wall minutes of the fault phase (start-up and the checks come on top). */
  readonly minutes: number;
  /** Picks the faults, the gaps between them and the orders; printed, so a run can be repeated. */
  readonly seed: number;
  /** Simulated milliseconds per wall millisecond. */
  readonly speed: number;
  /** Keep the temporary folder (data, logs) instead of removing it. */
  readonly keep: boolean;
}

/** 30 simulated days in the default 20 minutes of faults. */
export const DEFAULT_SPEED = 2_160;

export const USAGE = `npm run soak -- [--minutes N] [--seed N] [--speed N] [--keep]
  --minutes N  wall minutes of random faults (default 20; with the default speed, 30 simulated days)
  --seed N     seed of the faults, the gaps between them and the orders (default: random, printed)
  --speed N    simulated milliseconds per wall millisecond (default ${DEFAULT_SPEED})
  --keep       keep the temporary folder (the api's data and logs)`;

export function parseOptions(argv: readonly string[]): SoakOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      minutes: { type: 'string' },
      seed: { type: 'string' },
      speed: { type: 'string' },
      keep: { type: 'boolean' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  const number = (name: string, raw: string | undefined, fallback: number, min: number): number => {
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!Number.isFinite(value) || value < min)
      throw new Error(`--${name} must be a number of at least ${min}`);
    return value;
  };
  return {
    minutes: number('minutes', values.minutes, 20, 0.5),
    seed: Math.floor(number('seed', values.seed, Math.floor(Math.random() * 1_000_000), 0)),
    speed: number('speed', values.speed, DEFAULT_SPEED, 1),
    keep: values.keep ?? false,
  };
}
