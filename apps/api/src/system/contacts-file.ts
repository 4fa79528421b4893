import path from 'node:path';
import { readFileSync } from 'node:fs';
import { writeFileAtomic } from '../runtime/atomic-file.js';

export const CONTACTS_FILE_NAME = 'contacts.json';

/** Who to tell about a fault of the system, as the duty roster says; kept in DATA_DIR. */
export interface FaultContact {
  readonly name: string;
  readonly phone: string | null;
  readonly webhookUrl: string | null;
  readonly webhookFormat: 'json' | 'wecom' | 'dingtalk';
  /** A DingTalk robot's signing secret (加签), when it has one. */
  readonly webhookSecret?: string | null;
}

/**
 * The duty roster's robots and phones, copied to DATA_DIR/contacts.json on every roster change:
 * the database-free fault channel reads them from here, because the fault it reports may be that
 * the database is gone. Written atomically (a power cut leaves the old list or the new one).
 */
export class ContactsFile {
  readonly file: string;

  constructor(dataDir: string) {
    this.file = path.join(dataDir, CONTACTS_FILE_NAME);
  }

  write(contacts: readonly FaultContact[]): void {
    writeFileAtomic(this.file, `${JSON.stringify(contacts, null, 2)}\n`);
  }

  /** The contacts, or [] when the file is missing or damaged (the caller logs that it told nobody). */
  read(): FaultContact[] {
    try {
      const parsed = JSON.parse(readFileSync(this.file, 'utf8')) as unknown;
      return Array.isArray(parsed) ? parsed.filter(isContact) : [];
    } catch {
      return [];
    }
  }
}

function isContact(value: unknown): value is FaultContact {
  if (typeof value !== 'object' || value === null) return false;
  const c = value as Record<string, unknown>;
  return (
    typeof c['name'] === 'string' &&
    (c['webhookUrl'] === null || typeof c['webhookUrl'] === 'string') &&
    (c['webhookFormat'] === 'json' || c['webhookFormat'] === 'wecom' || c['webhookFormat'] === 'dingtalk')
  );
}
