import { localParts } from '../scheduling/nursery-time.js';
import type { BackupKind } from './backup-manifest.js';

export interface StoredBackup {
  /** The first volume, `NAME.tar`. */
  readonly archive: string;
  readonly kind: BackupKind;
  /** Epoch ms of the snapshot. */
  readonly createdAt: number;
  readonly bytes: number;
}

export const NIGHTLY_KEPT = 7;
export const MONTHLY_KEPT = 6;

/**
 * Nightly backups kept: the newest 7, and for each of the newest 6 months (nursery calendar) the
 * first nightly of that month. The rest go. Manual and pre-migration backups are a person's or an
 * upgrade's: retention leaves them (the disk watch may shed them when space runs out).
 */
export function backupsToDelete(backups: readonly StoredBackup[], timeZone: string): StoredBackup[] {
  const nightly = backups
    .filter((backup) => backup.kind === 'nightly')
    .sort((a, b) => b.createdAt - a.createdAt);
  const keep = new Set(nightly.slice(0, NIGHTLY_KEPT).map((backup) => backup.archive));
  const firstOfMonth = new Map<string, StoredBackup>();
  for (const backup of nightly) {
    const parts = localParts(backup.createdAt, timeZone);
    const month = `${parts.year}-${String(parts.month).padStart(2, '0')}`;
    // Newest first: the last one seen for a month is its first.
    firstOfMonth.set(month, backup);
  }
  const months = [...firstOfMonth.keys()].sort().reverse().slice(0, MONTHLY_KEPT);
  for (const month of months) keep.add(firstOfMonth.get(month)!.archive);
  return nightly.filter((backup) => !keep.has(backup.archive));
}

/** Which backups the disk watch may shed: every one but the newest `kept`, oldest first. */
export function sheddableBackups(backups: readonly StoredBackup[], kept = 2): StoredBackup[] {
  return [...backups]
    .sort((a, b) => b.createdAt - a.createdAt)
    .slice(kept)
    .reverse();
}
