import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadTestConfig } from '#config';
import { waitFor } from './wait.js';

export type ModemLogEntry =
  | {
      type: 'sms';
      to: string;
      text: string;
      concat: { reference: number; total: number; sequence: number } | null;
    }
  | { type: 'dial'; number: string }
  | { type: 'hangup' }
  | { type: 'command'; line: string }
  | { type: 'violation'; detail: string };

export interface ModemSimulatorOptions {
  /** Signal quality the modem reports (`+CSQ`, 0-31). */
  readonly csq?: number;
  /** `fail-send`: every send is refused, as by a SIM that cannot send SMS. */
  readonly mode?: 'ok' | 'fail-send';
}

export interface RunningModemSimulator {
  /** The pseudo-terminal to give the api as SMS_MODEM. */
  readonly tty: string;
  /** Everything the modem saw, in order. */
  log(): ModemLogEntry[];
  /** Texts sent as SMS, parts joined, per recipient in order. */
  texts(): { to: string; text: string }[];
  /** An SMS from `from` arrives at the modem's SIM. */
  deliver(from: string, text: string): void;
  stop(): Promise<void>;
}

/**
 * The test modem (modem-simulator.ts) on a pseudo-terminal made by `socat`, which `.ci/run`
 * installs: the api opens the pty end as it would /dev/ttyUSB2; the simulator talks over plain
 * pipes on the other side (a pty there makes node's exit try to restore a terminal that socat
 * has already closed, and abort). It runs from dist/ (the suites run after the build).
 */
export async function startModemSimulator(
  options: ModemSimulatorOptions = {},
): Promise<RunningModemSimulator> {
  const folder = mkdtempSync(path.join(os.tmpdir(), 'yumiao-modem-'));
  const tty = path.join(folder, 'ttyUSB2');
  const logFile = path.join(folder, 'modem.log');
  const inbox = path.join(folder, 'inbox');
  const script = builtSimulator();
  const command = [
    process.execPath,
    script,
    '--log',
    logFile,
    '--inbox',
    inbox,
    '--csq',
    String(options.csq ?? 21),
    '--mode',
    options.mode ?? 'ok',
  ].join(' ');
  const socat = spawn(loadTestConfig().socatBinary, [`pty,raw,echo=0,link=${tty}`, `EXEC:${command}`], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  await waitFor(() => existsSync(tty), { what: 'socat pty', timeoutMs: 10_000, intervalMs: 50 });
  let counter = 0;

  const log = (): ModemLogEntry[] =>
    existsSync(logFile)
      ? readFileSync(logFile, 'utf8')
          .split('\n')
          .filter((line) => line.length > 0)
          .map((line) => JSON.parse(line) as ModemLogEntry)
      : [];

  return {
    tty,
    log,
    texts() {
      const joined: { to: string; text: string }[] = [];
      const parts = new Map<string, string[]>();
      for (const entry of log()) {
        if (entry.type !== 'sms') continue;
        if (entry.concat === null) {
          joined.push({ to: entry.to, text: entry.text });
          continue;
        }
        const key = `${entry.to}/${entry.concat.reference}`;
        const list = parts.get(key) ?? [];
        list[entry.concat.sequence - 1] = entry.text;
        parts.set(key, list);
        if (list.filter((part) => part !== undefined).length === entry.concat.total) {
          joined.push({ to: entry.to, text: list.join('') });
          parts.delete(key);
        }
      }
      return joined;
    },
    deliver(from, text) {
      counter += 1;
      const name = path.join(inbox, `${String(counter).padStart(6, '0')}.json`);
      writeFileSync(`${name}.tmp`, JSON.stringify({ from, text }));
      renameSync(`${name}.tmp`, name);
    },
    async stop() {
      if (socat.exitCode === null) {
        const exited = new Promise((resolve) => socat.once('exit', resolve));
        socat.kill('SIGTERM');
        await exited;
      }
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

function builtSimulator(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  // Under jest this file is the source in libs/testing/src; the simulator runs from dist/.
  const candidates = [
    path.join(here, 'modem-simulator.js'),
    path.resolve(here, '../../../dist/libs/testing/src/modem-simulator.js'),
  ];
  const found = candidates.find((candidate) => existsSync(candidate));
  if (!found)
    throw new Error('dist/libs/testing/src/modem-simulator.js is missing: run `npm run build` first');
  return found;
}
