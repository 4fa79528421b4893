/**
 * `npm run service:install` / `npm run service:uninstall`: the systemd unit for this checkout and
 * its owner (tools/service/unit.ts). `-- --root=DIR` writes into another filesystem root instead of
 * / (tests, image builds): then nothing is reloaded or started, as `systemctl --root` does.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderUnit, UNIT_NAME } from './unit.js';

const CHECKOUT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

interface Options {
  readonly root: string | undefined;
}

function parse(args: readonly string[]): { command: string; options: Options } {
  const [command = '', ...rest] = args;
  let root: string | undefined;
  for (const arg of rest) {
    if (arg.startsWith('--root=')) root = path.resolve(arg.slice('--root='.length));
    else throw new Error(`unknown option ${arg} (expected --root=DIR)`);
  }
  return { command, options: { root } };
}

/** The checkout's owner by name: the api runs as the person who set it up, not as root. */
function checkoutOwner(): string {
  const uid = statSync(CHECKOUT).uid;
  const name = spawnSync('id', ['-nu', String(uid)], { encoding: 'utf8' }).stdout.trim();
  if (name === '') throw new Error(`no user has uid ${uid}, the owner of ${CHECKOUT}`);
  return name;
}

function systemctl(options: Options, ...args: string[]): void {
  const all = options.root === undefined ? args : [`--root=${options.root}`, ...args];
  const result = spawnSync('systemctl', all, { stdio: 'inherit' });
  if (result.error !== undefined) throw new Error(`systemctl could not run: ${result.error.message}`);
  if (result.status !== 0) throw new Error(`systemctl ${all.join(' ')} failed (exit ${result.status})`);
}

function unitPath(options: Options): string {
  return path.join(options.root ?? '/', 'etc/systemd/system', UNIT_NAME);
}

function install(options: Options): void {
  const file = unitPath(options);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, renderUnit({ checkout: CHECKOUT, user: checkoutOwner(), node: process.execPath }), {
    mode: 0o644,
  });
  process.stdout.write(`Wrote ${file}\n`);
  if (options.root === undefined) {
    systemctl(options, 'daemon-reload');
    systemctl(options, 'enable', '--now', UNIT_NAME);
    process.stdout.write(
      'Yumiao now starts at boot and restarts when it stops. Logs: journalctl -u yumiao -f\n' +
        'Set the BIOS to "restore on AC power loss: power on" so the PC starts by itself after a power cut.\n',
    );
  } else {
    systemctl(options, 'enable', UNIT_NAME);
  }
}

function uninstall(options: Options): void {
  if (options.root === undefined) {
    // A unit that is already gone is fine: uninstall twice is not an error.
    spawnSync('systemctl', ['disable', '--now', UNIT_NAME], { stdio: 'inherit' });
  } else {
    spawnSync('systemctl', [`--root=${options.root}`, 'disable', UNIT_NAME], { stdio: 'inherit' });
  }
  rmSync(unitPath(options), { force: true });
  if (options.root === undefined) systemctl(options, 'daemon-reload');
  process.stdout.write(`Removed ${unitPath(options)}\n`);
}

try {
  const { command, options } = parse(process.argv.slice(2));
  if (command === 'install') install(options);
  else if (command === 'uninstall') uninstall(options);
  else throw new Error(`usage: service-cli install|uninstall [--root=DIR]`);
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
