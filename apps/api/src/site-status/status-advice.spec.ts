import { describe, expect, it } from '@jest/globals';
import { adviseOnStatus, BACKUP_OLD_AFTER_MS, type StatusFacts } from './status-advice.js';

const NOW = Date.parse('2027-01-15T02:00:00Z');
const HOUR = 3_600_000;
const healthy: StatusFacts = {
  now: NOW,
  database: 'ok',
  backupKnown: true,
  lastBackupAt: NOW - 20 * HOUR,
  backupFailure: null,
  restoreCheck: 'ok',
  diskLow: null,
  lastUncleanStopAt: null,
};

describe('adviseOnStatus', () => {
  it.each<[string, Partial<StatusFacts>, string, string[]]>([
    ['all well', {}, 'ok', []],
    ['database gave up', { database: 'unrecoverable' }, 'critical', ['databaseUnrecoverable']],
    ['database restarting', { database: 'restarting' }, 'warning', ['databaseRecovering']],
    ['database unreachable', { database: 'unreachable' }, 'warning', ['databaseRecovering']],
    ['stick unplugged', { backupFailure: { usbMissing: true } }, 'warning', ['plugInUsbStick']],
    ['backup failing', { backupFailure: { usbMissing: false } }, 'warning', ['backupFailing']],
    ['disk low', { diskLow: { critical: false } }, 'warning', ['diskLow']],
    ['disk critical', { diskLow: { critical: true } }, 'critical', ['diskCritical']],
    ['restore check failed', { restoreCheck: 'failed' }, 'warning', ['restoreCheckFailed']],
    ['restore check skipped (no room)', { restoreCheck: 'skipped' }, 'ok', []],
    ['never backed up', { lastBackupAt: null }, 'warning', ['noBackupYet']],
    [
      'backups unknown while the database is down',
      { database: 'restarting', backupKnown: false, lastBackupAt: null },
      'warning',
      ['databaseRecovering'],
    ],
    // A failure says more than "none yet" or "old".
    [
      'never backed up, failing',
      { lastBackupAt: null, backupFailure: { usbMissing: false } },
      'warning',
      ['backupFailing'],
    ],
    ['two nights missed', { lastBackupAt: NOW - BACKUP_OLD_AFTER_MS - 1 }, 'warning', ['backupOld']],
    ['one night missed', { lastBackupAt: NOW - BACKUP_OLD_AFTER_MS }, 'ok', []],
    ['power cut yesterday', { lastUncleanStopAt: NOW - 24 * HOUR }, 'warning', ['uncleanStop']],
    ['power cut last month', { lastUncleanStopAt: NOW - 30 * 24 * HOUR }, 'ok', []],
    [
      'most urgent first',
      { lastUncleanStopAt: NOW - HOUR, diskLow: { critical: true }, database: 'restarting' },
      'critical',
      ['diskCritical', 'databaseRecovering', 'uncleanStop'],
    ],
  ])('%s', (_name, change, overall, advice) => {
    expect(adviseOnStatus({ ...healthy, ...change })).toEqual({ overall, advice });
  });
});
