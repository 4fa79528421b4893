import { accessSync, constants } from 'node:fs';
import { loadTestConfig } from '#config';

export type SystemProgram = 'mosquitto' | 'chromium' | 'socat' | 'systemd-analyze';

export interface ProgramAvailability {
  readonly program: SystemProgram;
  readonly available: boolean;
  readonly binary: string;
  /** The Debian command that installs it. */
  readonly installCommand: string;
  /** The file-name tag of the suites that need it: `*.<tag>.e2e-spec.ts`, `*.<tag>.int-spec.ts`. */
  readonly suiteTag: string;
}

const PACKAGES: Record<SystemProgram, { packages: string; tag: string }> = {
  mosquitto: { packages: 'mosquitto', tag: 'mosquitto' },
  chromium: { packages: 'chromium fonts-noto-cjk', tag: 'browser' },
  socat: { packages: 'socat', tag: 'socat' },
  'systemd-analyze': { packages: 'systemd', tag: 'systemd' },
};

/**
 * Whether a system program the tests need is installed. Suites that need one are named
 * `*.mosquitto.{int,e2e}-spec.ts`, `*.browser.{int,e2e}-spec.ts`, `*.socat.{int,e2e}-spec.ts` or
 * `*.systemd.{int,e2e}-spec.ts`: scripts/test.mjs leaves them
 * out (printing which and how to install the program) when it is missing, and fails instead with
 * REQUIRE_ALL=1. Inside such a suite, call this to get the binary's path.
 */
export function requireProgram(program: SystemProgram): ProgramAvailability {
  const config = loadTestConfig();
  const binary = {
    mosquitto: config.mosquittoBinary,
    chromium: config.chromiumBinary,
    socat: config.socatBinary,
    'systemd-analyze': config.systemdAnalyzeBinary,
  }[program];
  let available = true;
  try {
    accessSync(binary, constants.X_OK);
  } catch {
    available = false;
  }
  const { packages, tag } = PACKAGES[program];
  return {
    program,
    available,
    binary,
    installCommand: `apt-get update && apt-get install -y ${packages}`,
    suiteTag: tag,
  };
}
