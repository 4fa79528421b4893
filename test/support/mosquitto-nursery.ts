import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startMosquitto, useTestDatabase, type RunningMosquitto, type TestDatabase } from '#testing';
import { migrateDatabase } from '../../apps/api/src/database/data-source.js';
import { hashMosquittoPassword } from '../../apps/api/src/devices/mosquitto-password.js';
import { writeMosquittoAuth } from '../../tools/mosquitto-auth.js';

/** The api's own account on the test Mosquitto. */
export const MOSQUITTO_API = { username: 'yumiao-api', password: 'api-secret-password' } as const;

export interface NurseryDevice {
  readonly device: string;
  readonly username: string;
  readonly password: string;
}

export interface MosquittoNursery {
  readonly database: TestDatabase;
  /** A connection to the database for counting what the api stored. */
  readonly sql: pg.Client;
  readonly mosquitto: RunningMosquitto;
  /** DATA_DIR for the api under test; it also holds the broker's password and ACL files. */
  readonly dataDir: string;
  close(): Promise<void>;
}

/**
 * A migrated database with zone gh1 and the given env devices, and a Mosquitto started from the
 * shipped config with those devices and the api's account in its password and ACL files (as
 * `npm run mosquitto:auth` writes them): what the api meets in external mode.
 */
export async function startMosquittoNursery(devices: readonly NurseryDevice[]): Promise<MosquittoNursery> {
  const database = await useTestDatabase({ migrate: migrateDatabase });
  const sql = new pg.Client({ connectionString: database.url });
  await sql.connect();
  const zone = (
    await sql.query<{ id: string }>(
      `INSERT INTO zones (site, code, kind, name) VALUES ('xnz', 'gh1', 'greenhouse', 'gh1') RETURNING id`,
    )
  ).rows[0];
  for (const device of devices) {
    await sql.query(
      `INSERT INTO devices (site, zone_id, zone_code, device, kind, interval_s, username, password_hash)
       VALUES ('xnz', $1, 'gh1', $2, 'env', 10, $3, $4)`,
      [zone.id, device.device, device.username, hashMosquittoPassword(device.password)],
    );
  }
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'yumiao-mosquitto-nursery-'));
  const files = await writeMosquittoAuth(database.url, dataDir, {
    username: MOSQUITTO_API.username,
    passwordHash: hashMosquittoPassword(MOSQUITTO_API.password),
  });
  const mosquitto = await startMosquitto({
    withAuth: { passwordFile: files.passwordFile, aclFile: files.aclFile },
  });
  return {
    database,
    sql,
    mosquitto,
    dataDir,
    async close() {
      await mosquitto.stop();
      await sql.end();
      await database.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
