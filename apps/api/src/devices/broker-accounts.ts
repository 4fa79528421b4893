import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { AppConfig } from '#config';
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
  try {
    const stored = JSON.parse(await readFile(file, 'utf8')) as { username: string; password: string };
    return { ...stored, passwordHash: hashMosquittoPassword(stored.password) };
  } catch {
    const account = { username: DEFAULT_API_USERNAME, password: generateDevicePassword() };
    await mkdir(config.dataDir, { recursive: true });
    await writeFile(file, `${JSON.stringify(account, null, 2)}\n`, { mode: 0o600 });
    return { ...account, passwordHash: hashMosquittoPassword(account.password) };
  }
}
