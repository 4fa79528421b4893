import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { loadAppConfig } from '#config';
import { loadApiBrokerAccount, API_ACCOUNT_FILE } from '../devices/broker-accounts.js';
import { BootFileError } from '../runtime/atomic-file.js';
import { JWT_SECRET_FILE, loadJwtSecret } from './jwt-secret-file.js';

// Files the api needs to boot: made once, written atomically, and never silently made again.
describe('boot files: the JWT secret and the api broker account', () => {
  let dataDir: string;
  const config = () =>
    loadAppConfig({
      DATA_DIR: dataDir,
      DATABASE_URL: 'postgres://x@127.0.0.1/x',
      MQTT_URL: 'mqtt://127.0.0.1',
    });
  beforeEach(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'yumiao-boot-files-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('makes the secret once, owner-only, and reads the same one at every later start', () => {
    const first = loadJwtSecret(config());
    expect(first.length).toBeGreaterThanOrEqual(64);
    const file = path.join(dataDir, JWT_SECRET_FILE);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(loadJwtSecret(config())).toBe(first);
    expect(readFileSync(file, 'utf8')).toBe(`${first}\n`);
  });

  it.each([
    ['empty', ''],
    ['blank', ' \n'],
  ])('stops the start on an %s secret file instead of making a new one', (_kind, content) => {
    const file = path.join(dataDir, JWT_SECRET_FILE);
    writeFileSync(file, content);
    expect(() => loadJwtSecret(config())).toThrow(BootFileError);
    expect(readFileSync(file, 'utf8')).toBe(content);
  });

  it('makes the broker account once and stops on a damaged one instead of making a new one', async () => {
    const first = await loadApiBrokerAccount(config());
    expect((await loadApiBrokerAccount(config())).password).toBe(first.password);
    const file = path.join(dataDir, API_ACCOUNT_FILE);
    for (const damaged of ['', '{"username":"yumiao-api"', '{"username":"yumiao-api","password":""}']) {
      writeFileSync(file, damaged);
      await expect(loadApiBrokerAccount(config())).rejects.toThrow(BootFileError);
      expect(readFileSync(file, 'utf8')).toBe(damaged);
    }
  });
});
