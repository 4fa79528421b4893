import type { DatabaseState, SiteStatusResponse, StatusAdvice } from '#contracts';

/** A nightly backup missed twice in a row is worth the manager's attention. */
export const BACKUP_OLD_AFTER_MS = 48 * 3_600_000;
/** An unclean stop stays on the card for a week: long enough for the manager to see it once. */
export const UNCLEAN_STOP_SHOWN_MS = 7 * 86_400_000;

/** What the card is judged from, every time as plain values (ms since the epoch). */
export interface StatusFacts {
  readonly now: number;
  readonly database: DatabaseState;
  /** False when the backup records could not be read (the database is down): no backup advice. */
  readonly backupKnown: boolean;
  readonly lastBackupAt: number | null;
  /** The newest backup failure after the last good backup. */
  readonly backupFailure: { readonly usbMissing: boolean } | null;
  readonly restoreCheck: 'ok' | 'failed' | 'skipped' | null;
  /** The disk watch's open disk-low event. */
  readonly diskLow: { readonly critical: boolean } | null;
  readonly lastUncleanStopAt: number | null;
}

type Level = SiteStatusResponse['overall'];

/** Most urgent first: the order the card lists them in. */
const LEVELS: readonly (readonly [StatusAdvice, Exclude<Level, 'ok'>])[] = [
  ['databaseUnrecoverable', 'critical'],
  ['diskCritical', 'critical'],
  ['databaseRecovering', 'warning'],
  ['plugInUsbStick', 'warning'],
  ['backupFailing', 'warning'],
  ['diskLow', 'warning'],
  ['restoreCheckFailed', 'warning'],
  ['noBackupYet', 'warning'],
  ['backupOld', 'warning'],
  ['uncleanStop', 'warning'],
];

/**
 * What the manager should do, most urgent first, and how bad it is overall. Pure: the service
 * gathers the facts, this decides (table test beside it).
 */
export function adviseOnStatus(facts: StatusFacts): { overall: Level; advice: StatusAdvice[] } {
  const applies: Record<StatusAdvice, boolean> = {
    databaseUnrecoverable: facts.database === 'unrecoverable',
    databaseRecovering: facts.database === 'restarting' || facts.database === 'unreachable',
    plugInUsbStick: facts.backupFailure?.usbMissing === true,
    backupFailing: facts.backupFailure !== null && !facts.backupFailure.usbMissing,
    diskCritical: facts.diskLow?.critical === true,
    diskLow: facts.diskLow !== null && !facts.diskLow.critical,
    restoreCheckFailed: facts.restoreCheck === 'failed',
    noBackupYet: facts.backupKnown && facts.lastBackupAt === null && facts.backupFailure === null,
    // A failing backup already says so; "old" is for backups that silently stopped happening.
    backupOld:
      facts.lastBackupAt !== null &&
      facts.backupFailure === null &&
      facts.now - facts.lastBackupAt > BACKUP_OLD_AFTER_MS,
    uncleanStop:
      facts.lastUncleanStopAt !== null && facts.now - facts.lastUncleanStopAt <= UNCLEAN_STOP_SHOWN_MS,
  };
  const advice = LEVELS.filter(([code]) => applies[code]);
  const overall: Level = advice.some(([, level]) => level === 'critical')
    ? 'critical'
    : advice.length > 0
      ? 'warning'
      : 'ok';
  return { overall, advice: advice.map(([code]) => code) };
}
