/**
 * `npm run devices:export -- FILE [SITE]`: rotates the password of every enabled device of the site
 * and writes them as DeviceCredentials[] (the simulator-devices.json format) to FILE, owner-only,
 * for a simulator or gateway on a real broker. Then run `npm run mosquitto:auth` so Mosquitto
 * learns the new hashes; a running api picks them up within its registry refresh (15 s).
 */
import path from 'node:path';
import pg from 'pg';
import { loadAppConfig } from '#config';
import type { DeviceCredentials, DeviceKind } from '#contracts';
import { writeCredentialsFile } from '../apps/api/src/devices/devices.seed.js';
import { generateDevicePassword, hashMosquittoPassword } from '../apps/api/src/devices/mosquitto-password.js';

async function main(): Promise<void> {
  const config = loadAppConfig();
  const file = process.argv[2];
  if (config.databaseUrl === undefined || file === undefined) {
    process.stderr.write('usage: DATABASE_URL=... npm run devices:export -- FILE [SITE]\n');
    process.exit(1);
  }
  const site = process.argv[3] ?? config.siteCode;
  const client = new pg.Client({ connectionString: config.databaseUrl });
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
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    await client.end();
  }
  await writeCredentialsFile(path.resolve(file), out);
  process.stdout.write(
    `Rotated and wrote ${out.length} device credentials of site ${site} to ${file} (mode 600)\n`,
  );
}

await main();
