import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { AppConfig } from '#config';
import { readBootFile, writeFileAtomic } from '../runtime/atomic-file.js';

export const JWT_SECRET_FILE = 'jwt-secret';

/**
 * JWT_SECRET, or the one generated on the first start and kept in DATA_DIR (owner-only, written
 * atomically). A file that exists but is empty or unreadable (a power cut on an older version, a
 * full disk) stops the start with a BootFileError: a new secret would silently log everybody out
 * and hide the damage.
 */
export function loadJwtSecret(config: AppConfig): string {
  if (config.jwtSecret) return config.jwtSecret;
  const file = path.join(config.dataDir, JWT_SECRET_FILE);
  const stored = readBootFile(file)?.trim();
  if (stored !== undefined) return stored;
  const secret = randomBytes(48).toString('base64url');
  mkdirSync(config.dataDir, { recursive: true });
  writeFileAtomic(file, `${secret}\n`);
  return secret;
}
