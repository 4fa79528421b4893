/**
 * `npm run devices:export -- FILE [SITE]`: rotates the password of every enabled device of the site
 * and writes them as DeviceCredentials[] (the simulator-devices.json format) to FILE, owner-only,
 * for a simulator or gateway on a real broker. A Mosquitto with the dynamic security plugin (the
 * api's admin account for it is found as the api finds it) takes the new passwords in the same
 * step, before the registry commits; a password-file Mosquitto needs `npm run mosquitto:auth` and a
 * reload. A running api picks the new hashes up within its registry refresh (15 s).
 */
import path from 'node:path';
import pg from 'pg';
import { loadAppConfig } from '#config';
import type { DeviceCredentials, DeviceKind } from '#contracts';
import { loadDynsecAdmin } from '../apps/api/src/devices/broker-accounts.js';
import { writeCredentialsFile } from '../apps/api/src/devices/devices.seed.js';
import { DynsecControl } from '../apps/api/src/devices/dynsec/dynsec-control.js';
import { generateDevicePassword, hashMosquittoPassword } from '../apps/api/src/devices/mosquitto-password.js';

async function main(): Promise<void> {
  const config = loadAppConfig();
  const file = process.argv[2];
  if (config.databaseUrl === undefined || file === undefined) {
    process.stderr.write('usage: DATABASE_URL=... npm run devices:export -- FILE [SITE]\n');
    process.exit(1);
  }
  const site = process.argv[3] ?? config.siteCode;
  const out = await rotateAllDevices(config, config.databaseUrl, site);
  await writeCredentialsFile(path.resolve(file), out);
  process.stdout.write(
    `Rotated and wrote ${out.length} device credentials of site ${site} to ${file} (mode 600)\n`,
  );
}

/** New passwords for every enabled device of the site, in the registry (and the broker's plugin). */
export async function rotateAllDevices(
  config: ReturnType<typeof loadAppConfig>,
  databaseUrl: string,
  site: string,
): Promise<DeviceCredentials[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const out: DeviceCredentials[] = [];
  try {
    await client.query('BEGIN');
    const { rows } = await client.query<{
      id: string;
      site: string;
      zone: string;
      device: string;
      kind: DeviceKind;
      username: string;
      intervalS: number;
    }>(
      `SELECT id, site, zone_code AS zone, device, kind, username, interval_s AS "intervalS"
         FROM devices WHERE site = $1 AND enabled ORDER BY zone_code, device FOR UPDATE`,
      [site],
    );
    for (const row of rows) {
      const password = generateDevicePassword();
      await client.query('UPDATE devices SET password_hash = $2, updated_at = now() WHERE id = $1', [
        row.id,
        hashMosquittoPassword(password),
      ]);
      await client.query(
        `INSERT INTO audit_log (at, actor_kind, actor_name, action, entity_type, entity_id, details)
         VALUES (now(), 'system', 'devices:export', 'device.credentials-rotated', 'device', $1, '{}')`,
        [row.id],
      );
      const { id: _id, ...rest } = row;
      out.push({ ...rest, password });
    }
    // The broker first: a failure there rolls the registry back, so both keep the old passwords.
    await setBrokerPasswords(config, out);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    await client.end();
  }
  return out;
}

/** With the dynamic security plugin, the new passwords go to the broker in one message. */
async function setBrokerPasswords(
  config: ReturnType<typeof loadAppConfig>,
  devices: readonly DeviceCredentials[],
): Promise<void> {
  const admin = loadDynsecAdmin(config);
  if (config.mqtt.url === undefined || admin === undefined || devices.length === 0) return;
  const control = new DynsecControl({ url: config.mqtt.url, ...admin });
  try {
    await control.ready();
    await control.runOrThrow(
      devices.map((device) => ({
        command: 'setClientPassword',
        username: device.username,
        password: device.password,
      })),
    );
  } finally {
    await control.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
