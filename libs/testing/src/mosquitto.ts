import { execFileSync, spawn } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
  chmodSync,
  chownSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadTestConfig } from '#config';
import { freePort } from '#net';
import { waitForPort } from './wait.js';

export interface MosquittoOptions {
  /** A Mosquitto config file; default the shipped deploy/mosquitto/mosquitto.conf. */
  readonly config?: string;
  /** Keep password_file and acl_file on, pointing at these files; without it anonymous access is on. */
  readonly withAuth?: { readonly passwordFile: string; readonly aclFile: string };
  /**
   * Load the dynamic security plugin with this JSON (copied in; see RunningMosquitto.dynsecFile).
   * The broker then runs as the `mosquitto` user with its folder given to it, as installed.
   */
  readonly withDynsec?: { readonly configFile: string };
}

export interface RunningMosquitto {
  readonly url: string;
  readonly port: number;
  /** The rewritten configuration, for assertions and debugging. */
  readonly configText: string;
  /** The plugin's JSON as the broker keeps it (withDynsec only). */
  readonly dynsecFile: string | undefined;
  stop(): Promise<void>;
}

/** deploy/mosquitto/mosquitto.conf, found upwards from here (source under jest, or dist/). */
export const SHIPPED_MOSQUITTO_CONFIG = findUp(path.join('deploy', 'mosquitto', 'mosquitto.conf'));

/** Mosquitto started as root drops to `mosquitto`, which must be able to write these. */
function giveToMosquittoUser(folder: string, paths: readonly string[]): void {
  const uid = Number(execFileSync('id', ['-u', 'mosquitto']).toString().trim());
  const gid = Number(execFileSync('id', ['-g', 'mosquitto']).toString().trim());
  for (const target of [folder, ...paths]) chownSync(target, uid, gid);
}

function findUp(relative: string): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = path.join(dir, relative);
    if (existsSync(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) return path.resolve(relative);
    dir = parent;
  }
}

/**
 * Starts /usr/sbin/mosquitto (TEST_MOSQUITTO_BIN) from the shipped configuration, rewritten to a
 * free port on 127.0.0.1 with its persistence in a temporary folder, so tests see the limits we
 * ship (max_queued_messages...) rather than this machine's defaults. Mosquitto started as root
 * drops to the `mosquitto` user before it reads its files, which fails from a folder only root
 * can enter (docs/stack-notes.md): the test copy says `user root` instead.
 */
export async function startMosquitto(options: MosquittoOptions = {}): Promise<RunningMosquitto> {
  const binary = loadTestConfig().mosquittoBinary;
  const port = await freePort();
  const folder = mkdtempSync(path.join(os.tmpdir(), 'yumiao-mosquitto-'));
  chmodSync(folder, 0o755);
  mkdirSync(path.join(folder, 'data'));

  const source = readFileSync(options.config ?? SHIPPED_MOSQUITTO_CONFIG, 'utf8');
  const kept = source
    .split('\n')
    .filter(
      (line) =>
        !/^\s*(listener|persistence_location|password_file|acl_file|allow_anonymous|user|log_dest|pid_file|plugin|plugin_opt_\w+)\b/.test(
          line,
        ),
    );
  const extra = [
    `listener ${port} 127.0.0.1`,
    `persistence_location ${path.join(folder, 'data')}/`,
    'log_dest stderr',
  ];
  const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  let dynsecFile: string | undefined;
  if (options.withDynsec !== undefined) {
    dynsecFile = path.join(folder, 'data', 'dynamic-security.json');
    copyFileSync(options.withDynsec.configFile, dynsecFile);
    chmodSync(dynsecFile, 0o600);
    if (asRoot) giveToMosquittoUser(folder, [path.join(folder, 'data'), dynsecFile]);
    extra.push(
      'allow_anonymous false',
      `plugin ${loadTestConfig().mosquittoDynsecPlugin}`,
      `plugin_opt_config_file ${dynsecFile}`,
    );
  } else if (options.withAuth !== undefined) {
    const passwordFile = path.join(folder, 'passwd');
    const aclFile = path.join(folder, 'acl');
    copyFileSync(options.withAuth.passwordFile, passwordFile);
    copyFileSync(options.withAuth.aclFile, aclFile);
    chmodSync(passwordFile, 0o600);
    chmodSync(aclFile, 0o600);
    extra.push('allow_anonymous false', `password_file ${passwordFile}`, `acl_file ${aclFile}`);
  } else {
    extra.push('allow_anonymous true');
  }
  // Without the plugin the test's files stay root's, which `mosquitto` could not read.
  if (asRoot && options.withDynsec === undefined) extra.push('user root');
  // per_listener_settings must precede the listener; the other lines can follow in any order.
  const configText = [...kept, ...extra, ''].join('\n');
  const configFile = path.join(folder, 'mosquitto.conf');
  writeFileSync(configFile, configText, { mode: 0o644 });

  const child = spawn(binary, ['-c', configFile], { stdio: ['ignore', 'ignore', 'pipe'] });
  let output = '';
  child.stderr.on('data', (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-4_000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const cleanUp = (): void => {
    if (!loadTestConfig().keepArtifacts) rmSync(folder, { recursive: true, force: true });
  };
  try {
    await Promise.race([
      waitForPort(port),
      exited.then(() => {
        throw new Error(`mosquitto exited during start (code ${child.exitCode ?? '?'}):\n${output}`);
      }),
    ]);
  } catch (error) {
    child.kill('SIGKILL');
    cleanUp();
    throw error;
  }
  return {
    url: `mqtt://127.0.0.1:${port}`,
    port,
    configText,
    dynsecFile,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
      cleanUp();
    },
  };
}
