/**
 * The ingest benchmark's fleet: 1,000 env devices in 10 zones, 5 values a message, and a scratch
 * database per pipeline with that fleet registered (password "x": the embedded broker checks it).
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { migrateDatabase } from '../../apps/api/src/database/data-source.js';
import { hashMosquittoPassword } from '../../apps/api/src/devices/mosquitto-password.js';

export const BENCH_DEVICES = 1000;
export const BENCH_METRICS = ['air_temp_c', 'air_rh_pct', 'co2_ppm', 'light_lux', 'battery_v'];

export async function scratchDatabase(server: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `bench_ingest_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = Object.assign(new URL(server), { pathname: `/${name}` }).toString();
  await migrateDatabase(url);
  const sql = new pg.Client({ connectionString: url });
  await sql.connect();
  for (let z = 0; z < 10; z++) {
    const zone = (
      await sql.query<{ id: string }>(
        `INSERT INTO zones (site, code, kind, name) VALUES ('xnz', $1, 'greenhouse', $1) RETURNING id`,
        [`z${z}`],
      )
    ).rows[0];
    const hash = hashMosquittoPassword('x');
    await sql.query(
      `INSERT INTO devices (site, zone_id, zone_code, device, kind, interval_s, username, password_hash)
       SELECT 'xnz', $1, $2::text, 'd' || i, 'env', 1, 'xnz-' || $2::text || '-d' || i, $3
         FROM generate_series($4::int, 999, 10) AS i`,
      [zone.id, `z${z}`, hash, z],
    );
  }
  await sql.end();
  return {
    url,
    async drop() {
      const again = new pg.Client({ connectionString: server });
      await again.connect();
      await again.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await again.end();
    },
  };
}

export async function countRows(url: string): Promise<number> {
  const sql = new pg.Client({ connectionString: url });
  await sql.connect();
  try {
    return Number((await sql.query<{ n: string }>('SELECT count(*) AS n FROM readings')).rows[0]?.n ?? 0);
  } finally {
    await sql.end();
  }
}
