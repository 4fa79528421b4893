/**
 * `npm run mosquitto:migrate-dynsec [-- FOLDER]`: moves a Mosquitto from a password file and ACL
 * to the dynamic security plugin, offline, with the broker stopped (the plugin rewrites its file
 * while it runs). Reads FOLDER/passwd and FOLDER/acl (default deploy/mosquitto, which
 * docker-compose mounts) and writes FOLDER/data/dynamic-security.json: every account keeps its
 * password and its topics, and the plugin's admin account for the api is created and kept with the
 * api's secrets (DATA_DIR/mqtt-dynsec-admin.json). Without a password file it is the first set-up:
 * the file holds only the admin and the api's own account.
 */
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadAppConfig, type AppConfig } from '#config';
import { loadApiBrokerAccount, loadOrCreateDynsecAdmin } from '../apps/api/src/devices/broker-accounts.js';
import { convertPasswordFileInstall } from '../apps/api/src/devices/dynsec/password-file-install.js';
import { hashMosquittoPassword } from '../apps/api/src/devices/mosquitto-password.js';

export const DYNSEC_FILE_NAME = 'dynamic-security.json';

export interface MigrationResult {
  readonly file: string;
  readonly converted: readonly string[];
  readonly adminUsername: string;
  readonly adminCreated: boolean;
  readonly adminPassword: string;
}

export async function migrateToDynsec(
  config: AppConfig,
  folder: string,
  output = path.join(folder, 'data', DYNSEC_FILE_NAME),
): Promise<MigrationResult> {
  if (existsSync(output)) {
    throw new Error(
      `${output} exists already: the plugin keeps its live changes there. Move it away to convert again.`,
    );
  }
  const passwordFile = readIfPresent(path.join(folder, 'passwd'));
  const aclFile = readIfPresent(path.join(folder, 'acl'));
  if (passwordFile !== undefined && aclFile === undefined) {
    throw new Error(`${path.join(folder, 'acl')} is missing: without it every account would lose its topics`);
  }
  const api = await loadApiBrokerAccount(config);
  const { account: admin, created } = loadOrCreateDynsecAdmin(config);
  const conversion = convertPasswordFileInstall({
    passwordFile,
    aclFile,
    admin: { username: admin.username, passwordHash: hashMosquittoPassword(admin.password) },
    api,
  });
  if (conversion.problems.length > 0) {
    throw new Error(`nothing written:\n${conversion.problems.map((problem) => `  - ${problem}`).join('\n')}`);
  }
  mkdirSync(path.dirname(output), { recursive: true });
  writeFileSync(output, `${JSON.stringify(conversion.file, null, 2)}\n`, { mode: 0o600 });
  giveToMosquittoUser(output);
  return {
    file: output,
    converted: conversion.converted,
    adminUsername: admin.username,
    adminCreated: created,
    adminPassword: admin.password,
  };
}

function readIfPresent(file: string): string | undefined {
  return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
}

/**
 * The plugin writes its file as the `mosquitto` user (Mosquitto started as root drops to it), so a
 * file only root may write would keep each live change only until the next restart.
 */
function giveToMosquittoUser(file: string): void {
  if (os.userInfo().uid !== 0) return;
  try {
    const uid = Number(execFileSync('id', ['-u', 'mosquitto']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'mosquitto']).toString().trim());
    chownSync(path.dirname(file), uid, gid);
    chownSync(file, uid, gid);
  } catch {
    // No mosquitto user here (the official image's entrypoint gives /mosquitto to its own).
  }
}

async function main(): Promise<void> {
  const folder = path.resolve(process.argv[2] ?? 'deploy/mosquitto');
  try {
    const config = loadAppConfig();
    const result = await migrateToDynsec(config, folder);
    process.stdout.write(
      [
        `Wrote ${result.file}: ${result.converted.length} accounts from the password file (the api's own added if it was missing) and the admin ${result.adminUsername}.`,
        result.adminCreated
          ? `The admin account is kept in ${path.join(config.dataDir, 'mqtt-dynsec-admin.json')}, where an api on this machine reads it. For docker-compose, add this line to .env:\n  MQTT_DYNSEC_PASSWORD=${result.adminPassword}`
          : 'The admin account already existed and was kept.',
        'In mosquitto.conf, replace password_file and acl_file with:',
        '  plugin /usr/lib/x86_64-linux-gnu/mosquitto_dynamic_security.so   (Debian; the official image: /usr/lib/mosquitto_dynamic_security.so)',
        `  plugin_opt_config_file ${result.file}`,
        'Then start Mosquitto: devices log in as before, and the api changes accounts live.',
        '',
      ].join('\n'),
    );
  } catch (error) {
    process.stderr.write(
      `mosquitto:migrate-dynsec: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(1);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
