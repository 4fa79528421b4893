import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { AppConfig } from '#config';
import { BootFileError, readBootFile, writeFileAtomic } from '../runtime/atomic-file.js';
import { generateDevicePassword, hashMosquittoPassword } from './mosquitto-password.js';

export const API_ACCOUNT_FILE = 'mqtt-api-account.json';
export const DEFAULT_API_USERNAME = 'yumiao-api';

export interface ApiBrokerAccount {
  readonly username: string;
  readonly password: string;
  readonly passwordHash: string;
}

/**
 * The api's own broker account: MQTT_USERNAME / MQTT_PASSWORD when set (a real broker), else one
 * generated once and kept in DATA_DIR (owner-only), so `npm run mosquitto:auth` can write its hash
 * and the embedded broker can accept it.
 */
export async function loadApiBrokerAccount(config: AppConfig): Promise<ApiBrokerAccount> {
  if (config.mqtt.username !== undefined && config.mqtt.password !== undefined) {
    return {
      username: config.mqtt.username,
      password: config.mqtt.password,
      passwordHash: hashMosquittoPassword(config.mqtt.password),
    };
  }
  const file = path.join(config.dataDir, API_ACCOUNT_FILE);
  // A damaged file stops the start (BootFileError): a new password would lock the api out of an
  // external Mosquitto that still holds the old one's hash.
  const text = readBootFile(file);
  if (text !== undefined) {
    const stored = parseAccount(text);
    if (stored === undefined)
      throw new BootFileError(file, 'is not a broker account (JSON with username and password)');
    return { ...stored, passwordHash: hashMosquittoPassword(stored.password) };
  }
  const account = { username: DEFAULT_API_USERNAME, password: generateDevicePassword() };
  mkdirSync(config.dataDir, { recursive: true });
  writeFileAtomic(file, `${JSON.stringify(account, null, 2)}\n`);
  return { ...account, passwordHash: hashMosquittoPassword(account.password) };
}

function parseAccount(text: string): { username: string; password: string } | undefined {
  try {
    const value = JSON.parse(text) as { username?: unknown; password?: unknown };
    return typeof value.username === 'string' && typeof value.password === 'string' && value.password !== ''
      ? { username: value.username, password: value.password }
      : undefined;
  } catch {
    return undefined;
  }
}

export const DYNSEC_ADMIN_FILE = 'mqtt-dynsec-admin.json';
export const DEFAULT_DYNSEC_ADMIN_USERNAME = 'yumiao-dynsec-admin';

/**
 * The dynamic security plugin's admin account, with which the api changes an external Mosquitto's
 * device accounts live: MQTT_DYNSEC_USERNAME / MQTT_DYNSEC_PASSWORD when set (docker-compose's
 * .env), else the one `npm run mosquitto:migrate-dynsec` kept in DATA_DIR. Undefined when there
 * is neither: the broker then reads a password file (`npm run mosquitto:auth`).
 */
export function loadDynsecAdmin(config: AppConfig): { username: string; password: string } | undefined {
  if (config.mqtt.dynsecPassword !== undefined) {
    return {
      username: config.mqtt.dynsecUsername ?? DEFAULT_DYNSEC_ADMIN_USERNAME,
      password: config.mqtt.dynsecPassword,
    };
  }
  const file = path.join(config.dataDir, DYNSEC_ADMIN_FILE);
  const text = readBootFile(file);
  if (text === undefined) return undefined;
  const stored = parseAccount(text);
  if (stored === undefined)
    throw new BootFileError(file, 'is not a broker account (JSON with username and password)');
  return stored;
}

/** loadDynsecAdmin, creating the account in DATA_DIR at set-up when there is none. */
export function loadOrCreateDynsecAdmin(config: AppConfig): {
  account: { username: string; password: string };
  created: boolean;
} {
  const existing = loadDynsecAdmin(config);
  if (existing !== undefined) return { account: existing, created: false };
  const account = { username: DEFAULT_DYNSEC_ADMIN_USERNAME, password: generateDevicePassword() };
  mkdirSync(config.dataDir, { recursive: true });
  writeFileAtomic(path.join(config.dataDir, DYNSEC_ADMIN_FILE), `${JSON.stringify(account, null, 2)}\n`);
  return { account, created: true };
}
