/**
 * `npm run mosquitto:auth [-- FOLDER]`: writes Mosquitto's `passwd` and `acl` files from the device
 * registry (default folder deploy/mosquitto, which docker-compose mounts). Reads DATABASE_URL and
 * the api's broker account (MQTT_USERNAME / MQTT_PASSWORD, or the one kept in DATA_DIR).
 * Passwords are copied as their `$7$` hashes: no plaintext is written.
 */
import { chown, mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { loadAppConfig } from '#config';
import { mosquittoAclFile, mosquittoPasswordFile } from '../apps/api/src/devices/broker-acl.js';
import { loadApiBrokerAccount } from '../apps/api/src/devices/broker-accounts.js';
import type { DirectoryEntry } from '../apps/api/src/devices/device-directory.js';

export async function writeMosquittoAuth(
  databaseUrl: string,
  folder: string,
  api: { username: string; passwordHash: string },
) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  let devices: DirectoryEntry[];
  try {
    const result = await client.query<DirectoryEntry>(
      `SELECT id, site, zone_code AS zone, device, kind, enabled, username, password_hash AS "passwordHash",
              interval_s AS "intervalS"
         FROM devices ORDER BY site, zone_code, device`,
    );
    devices = result.rows;
  } finally {
    await client.end();
  }
  await mkdir(folder, { recursive: true });
  const passwordFile = path.join(folder, 'passwd');
  const aclFile = path.join(folder, 'acl');
  const enabled = devices.filter((d) => d.enabled);
  await writeFile(passwordFile, mosquittoPasswordFile([api, ...enabled]), { mode: 0o640 });
  await writeFile(aclFile, mosquittoAclFile(api.username, enabled), { mode: 0o644 });
  // Mosquitto started as root reads its files as the `mosquitto` user (docs/stack-notes.md).
  try {
    const info = os.userInfo();
    if (info.uid === 0) {
      const { execFileSync } = await import('node:child_process');
      const gid = Number(execFileSync('id', ['-g', 'mosquitto']).toString().trim());
      await chown(passwordFile, 0, gid);
    }
  } catch {
    // no mosquitto user on this machine: the file stays root's
  }
  return { passwordFile, aclFile, devices: enabled.length };
}

async function main(): Promise<void> {
  const config = loadAppConfig();
  if (config.databaseUrl === undefined) {
    process.stderr.write('mosquitto:auth needs DATABASE_URL (the registry lives in PostgreSQL)\n');
    process.exit(1);
  }
  const folder = path.resolve(process.argv[2] ?? 'deploy/mosquitto');
  const api = await loadApiBrokerAccount(config);
  const written = await writeMosquittoAuth(config.databaseUrl, folder, api);
  process.stdout.write(
    `Wrote ${written.passwordFile} (${written.devices} devices + ${api.username}) and ${written.aclFile}\n` +
      'Reload Mosquitto to apply: kill -HUP <pid> (or docker compose restart mosquitto)\n',
  );
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
